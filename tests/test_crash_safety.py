"""Crash safety: the app server killed with SIGKILL in the middle of write-heavy load loses
no acknowledged write, and the SQLite database passes ``PRAGMA integrity_check``.

A real gunicorn (two workers) serves a fresh SQLite database in a temporary data folder;
six threads write journal entries through the API with a personal access token. After a
couple of seconds the whole server (master and workers) is killed with SIGKILL, started
again on the same files, and the writers carry on. Every entry that was answered with
201 must be in the database afterwards. (SQLite in WAL mode with ``synchronous=NORMAL``
is durable across a crash of the application; only losing power may lose the last
transactions, which an acknowledged-write test on one machine cannot show.)

The helpers here (``tandem_env``, ``TandemServer``) are shared with test_scale_out.py.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tandem.core.management.commands.serve import gunicorn_command

ROOT = Path(__file__).resolve().parent.parent
# Settings from the environment that would point the servers at someone else's database,
# cache or queue.
ISOLATED_VARIABLES = ("DATABASE_URL", "DATABASE_URL_FILE", "REDIS_URL", "REDIS_URL_FILE",
                      "TASKS_BACKEND", "TANDEM_TESTING", "DJANGO_SETTINGS_MODULE")


def tandem_env(data_dir: Path, **extra: str) -> dict:
    """The environment of a Tandem process of its own: its data folder, nothing shared.
    No rate limit gets in the way: the writers here send hundreds of requests a second
    with one token (tests/test_api_rate_limits.py tests the limits)."""
    env = {k: v for k, v in os.environ.items() if k not in ISOLATED_VARIABLES}
    env.update(TANDEM_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="tandem.settings",
               LOG_LEVEL="WARNING", ACCOUNT_RATE_LIMITS_ENABLED="False",
               TANDEM_API_RATE_PER_TOKEN="1000000/m", TANDEM_API_RATE_PER_ADDRESS="1000000/m",
               **extra)
    return env


def run_python(code: str, env: dict, timeout: float = 120) -> str:
    """Run ``code`` with Django set up in a fresh interpreter; its stdout."""
    prelude = "import django; django.setup()\n"
    done = subprocess.run([sys.executable, "-c", prelude + code], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TandemServer:
    """gunicorn serving Tandem on a free loopback port, with the settings ``tandem serve``
    gives it, in its own process group so a kill reaches its workers too."""

    def __init__(self, env: dict, *, workers: int = 2, log: Path | None = None):
        self.env, self.workers, self.port = env, workers, free_port()
        self.log = open(log or os.devnull, "ab")  # noqa: SIM115 - closed in stop()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> TandemServer:
        self.proc = subprocess.Popen(
            [*gunicorn_command(),
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
             "--graceful-timeout", "2"],
            env=self.env, cwd=ROOT, stdout=self.log, stderr=self.log, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, "gunicorn stopped while starting"
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (OSError, urllib.error.URLError):
                time.sleep(0.2)
        raise AssertionError("gunicorn did not answer /healthz in time")

    def kill(self) -> None:
        """SIGKILL to master and workers at once: nobody gets to clean up."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.log.close()


def migrate(env: dict) -> None:
    done = subprocess.run([sys.executable, "-m", "tandem", "migrate", "--noinput", "-v", "0"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]


_template: list[Path] = []


def migrated_data_dir(target: Path) -> Path:
    """``target``: a fresh data folder with a migrated SQLite database in it. Migrating
    takes 10-30 s, so it is done once per test process and copied."""
    import atexit
    import shutil
    import tempfile

    if not _template:
        template = Path(tempfile.mkdtemp(prefix="tandem-template-"))
        atexit.register(shutil.rmtree, template, ignore_errors=True)
        migrate(tandem_env(template))
        _template.append(template)
    shutil.copytree(_template[0], target)
    return target


@pytest.fixture
def sqlite_data_dir(tmp_path) -> Path:
    return migrated_data_dir(tmp_path / "data")


def post_json(url: str, data: dict, token: str, timeout: float = 10) -> int:
    request = urllib.request.Request(
        url, data=json.dumps(data).encode(), method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


# SQLite's crash safety: scripts/test.sh leaves these out of the PostgreSQL pass.
sqlite_only = pytest.mark.sqlite

WRITERS = 6


@sqlite_only
def test_it_keeps_every_acknowledged_write_through_a_sigkill(sqlite_data_dir, tmp_path):
    env = tandem_env(sqlite_data_dir)
    token = run_python(
        "from tandem.accounts.services import user_create, token_create\n"
        "user = user_create(email='writer@example.com', password=None, verified=True)\n"
        "print(token_create(actor=user, name='crash test')[1])\n", env).strip()
    server = TandemServer(env, log=tmp_path / "gunicorn.log").start()
    acknowledged: list[str] = []
    failures: list[int] = []  # HTTP errors: the server answered but did not write
    stop = threading.Event()
    lock = threading.Lock()

    def writer(number: int) -> None:
        sequence = 0
        while not stop.is_set():
            sequence += 1
            title = f"entry {number}-{sequence}"
            try:
                status = post_json(server.url + "/api/journal",
                                   {"title": title, "body": "Written under load. " * 20},
                                   token)
            except OSError:  # the server is down (killed, or not restarted yet)
                time.sleep(0.05)
                continue
            with lock:
                (acknowledged.append(title) if status == 201 else failures.append(status))

    threads = [threading.Thread(target=writer, args=(n,), daemon=True) for n in range(WRITERS)]
    try:
        for thread in threads:
            thread.start()
        time.sleep(3)
        server.kill()
        before_kill = len(acknowledged)
        server = TandemServer(env, log=tmp_path / "gunicorn.log").start()
        time.sleep(2)
        stop.set()
        for thread in threads:
            thread.join(timeout=20)
    finally:
        stop.set()
        server.stop()

    assert before_kill > 20, "too few writes before the kill to prove anything"
    assert len(acknowledged) > before_kill, "no writes were acknowledged after the restart"
    assert failures == [], f"the server refused writes: {failures[:10]}"
    db = sqlite3.connect(sqlite_data_dir / "tandem.sqlite3")
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {row[0] for row in db.execute("SELECT title FROM journal_journalentry")}
    finally:
        db.close()
    missing = [title for title in acknowledged if title not in stored]
    assert missing == [], f"{len(missing)} acknowledged writes are missing: {missing[:10]}"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
