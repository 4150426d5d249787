"""``tandem serve``: the web app under gunicorn (static files by whitenoise), the
background task worker and the periodic-job scheduler, side by side, stopped together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve Tandem with gunicorn and run its background worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=None,
                            help="Default: $PORT, else 8000.")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2)))
        parser.add_argument("--no-worker", action="store_true",
                            help="Serve the web app only (run the worker and the scheduler "
                                 "elsewhere).")

    def handle(self, *args, host, port, workers, no_worker, **options):
        if port is None:
            raw = os.environ.get("PORT", "8000")
            if not (raw.isascii() and raw.isdecimal()) or not 0 < int(raw) < 65536:
                raise CommandError(f"PORT={raw!r} is not a port number")
            port = int(raw)
        call_command("collectstatic", interactive=False, verbosity=0)
        commands = [[
            *gunicorn_command(),
            "--bind", f"{host}:{port}", "--workers", str(workers),
            "--access-logfile", "-", "--forwarded-allow-ips", os.environ.get(
                "FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]]
        if not no_worker:
            commands.append(worker_command())
            commands.append([sys.executable, "-m", "tandem", "scheduler"])
        # The children read their settings afresh: give them the port actually served, so
        # that links in emails and calendar files follow it when SITE_URL is not set.
        env = {**os.environ, "PORT": str(port)}
        processes = [subprocess.Popen(cmd, env=env) for cmd in commands]
        self.stdout.write(self.style.SUCCESS(f"Tandem is serving on http://{host}:{port}/"))

        def stop(*_):
            for proc in processes:
                if proc.poll() is None:
                    proc.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            # If either process dies the other is stopped: half a server is worse than none.
            while all(proc.poll() is None for proc in processes):
                time.sleep(0.5)
        finally:
            stop()
            for proc in processes:
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        codes = [proc.returncode for proc in processes]
        if any(code not in (0, -signal.SIGTERM, -signal.SIGINT) for code in codes):
            raise CommandError(f"a process stopped unexpectedly (exit codes {codes})")


def gunicorn_command() -> list[str]:
    """gunicorn serving Tandem with its settings (``tandem/gunicorn_config.py``: the app is
    loaded and warmed up once, then the workers are forked from it)."""
    return [sys.executable, "-m", "gunicorn", "-c", "python:tandem.gunicorn_config",
            "tandem.wsgi:application"]


def worker_command() -> list[str]:
    tandem = [sys.executable, "-m", "tandem"]
    if settings.TASKS_BACKEND == "rq":
        return [*tandem, "rqworker", "--job-class", "django_tasks_rq.Job", "default"]
    return [*tandem, "db_worker", "--queue-name", "default"]
