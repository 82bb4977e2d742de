# The README's two commands: `make run` (install, then the baseline scenario) and
# `make test` (install, then the whole test suite). Both build .venv with Python 3.12.

VENV := .venv
PY := $(VENV)/bin/python
# pyenv reads .python-version (3.12); a plain python3.12 on PATH works too.
PYTHON312 ?= python3.12

.PHONY: install install-test run test clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON312) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/sim scenario=baseline

test: install
	$(PY) -m pytest -n 2 -q

clean:
	rm -rf $(VENV) build *.egg-info
