"""Scale-out as docs/deploy.md describes it: two app server processes and a separate
worker, sharing only PostgreSQL and Redis (cache, sessions and the RQ task queue).

A person signs in through one process and carries on through the other with the same
session; there they schedule a meeting, the scheduler queues the periodic jobs on Redis,
and the worker sends the meeting reminder: the notification is on the page served by the
first process and its email is in the worker's mail folder. Each process has its own data
folder, so nothing is shared through the file system.

It runs in the PostgreSQL run of the suite (``DATABASE_URL=postgres://...``, loopback
only): the processes use the test database pytest-django created for the run (and drops
after), emptied after the test. Redis database 13 on 127.0.0.1 is used and emptied
(``TANDEM_TEST_REDIS_URL`` moves it). Without PostgreSQL or Redis the test is skipped,
except under CI=true where it fails.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import IN_CI
from tests.test_crash_safety import ROOT, TandemServer, run_python, tandem_env

pytestmark = pytest.mark.postgres

REDIS_URL = os.environ.get("TANDEM_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
SECRET = "scale-out-test-" + "x" * 50


def _unavailable(message: str):
    if IN_CI:
        pytest.fail(f"CI=true and {message}")
    pytest.skip(message)


@pytest.fixture
def redis_url():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        _unavailable(f"Redis at {REDIS_URL} is not reachable: {exc}")
    client.flushdb()
    yield REDIS_URL
    client.flushdb()
    client.close()


@pytest.fixture
def database_url(transactional_db):
    """The PostgreSQL test database pytest-django made and migrated for this run (so the
    processes need no migrating of their own); emptied after the test like any
    transactional test's, dropped at the end of the run."""
    from django.db import connection

    if connection.vendor != "postgresql":
        _unavailable("the scale-out test runs in the PostgreSQL run "
                     "(DATABASE_URL=postgres://...)")
    db = connection.settings_dict
    auth = urllib.parse.quote(db["USER"] or "postgres")
    if db["PASSWORD"]:
        auth += ":" + urllib.parse.quote(db["PASSWORD"])
    return (f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
            f"{db['NAME']}")


class Browser:
    """Cookies and CSRF like a browser's, over plain HTTP to any of the app servers."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[int, str, str]:
        with self.opener.open(url, timeout=30) as response:
            return response.status, response.url, response.read().decode()

    def post(self, url: str, data: dict) -> tuple[int, str, str]:
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        with self.opener.open(request, timeout=30) as response:
            return response.status, response.url, response.read().decode()


def _process(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tandem", *args], env=env, cwd=ROOT,
                            stdout=log.open("ab"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait(timeout=10)


def test_two_app_processes_and_a_worker_share_sessions_and_the_task_queue(
        tmp_path, database_url, redis_url):
    def env_for(name: str, **extra) -> dict:
        data_dir = tmp_path / name
        data_dir.mkdir(exist_ok=True)
        # DEBUG only so that static files are served from the source folders: collecting
        # and compressing them for each process would take most of the test's minute.
        return tandem_env(data_dir, DATABASE_URL=database_url, REDIS_URL=redis_url,
                          TASKS_BACKEND="rq", SECRET_KEY=SECRET, EMAIL_BACKEND="file",
                          DEBUG="True", **extra)

    env_a, env_b, env_worker = env_for("app-a"), env_for("app-b"), env_for("worker")
    # The database is migrated (by pytest-django); a mentee and a mentor with an active
    # mentorship.
    relationship_id = int(run_python(
        "from tandem.accounts.tests.factories import make_mentee, make_mentor\n"
        "from tandem.mentorships.services import request_accept, request_create\n"
        "mentee = make_mentee(email='mia@example.com', name='Mia Mentee')\n"
        "mentor = make_mentor(email='marta@example.com', name='Marta Mentor')\n"
        "req = request_create(actor=mentee, mentor=mentor, message='Could you mentor me?',\n"
        "                     goal_ids=[])\n"
        "print(request_accept(actor=mentor, request=req).pk)\n", env_a, timeout=300).strip())

    app_a = TandemServer(env_a, log=tmp_path / "app-a.log")
    app_b = TandemServer(env_b, log=tmp_path / "app-b.log")
    worker = scheduler = None
    try:
        app_a.start()
        app_b.start()
        browser = Browser()
        # Signed in through process A...
        browser.get(app_a.url + "/accounts/login/")
        status, url, _ = browser.post(app_a.url + "/accounts/login/", {
            "login": "mia@example.com", "password": "correct-horse-battery-staple"})
        assert "/accounts/login" not in url, "signing in through process A failed"
        # ...and carrying on through process B with the same session.
        status, url, page = browser.get(app_b.url + "/")
        assert status == 200 and "/accounts/login" not in url and "Mia Mentee" in page
        meetings = f"{app_b.url}/mentorships/{relationship_id}/meetings/"
        browser.get(meetings)
        at = datetime.now(UTC) + timedelta(hours=3)
        status, url, page = browser.post(meetings + "schedule/", {
            "day": at.date().isoformat(), "at": at.strftime("%H:%M"), "tz": "UTC",
            "duration_minutes": "60", "channel": "video", "place": ""})
        assert "The meeting is scheduled" in page, re.sub(r"\s+", " ", page)[-2000:]

        # The worker and the scheduler run apart from the app servers; the scheduler
        # queues the periodic jobs on Redis right away, the worker runs them and sends
        # the reminder's email.
        worker = _process(["rqworker", "--job-class", "django_tasks_rq.Job", "default"],
                          env_worker, tmp_path / "worker.log")
        scheduler = _process(["scheduler"], env_for("scheduler",
                                                    TANDEM_SCHEDULER_INTERVAL="600"),
                             tmp_path / "scheduler.log")
        mail_dir = tmp_path / "worker" / "mail"
        deadline = time.monotonic() + 90
        reminder = None
        while time.monotonic() < deadline and reminder is None:
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-3000:]
            for path in mail_dir.glob("*.log") if mail_dir.exists() else []:
                text = path.read_text()
                if "mia@example.com" in text and "Meeting with Marta Mentor" in text:
                    reminder = text
            time.sleep(0.5)
        assert reminder is not None, (
            "the worker sent no reminder email; worker log:\n"
            + (tmp_path / "worker.log").read_text()[-3000:])
        # The notification shows on the page served by process A, to the same session.
        status, _, page = browser.get(app_a.url + "/notifications/")
        assert status == 200 and "Meeting with Marta Mentor" in page
    finally:
        for proc in (scheduler, worker):
            if proc is not None:
                _stop(proc)
        app_a.stop()
        app_b.stop()
