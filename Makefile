# The README's two commands: `make run` (install, then the baseline scenario) and
# `make test` (install, then the whole test suite). Both build .venv with Python 3.12.

VENV := .venv
PY := $(VENV)/bin/python
# pyenv reads .python-version (3.12); a plain python3.12 on PATH works too.
PYTHON312 ?= python3.12

.PHONY: install install-test run test clean

EXTRAS := test,app,notebooks
# The tests also run sweeps on Ray and on submitit (tests/test_cluster.py): the ray and slurm
# extras, in the same .venv (with them joblib is 1.5 and cloudpickle 2.2; the suite passes),
# installed in the same pip call as the rest (one resolution, not two).
TEST_EXTRAS := $(EXTRAS),ray,slurm

$(VENV)/.installed: pyproject.toml
	$(PYTHON312) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[$(EXTRAS)]"
	touch $@

install: $(VENV)/.installed

$(VENV)/.installed-test: pyproject.toml
	$(PYTHON312) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[$(TEST_EXTRAS)]"
	touch $(VENV)/.installed $@

install-test: $(VENV)/.installed-test

run: install
	$(VENV)/bin/sim scenario=baseline

# Debian's Chromium for the browser tests (tests/browser.py), installed only where it is missing.
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium

# The 20 longest tests close the report, to keep an eye on .ci/run's 20-minute budget.
test: install-test $(CHROMIUM)
	$(PY) -m pytest -n 2 -q --durations=20

clean:
	rm -rf $(VENV) build *.egg-info
