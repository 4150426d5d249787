#!/usr/bin/env bash
# The whole suite: once on SQLite (with the browser journeys), once on PostgreSQL.
# Under CI=true a missing chromium or PostgreSQL fails the run instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
CI=${CI:-false}
PG_URL=${TANDEM_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
# Test processes (pytest-xdist); 0 runs everything in this one.
WORKERS=${TANDEM_TEST_WORKERS:-2}

if [ ! -x /usr/bin/chromium ]; then
  echo "== chromium is missing: installing Debian's package"
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
      >/tmp/tandem-apt.log 2>&1 || { echo "apt-get install chromium failed:"; tail -20 /tmp/tandem-apt.log; }
  fi
  if [ ! -x /usr/bin/chromium ] && [ "$CI" = true ]; then
    echo "CI=true and /usr/bin/chromium is not available: the browser journeys cannot run." >&2
    exit 1
  fi
fi

# Everything this run keeps lives in a folder of its own, removed at the end: the
# byte-code caches (with PYTHONDONTWRITEBYTECODE=1 in the environment, every test process
# would compile Tandem and rewrite the asserts of every test module again: about 13 s of
# CPU each) and the migrated test databases (TANDEM_TEST_DB_TEMPLATE, see conftest.py:
# migrated once, then copied by each test process of both passes).
RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/tandem-test.XXXXXX")
unset PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX="$RUN_DIR/pycache"
export TANDEM_TEST_DB_TEMPLATE="$RUN_DIR"
# Plugins installed alongside that no test uses (faker comes with factory_boy).
PYTEST=($BIN/pytest -q -p no:cacheprovider -p no:faker -p no:anyio -p no:locust)

pg_up() { $BIN/python - "$PG_URL" <<'PY'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://"), connect_timeout=3).close()
except Exception as exc:
    print(exc, file=sys.stderr); sys.exit(1)
PY
}

# A pass's migrated test database, made before the pass (conftest.py keeps it in
# $TANDEM_TEST_DB_TEMPLATE); $1: the DATABASE_URL, or nothing for SQLite.
prepare_database() {
  DATABASE_URL=$1 TANDEM_TESTING=true DJANGO_SETTINGS_MODULE=tandem.settings PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" \
    $BIN/python - "$(basename "$RUN_DIR")" <<'PY'
import os, re, sys
from pathlib import Path
if not os.environ["DATABASE_URL"]:
    del os.environ["DATABASE_URL"]
import django
django.setup()
import conftest
from django.db import connection
from django.test.utils import setup_databases, teardown_databases
conftest._migrate_once(Path(os.environ["TANDEM_TEST_DB_TEMPLATE"]))
if connection.vendor == "postgresql":
    # A test database of this run's own: another run's on the same server is left alone.
    connection.settings_dict["TEST"]["NAME"] = re.sub(r"\W", "_", f"test_{sys.argv[1]}".lower())
made = setup_databases(verbosity=0, interactive=False, serialized_aliases=[])
teardown_databases(made, verbosity=0)
PY
}

drop_templates() {  # the PostgreSQL template database of this run
  pg_up 2>/dev/null || return 0
  $BIN/python - "$PG_URL" "$(basename "$RUN_DIR")" <<'PY' || true
import re, sys, psycopg
prefix = re.sub(r"[^a-z0-9_]", "_", f"tandem_template_{sys.argv[2]}_".lower())
with psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://"), autocommit=True) as db:
    for (name,) in db.execute("SELECT datname FROM pg_database").fetchall():
        if name.startswith(prefix):
            db.execute(f'DROP DATABASE IF EXISTS "{name}"')
PY
}
trap 'drop_templates; rm -rf "$RUN_DIR"' EXIT

lint() {
  echo "== ruff"
  $BIN/ruff check tandem tests bench conftest.py

  echo "== bandit (fails on any medium or high finding; justified ones carry # nosec BXXX: why)"
  $BIN/bandit -q -r tandem -x '*/tests/*' --severity-level medium

  echo "== import contracts (pyproject.toml [tool.importlinter]: the apps' layers)"
  $BIN/lint-imports

  echo "== mypy (tandem/core and tandem/matching, pyproject.toml [tool.mypy])"
  $BIN/mypy
}

prepare() {
  # Collecting once fills the byte-code cache (Tandem, and the test modules' rewritten
  # asserts) for every test process after it. The two databases migrate meanwhile: each
  # of the three is a single process, and one after the other they left a CPU idle for
  # about 30 s.
  local status=0 pg=""
  env -u DATABASE_URL "${PYTEST[@]}" --collect-only >/dev/null &
  local collect=$!
  prepare_database "" &
  local sqlite=$!
  if pg_up 2>/dev/null; then prepare_database "$PG_URL" & pg=$!; fi
  wait $collect || status=$?
  wait $sqlite || status=$?
  if [ -n "$pg" ]; then wait "$pg" || status=$?; fi
  return $status
}

# The linters and the preparation share the two cores.
lint >"$RUN_DIR/lint.log" 2>&1 &
LINT=$!
prepare >"$RUN_DIR/prepare.log" 2>&1 &
PREPARE=$!
LINT_STATUS=0; wait $LINT || LINT_STATUS=$?
cat "$RUN_DIR/lint.log"
PREPARE_STATUS=0; wait $PREPARE || PREPARE_STATUS=$?
if [ "$LINT_STATUS" != 0 ]; then exit "$LINT_STATUS"; fi
if [ "$PREPARE_STATUS" != 0 ]; then
  # Not fatal: each test process then migrates its own database, as it did before.
  echo "== preparing the test databases failed (each test process migrates its own):"
  tail -20 "$RUN_DIR/prepare.log"
fi

# The API fuzzing (tests/test_api_fuzz.py, about 2.5 minutes of the SQLite pass on two
# cores) runs here; TANDEM_FUZZ=0 leaves it out of a quick local run (never in CI).
SQLITE_MARKS="not postgres"
if [ "${TANDEM_FUZZ:-1}" = 0 ] && [ "$CI" != true ]; then SQLITE_MARKS="not postgres and not fuzz"; fi

echo "== suite on SQLite"
# worksteal: a process that runs out of tests takes some of the other's, so one long
# test at the end of a process's share does not leave the other CPU idle.
env -u DATABASE_URL "${PYTEST[@]}" -n "$WORKERS" --dist worksteal -m "$SQLITE_MARKS" "$@"

if pg_up; then
  echo "== suite on PostgreSQL ($PG_URL)"
  # The API fuzzing runs once, on SQLite: it tests the API, not the database. The
  # browser journeys and the fuzzing are not even collected here (all deselected); nor
  # are the tests that can reach no database (conftest.py marks them no_database): they
  # would only repeat the SQLite pass.
  DATABASE_URL=$PG_URL "${PYTEST[@]}" -n "$WORKERS" --dist worksteal \
    -m "not browser and not fuzz and not sqlite and not no_database" \
    --ignore=tests/browser --ignore=tests/test_api_fuzz.py "$@"
elif [ "$CI" = true ]; then
  echo "CI=true and PostgreSQL at $PG_URL is not reachable." >&2
  exit 1
else
  echo "== PostgreSQL at $PG_URL is not reachable: the PostgreSQL run was left out (CI runs it)."
fi
