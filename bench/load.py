"""Load test: mixed journeys of 20 signed-in people against gunicorn on a large dataset.

1. Prepares a data folder with ``tandem demo --scale N`` (10,000 by default) on SQLite,
   once: later runs reuse it (``--data-dir``, default ``var/bench-load-<N>``).
2. Starts gunicorn (``--workers``, 2 by default) on a free loopback port, with the
   production-like settings Tandem has without TANDEM_ENV=production (DEBUG off,
   collected static files) but allauth's sign-in rate limits off, since every simulated
   person signs in from the same address.
3. Makes a signed-in session for 400 people with an active mentorship (half mentees,
   half mentors), then runs locust headless (bench/load/locustfile.py), three phases in one run:
   * **latency**: ``--users`` people for ``--seconds`` with a think time (``--wait``),
     which gives p50/p95/p99 per page and must have 0 errors;
   * **throughput**: the same journeys without think time and without signing in
     (``--saturate-seconds``), the pages per second the server sustains;
   * **minimal**: /healthz without think time for as long, the yardstick for the ratio.
4. Prints a table and one JSON line, and saves both under ``bench/results/``.

Needs locust (``pip install -e '.[bench]'``). Run from the repository root:

    .venv/bin/python bench/load.py
    .venv/bin/python bench/load.py --people 2000 --seconds 20 --saturate-seconds 10

Exits with 1 when a request failed, a page's p95 is over ``--p95-ms`` (100) or the
throughput is under ``--ratio`` (0.35) of the minimal view's.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = ROOT / "bench" / "load" / "locustfile.py"
ISOLATED_VARIABLES = ("DATABASE_URL", "DATABASE_URL_FILE", "REDIS_URL", "REDIS_URL_FILE",
                      "TASKS_BACKEND", "TANDEM_TESTING", "TANDEM_ENV", "DEBUG")
# Not pages: excluded from the p95 goal, reported all the same.
NOT_PAGES = {"sign in", "sign in (form)"}


def env_for(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ISOLATED_VARIABLES}
    env.update(TANDEM_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="tandem.settings",
               ACCOUNT_RATE_LIMITS_ENABLED="False", LOG_LEVEL="WARNING",
               TASKS_BACKEND="database")
    return env


def tandem(*args: str, env: dict) -> None:
    subprocess.run([sys.executable, "-m", "tandem", *args], env=env, cwd=ROOT, check=True)


def prepare(data_dir: Path, people: int) -> float | None:
    """The data folder, made once; the seconds `demo --scale` took, or None if reused."""
    if (data_dir / "ready").exists():
        return None
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    env = env_for(data_dir)
    tandem("migrate", "--noinput", "-v", "0", env=env)
    started = time.perf_counter()
    tandem("demo", "--scale", str(people), env=env)
    seconds = time.perf_counter() - started
    tandem("collectstatic", "--noinput", "-v", "0", env=env)
    db = sqlite3.connect(data_dir / "tandem.sqlite3")
    db.execute("ANALYZE")  # what a long-running database has; the planner uses it
    db.close()
    (data_dir / "ready").write_text(f"{seconds:.1f}\n")
    return seconds


def people_file(data_dir: Path, count: int = 400) -> Path:
    """People with an active mentorship, half mentees and half mentors, as JSON, each
    with a signed-in session made here (so the simulated people need not all sign in at
    once; the ``SignIn`` user measures signing in)."""
    code = f"""
import json
import django
django.setup()
from django.test import Client
from tandem.mentorships.models import Relationship
people = []
rels = (Relationship.objects.filter(state="active", mentee__email__endswith="@scale.tandem.test")
        .select_related("mentee", "mentor").order_by("id")[:{count // 2}])
for rel in rels:
    for user in (rel.mentee, rel.mentor):
        client = Client()
        client.force_login(user)
        people.append({{"email": user.email, "relationship_id": rel.pk,
                        "session": client.cookies["sessionid"].value}})
print(json.dumps(people))
"""
    done = subprocess.run([sys.executable, "-c", code], env=env_for(data_dir), cwd=ROOT,
                          capture_output=True, text=True, check=True)
    path = data_dir / "load-people.json"
    path.write_text(done.stdout.strip().splitlines()[-1])
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict, port: int, workers: int, log: Path,
                   threads: int = 1) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:tandem.gunicorn_config",
         "tandem.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads)],
        env=env, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn stopped; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return proc
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def run_locust(host: str, user_classes: list[str], users: int, seconds: int, wait: str,
               people: Path, out: Path) -> list[dict]:
    env = {**os.environ, "LOAD_PEOPLE": str(people), "LOAD_WAIT": wait}
    prefix = out / "-".join(user_classes)
    subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
         "-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--host", host,
         "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
         "--stop-timeout", "5", *user_classes],
        env=env, cwd=ROOT, check=False, stdout=subprocess.DEVNULL)
    with open(f"{prefix}_stats.csv") as handle:
        rows = list(csv.DictReader(handle))
    return [{
        "name": row["Name"], "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]), "rps": float(row["Requests/s"]),
        "p50": float(row["50%"] or 0), "p95": float(row["95%"] or 0),
        "p99": float(row["99%"] or 0), "avg": float(row["Average Response Time"] or 0),
    } for row in rows]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.1f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    load = f", load average {os.getloadavg()[0]:.1f} at the start"
    return (f"{os.cpu_count()} CPUs ({cpu}){memory}, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}, SQLite "
            f"{sqlite3.sqlite_version}{load}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--saturate-seconds", type=int, default=20)
    parser.add_argument("--wait", default="0.5-1.5",
                        help="Think time between a person's pages, seconds (a range).")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1,
                        help="Threads per gunicorn worker (gthread when more than 1).")
    parser.add_argument("--p95-ms", type=float, default=100.0)
    parser.add_argument("--ratio", type=float, default=0.35,
                        help="The least throughput, as a share of the minimal view's.")
    parser.add_argument("--no-save", action="store_true", help="Do not write bench/results/.")
    args = parser.parse_args()

    data_dir = (args.data_dir or ROOT / "var" / f"bench-load-{args.people}").resolve()
    started_on = machine()
    print(f"== data: {data_dir}")
    demo_s = prepare(data_dir, args.people)
    if demo_s is not None:
        print(f"   demo --scale {args.people}: {demo_s:.1f} s")
    people = people_file(data_dir)
    out = Path(tempfile.mkdtemp(prefix="tandem-load-"))
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    server = start_gunicorn(env_for(data_dir), port, args.workers, out / "gunicorn.log",
                            args.threads)
    try:
        print(f"== latency: {args.users} people, {args.seconds} s, think time {args.wait} s")
        latency = run_locust(host, ["Person", "SignIn"], args.users, args.seconds, args.wait, people, out)
        print(f"== throughput: {args.users} people, {args.saturate_seconds} s, no think time")
        saturated = run_locust(host, ["Person"], args.users, args.saturate_seconds, "0", people,
                               out)
        print(f"== minimal view: {args.users} clients, {args.saturate_seconds} s")
        minimal = run_locust(host, ["Minimal"], args.users, args.saturate_seconds, "0", people,
                             out)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)
        shutil.rmtree(out, ignore_errors=True)

    def total(rows):
        return next(r for r in rows if r["name"] == "Aggregated")

    pages = [r for r in latency if r["name"] != "Aggregated"]
    print(f"\n{'page':<30} {'requests':>8} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6}  ms")
    for row in sorted(pages, key=lambda r: r["name"]):
        flag = "" if row["name"] in NOT_PAGES or row["p95"] <= args.p95_ms else "  > goal"
        print(f"{row['name']:<30} {row['requests']:>8} {row['failures']:>5} {row['p50']:>6.0f} "
              f"{row['p95']:>6.0f} {row['p99']:>6.0f}{flag}")
    agg = total(latency)
    print(f"{'all':<30} {agg['requests']:>8} {agg['failures']:>5} {agg['p50']:>6.0f} "
          f"{agg['p95']:>6.0f} {agg['p99']:>6.0f}")
    page_rps, minimal_rps = total(saturated)["rps"], total(minimal)["rps"]
    ratio = page_rps / minimal_rps if minimal_rps else 0.0
    failures = agg["failures"] + total(saturated)["failures"] + total(minimal)["failures"]
    slow = [r["name"] for r in pages if r["name"] not in NOT_PAGES and r["p95"] > args.p95_ms]
    print(f"\nthroughput: {page_rps:.1f} pages/s against {minimal_rps:.1f}/s for the minimal "
          f"view: ratio {ratio:.2f} (goal {args.ratio}); failures: {failures}; pages over "
          f"{args.p95_ms:.0f} ms at p95: {', '.join(slow) or 'none'}")
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"), "machine": started_on,
        "people": args.people, "users": args.users, "seconds": args.seconds,
        "wait": args.wait, "workers": args.workers, "threads": args.threads, "pages": pages,
        "all": agg, "throughput_rps": page_rps, "minimal_rps": minimal_rps,
        "ratio": round(ratio, 3), "failures": failures, "over_p95_goal": slow,
        "saturated": saturated,
    }
    print(json.dumps(result))
    if not args.no_save:
        results = ROOT / "bench" / "results"
        results.mkdir(exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
        (results / f"load-{stamp}.json").write_text(json.dumps(result, indent=1) + "\n")
    return 0 if failures == 0 and not slow and ratio >= args.ratio else 1


if __name__ == "__main__":
    sys.exit(main())
