# Tandem's two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test fuzz install install-test lock lint bench bench-load clean

# Installs come from the hashed lock files in requirements/ (make lock writes them), so a
# fresh clone gets exactly the versions of the last green run. uv installs them (itself
# installed by pip from its own hashed lock): about 6 s of CPU for the test lock against
# pip's 48, and no byte-code compiled that the tests would not use (scripts/test.sh keeps
# theirs apart). It reads PyPI, or the mirror in UV_DEFAULT_INDEX (docs/deploy.md).
UV = $(BIN)/uv
LOCK_INSTALL = $(UV) pip install --quiet --python $(BIN)/python --require-hashes --no-deps -r
SELF_INSTALL = $(UV) pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e .

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(UV): requirements/installer.lock | $(BIN)/python
	$(BIN)/pip install --quiet --no-compile --require-hashes --no-deps -r requirements/installer.lock
	touch $@

$(VENV)/.installed: pyproject.toml requirements/app.lock | $(UV)
	$(LOCK_INSTALL) requirements/app.lock
	$(SELF_INSTALL)
	touch $@

$(VENV)/.installed-test: pyproject.toml requirements/test.lock $(VENV)/.installed
	$(LOCK_INSTALL) requirements/test.lock
	touch $@

## Regenerate the hashed lock files from pyproject.toml's ranges (then run make test)
lock: | $(UV)
	$(UV) pip compile --quiet --generate-hashes --python-version 3.11 --upgrade \
	  requirements/installer.in -o requirements/installer.lock
	$(UV) pip compile --quiet --generate-hashes --python-version 3.11 --upgrade \
	  pyproject.toml requirements/build.in -o requirements/app.lock
	$(UV) pip compile --quiet --generate-hashes --python-version 3.11 --upgrade \
	  --extra test pyproject.toml requirements/build.in -o requirements/test.lock
	$(UV) pip compile --quiet --generate-hashes --python-version 3.11 --upgrade \
	  --extra test --extra bench pyproject.toml requirements/build.in -o requirements/bench.lock

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

## schemathesis against the whole API alone, 100 examples per operation (about 2.5 minutes; make test runs it too)
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
	$(LOCK_INSTALL) requirements/bench.lock
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache
