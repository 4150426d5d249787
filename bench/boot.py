"""Starting the app: gunicorn with and without Tandem's settings (tandem/gunicorn_config.py).

For each way of starting it, starts gunicorn with ``--workers`` workers on a migrated
SQLite data folder of its own, waits for the first answer of /healthz, serves
``--requests`` sign-in pages (so each worker has rendered a page), then reads each
process's CPU time and memory from /proc:

* **first answer**: seconds from starting gunicorn to the first 200 of /healthz;
* **CPU**: user + system seconds the process has used (the master's includes loading the
  app when it is preloaded; a worker's includes its own loading when it is not);
* **PSS**: proportional set size, memory shared between processes counted once in all
  (``/proc/<pid>/smaps_rollup``); its total over the processes is what they cost.

Run from the repository root (Linux only: it reads /proc):

    .venv/bin/python bench/boot.py
    .venv/bin/python bench/boot.py --workers 4
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from load import ISOLATED_VARIABLES, free_port  # bench/load.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
WAYS = {
    "each worker loads the app": [],
    "tandem/gunicorn_config.py (preload)": ["-c", "python:tandem.gunicorn_config"],
}


def prepare(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ISOLATED_VARIABLES}
    env.update(TANDEM_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="tandem.settings",
               LOG_LEVEL="WARNING")
    for command in (["migrate", "--noinput", "-v", "0"],
                    ["collectstatic", "--noinput", "-v", "0"]):
        subprocess.run([sys.executable, "-m", "tandem", *command], env=env, cwd=ROOT,
                       check=True)
    return env


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(p) for p in found.stdout.split()]


def measure(env: dict, options: list[str], workers: int, requests: int) -> dict:
    port = free_port()
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *options, "tandem.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit("gunicorn stopped while starting")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=60):
                    break
            except OSError:
                time.sleep(0.1)
        first = time.monotonic() - started
        # Every worker up (each answers some of these), and each has rendered a page.
        deadline = time.monotonic() + 120
        while len(children(proc.pid)) < workers and time.monotonic() < deadline:
            time.sleep(0.2)
        for _ in range(requests):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/",
                                        timeout=60) as response:
                response.read()
        processes = [("master", proc.pid)] + [
            (f"worker {n}", pid) for n, pid in enumerate(children(proc.pid), 1)]
        return {"first": first,
                "processes": [(name, cpu_seconds(pid), pss_mb(pid)) for name, pid in processes]}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tandem-boot-") as folder:
        env = prepare(Path(folder))
        print(f"{args.workers} workers, {os.cpu_count()} CPUs, Python "
              f"{sys.version.split()[0]}")
        print(f"{'how':<38} {'first answer':>12} {'CPU s (master; workers)':>30} "
              f"{'PSS MB (all)':>13}")
        for way, options in WAYS.items():
            result = measure(env, options, args.workers, args.requests)
            processes = result["processes"]
            cpu = f"{processes[0][1]:.1f}; " + ", ".join(f"{p[1]:.1f}" for p in processes[1:])
            pss = sum(p[2] for p in processes)
            print(f"{way:<38} {result['first']:>11.1f}s {cpu:>30} {pss:>13.0f}")


if __name__ == "__main__":
    main()
