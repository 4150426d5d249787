"""Eight processes writing to one SQLite database at the same moment never see
"database is locked".

Each process is a separate Python interpreter with Tandem's own settings (WAL, BEGIN
IMMEDIATE, a 20 s busy timeout) and writes through the real services: journal entries
with tags (several INSERTs, an audit entry) and career goals (a uniqueness check read in
the same transaction as the write, the case where a deferred transaction would fail to
upgrade its read lock). They start together on a shared signal and report every error.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from tests.test_crash_safety import ROOT, migrated_data_dir, sqlite_only, tandem_env

PROCESSES = 8
WRITES = 30

WRITER = """
import json, os, sys, time
from tandem.accounts.services import user_create
from tandem.growth.services import goal_create
from tandem.journal.services import entry_create

number, go_file, writes = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
user = user_create(email=f"writer{number}@example.com", password=None, verified=True)
print("ready", flush=True)
while not os.path.exists(go_file):
    time.sleep(0.002)
done, errors = 0, []
for n in range(writes):
    try:
        if n % 3 == 2:
            goal_create(actor=user, title=f"Goal {number}-{n}")
        else:
            entry_create(actor=user, title=f"Entry {number}-{n}", body="x " * 200,
                         tags=["load", f"writer {number}"])
        done += 1
    except Exception as exc:  # every failure is reported, none is retried
        errors.append(f"{type(exc).__name__}: {exc}")
print(json.dumps({"done": done, "errors": errors}))
"""


@pytest.fixture
def sqlite_data_dir(tmp_path):
    return migrated_data_dir(tmp_path / "data")


@sqlite_only
def test_eight_writer_processes_never_see_database_is_locked(sqlite_data_dir, tmp_path):
    env = tandem_env(sqlite_data_dir)
    go_file = tmp_path / "go"
    procs = [subprocess.Popen(
        [sys.executable, "-c", "import django; django.setup()\n" + WRITER, str(n),
         str(go_file), str(WRITES)],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for n in range(PROCESSES)]
    # Every interpreter has set Django up and made its user: now they all write at once.
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()[-3000:]
    go_file.touch()
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-3000:]
        reports.append(json.loads(out.strip().splitlines()[-1]))

    errors = [error for report in reports for error in report["errors"]]
    assert not [e for e in errors if "locked" in e.lower()], errors[:5]
    assert errors == []
    assert sum(report["done"] for report in reports) == PROCESSES * WRITES
    db = sqlite3.connect(sqlite_data_dir / "tandem.sqlite3")
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        entries = db.execute("SELECT COUNT(*) FROM journal_journalentry").fetchone()[0]
        goals = db.execute("SELECT COUNT(*) FROM accounts_careergoal").fetchone()[0]
    finally:
        db.close()
    assert entries + goals == PROCESSES * WRITES
