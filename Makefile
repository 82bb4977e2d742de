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
	$(PY) -m pip install --quiet -e ".[test,app,notebooks]"
	touch $@

install: $(VENV)/.installed

# The tests also run sweeps on Ray and on submitit (tests/test_cluster.py): the ray and slurm
# extras, in the same .venv (with them joblib is 1.5 and cloudpickle 2.2, and the suite passes).
$(VENV)/.installed-cluster: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[test,app,notebooks,ray,slurm]"
	touch $@

install-test: $(VENV)/.installed-cluster

run: install
	$(VENV)/bin/sim scenario=baseline

# Debian's Chromium for the browser tests (tests/browser.py), installed only where it is missing.
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium

test: install-test $(CHROMIUM)
	$(PY) -m pytest -n 2 -q

clean:
	rm -rf $(VENV) build *.egg-info
