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

echo "== ruff"
$BIN/ruff check tandem tests bench conftest.py

echo "== bandit (fails on any medium or high finding; justified ones carry # nosec BXXX: why)"
$BIN/bandit -q -r tandem -x '*/tests/*' --severity-level medium

echo "== import contracts (pyproject.toml [tool.importlinter]: the apps' layers)"
$BIN/lint-imports

echo "== mypy (tandem/core and tandem/matching, pyproject.toml [tool.mypy])"
$BIN/mypy

# The API fuzzing (tests/test_api_fuzz.py, about 4 minutes of the SQLite pass on two
# cores) runs here; TANDEM_FUZZ=0 leaves it out of a quick local run (never in CI).
SQLITE_MARKS="not postgres"
if [ "${TANDEM_FUZZ:-1}" = 0 ] && [ "$CI" != true ]; then SQLITE_MARKS="not postgres and not fuzz"; fi

echo "== suite on SQLite"
env -u DATABASE_URL $BIN/pytest -q -p no:cacheprovider -n "$WORKERS" -m "$SQLITE_MARKS" "$@"

pg_up() { $BIN/python - "$PG_URL" <<'PY'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://"), connect_timeout=3).close()
except Exception as exc:
    print(exc, file=sys.stderr); sys.exit(1)
PY
}

if pg_up; then
  echo "== suite on PostgreSQL ($PG_URL)"
  # The API fuzzing runs once, on SQLite: it tests the API, not the database.
  DATABASE_URL=$PG_URL $BIN/pytest -q -p no:cacheprovider -n "$WORKERS" -m "not browser and not fuzz and not sqlite" "$@"
elif [ "$CI" = true ]; then
  echo "CI=true and PostgreSQL at $PG_URL is not reachable." >&2
  exit 1
else
  echo "== PostgreSQL at $PG_URL is not reachable: the PostgreSQL run was left out (CI runs it)."
fi
