# Two commands: `make demo` runs the product, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test install lint check bench load audit run worker beat clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	bash scripts/demo.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run

test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

# Only the pure domain tests (test_*_domain.py, and tests/<app>/<name>/ for <app>/domain/<name>; see tests/conftest.py):
# no database, no Django, seconds.
.PHONY: test-fast
test-fast: install
	$(PY) -m pytest -m domain -p no:django -W ignore::pytest.PytestConfigWarning $(PYTEST_ARGS)

# Known vulnerabilities in the installed dependencies (PyPI advisory data).
audit: install
	$(PY) scripts/audit.py

bench: install
	$(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf var $(VENV)

# 50 simulated users for 2 minutes against gunicorn on loopback (PostgreSQL + Redis with the large dataset).
load: install
	$(PY) -m bench load --scale large
