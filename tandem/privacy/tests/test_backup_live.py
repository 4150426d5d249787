"""`tandem backup` on a real SQLite file while another process keeps writing to it: the
backup succeeds, passes the integrity check and holds a consistent snapshot."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

# SQLite's own backup under load: left out of the PostgreSQL pass (it never reads
# DATABASE_URL).
pytestmark = pytest.mark.sqlite

TANDEM = [sys.executable, "-m", "tandem"]


def _env(data_dir: Path) -> dict:
    env = {**os.environ, "TANDEM_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    return env


def test_it_backs_up_while_the_database_is_written(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    env = _env(data)
    subprocess.run([*TANDEM, "migrate", "-v0"], env=env, check=True, timeout=300)
    db_path = data / "tandem.sqlite3"
    setup = sqlite3.connect(db_path)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE load_probe (id INTEGER PRIMARY KEY, a TEXT, b TEXT)")
    setup.commit()
    setup.close()

    stop = threading.Event()
    written = [0]

    def writer():
        db = sqlite3.connect(db_path, timeout=20)
        while not stop.is_set():
            # Two columns written in one transaction: a torn copy would show a mismatch.
            db.execute("INSERT INTO load_probe (a, b) VALUES (?, ?)",
                       (str(written[0]), str(written[0])))
            db.commit()
            written[0] += 1
        db.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        time.sleep(0.3)
        backup = tmp_path / "live.sqlite3"
        result = subprocess.run([*TANDEM, "backup", str(backup)], env=env, timeout=120,
                                capture_output=True, text=True)
    finally:
        stop.set()
        thread.join()
    assert result.returncode == 0, result.stderr
    assert "integrity ok" in result.stdout
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    count = copy.execute("SELECT count(*) FROM load_probe").fetchone()[0]
    assert 0 < count <= written[0]
    assert copy.execute("SELECT count(*) FROM load_probe WHERE a != b").fetchone()[0] == 0
    copy.close()
    assert not Path(f"{backup}-wal").exists()

