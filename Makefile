# Tandem's two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test fuzz install install-test lint bench bench-load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## Set up, migrate, load demo data into an empty database, serve app + worker on :$(PORT)
run: install
	$(BIN)/tandem migrate --noinput
	$(BIN)/tandem demo --if-empty
	$(BIN)/tandem serve --port $(PORT)

## Install test dependencies and run the whole suite (SQLite, then PostgreSQL)
test: install-test
	bash scripts/test.sh

## schemathesis against the whole API alone, 100 examples per operation (about 4 minutes; make test runs it too)
fuzz: install-test
	env -u DATABASE_URL $(BIN)/pytest -q -p no:cacheprovider -n 2 -m fuzz tests/test_api_fuzz.py

lint: install-test
	$(BIN)/ruff check tandem tests bench

bench: install
	$(BIN)/python bench/directory_search.py
	$(BIN)/python bench/suggestions.py
	$(BIN)/python bench/matching.py
	$(BIN)/python bench/demo_scale.py

## The locust load scenario against gunicorn on a --scale 10000 dataset (about 3 minutes)
bench-load: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache
