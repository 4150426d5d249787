"""How fast the matching engine scores and matches a large cohort, against the targets of
issue 6 (measured on 2 cores).

Scenarios (each in a fresh process, so that peak memory is per scenario):

* 100,000 mentees x 5,000 mentors, top-50 candidates, optimal mode:
  solve <= 3 s, scoring + solve <= 10 s, peak memory <= 2 GB;
* a tight market, 100,000 x 33,000 mentors (places about equal to mentees), optimal:
  solve <= 8 s, scoring + solve <= 45 s;
* stable mode on 100,000 mentees (x 5,000 mentors): solve <= 3 s.

Run from the repository root:

    .venv/bin/python bench/matching.py [--seed 0] [--only NAME]

It prints one JSON line per scenario (the line ``tandem match bench`` prints, plus
``process_cpu_s``), a machine line (with the load average: the targets are wall-clock
figures for an otherwise idle machine), then PASS or FAIL per figure, and exits with 1
when any figure fails.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys

SCENARIOS = {
    "wide": {"mentees": 100_000, "mentors": 5_000, "mode": "optimal",
             "targets": {"solve_s": 3, "total_s": 10, "peak_rss_mb": 2048}},
    "tight": {"mentees": 100_000, "mentors": 33_000, "mode": "optimal",
              "targets": {"solve_s": 8, "total_s": 45}},
    "stable": {"mentees": 100_000, "mentors": 5_000, "mode": "stable",
               "targets": {"solve_s": 3}},
}


def machine() -> dict:
    import numpy

    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"machine": platform.machine(), "cpu": cpu,
            "cores": len(os.sched_getaffinity(0)), "python": platform.python_version(),
            "numpy": numpy.__version__, "load_average_1m": round(os.getloadavg()[0], 2)}


def run(name: str, seed: int) -> dict:
    scenario = SCENARIOS[name]
    code = ("import json; from tandem.matching.cli import run_bench; "
            f"print(json.dumps(run_bench({scenario['mentees']}, {scenario['mentors']}, 50, "
            f"{seed}, {scenario['mode']!r})))")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    # CPU seconds the whole process used (generation included, both cores summed): with
    # the wall-clock figures it shows whether other work was competing for the cores.
    figures["process_cpu_s"] = round(after.ru_utime + after.ru_stime - before.ru_utime
                                     - before.ru_stime, 1)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", choices=sorted(SCENARIOS), action="append")
    args = parser.parse_args(argv)
    verdicts = []
    for name in args.only or list(SCENARIOS):
        figures = run(name, args.seed)
        print(json.dumps(figures), flush=True)
        for key, limit in SCENARIOS[name]["targets"].items():
            verdicts.append((name, key, figures[key], limit, figures[key] <= limit))
    print(json.dumps(machine()))
    for name, key, value, limit, ok in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {name:6s} {key:12s} {value:>9} <= {limit}")
    return 0 if all(ok for *_, ok in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
