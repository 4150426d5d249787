"""Links in emails and calendar files follow the port Tandem serves on when SITE_URL is
not set (issue 16, item 8)."""

import subprocess
import sys

from django.core.management import call_command

from tandem.core.management.commands import serve


def _site_url(tmp_path, **env):
    base = {"PATH": "/usr/bin:/bin", "TANDEM_DATA_DIR": str(tmp_path), "TANDEM_TESTING": "false"}
    result = subprocess.run(
        [sys.executable, "-c", "import tandem.settings as s; print(s.SITE_URL)"],
        env={**base, **env}, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_it_derives_the_site_url_from_the_port(tmp_path):
    assert _site_url(tmp_path, PORT="8121") == "http://127.0.0.1:8121"
    assert _site_url(tmp_path) == "http://127.0.0.1:8000"


def test_it_keeps_an_explicit_site_url(tmp_path):
    assert _site_url(tmp_path, PORT="8121",
                     SITE_URL="https://mentoring.example.org/") == "https://mentoring.example.org"


class _Finished:
    returncode = 0

    def poll(self):
        return 0

    def terminate(self):
        pass

    def wait(self, timeout=None):
        return 0


def test_it_gives_the_served_port_to_the_web_app_and_the_worker(monkeypatch):
    started = []

    def popen(cmd, **kwargs):
        started.append(kwargs.get("env"))
        return _Finished()

    monkeypatch.setattr(serve.subprocess, "Popen", popen)
    monkeypatch.setattr(serve, "call_command", lambda *a, **k: None)
    monkeypatch.setattr(serve.signal, "signal", lambda *a: None)
    monkeypatch.setenv("PORT", "8000")
    monkeypatch.delenv("SITE_URL", raising=False)
    call_command("serve", port=8121)
    assert len(started) == 3  # web app, worker, scheduler
    for env in started:
        assert env is not None and env["PORT"] == "8121"
