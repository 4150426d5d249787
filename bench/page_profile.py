"""Where a page's time goes: the load test's pages, rendered in this process.

For each page of ``bench/load/locustfile.py``, as a mentee and as a mentor of an active
mentorship on a ``tandem demo --scale`` dataset (the folder ``bench/load.py`` prepares),
it renders the page ``--repeat`` times through Django's test client (the whole
middleware stack, sessions and templates included) and prints, per page, the median:

* ``ms``: wall time of the request, and ``cpu ms``: this process's CPU time for it (the
  figure to compare on a busy machine);
* ``queries`` and ``sql ms``: the queries run and the time the database took for them;
* ``template ms``: rendering, less the queries run while rendering (lazy querysets);
* ``python ms``: the rest: middleware, the view, building the ORM's SQL.

``--profile NAME`` prints cProfile's 30 most expensive functions for one page. It reads
the database, never writes to it (the sessions it makes excepted).

    .venv/bin/python bench/page_profile.py                       # var/bench-load-10000
    .venv/bin/python bench/page_profile.py --profile dashboard
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Meter:
    """Counts queries and the database's time, and the time spent rendering templates."""

    def __init__(self):
        self.queries = 0
        self.sql = 0.0
        self.render = 0.0
        self.sql_in_render = 0.0
        self._rendering = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            self.queries += 1
            self.sql += spent
            if self._rendering:
                self.sql_in_render += spent

    def wrap_render(self, render):
        meter = self

        def timed(template, context=None, request=None):
            meter._rendering += 1
            started = time.perf_counter()
            try:
                return render(template, context, request)
            finally:
                meter._rendering -= 1
                if not meter._rendering:
                    meter.render += time.perf_counter() - started
        return timed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var" / "bench-load-10000")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--profile", help="A page's name: print its cProfile.")
    parser.add_argument("--json", action="store_true", help="Print one JSON line too.")
    args = parser.parse_args()
    if not (args.data_dir / "tandem.sqlite3").exists():
        raise SystemExit(f"{args.data_dir} has no database: run bench/load.py once first")
    for name in ("DATABASE_URL", "REDIS_URL", "TANDEM_TESTING", "TANDEM_ENV", "DEBUG"):
        os.environ.pop(name, None)
    os.environ.update(TANDEM_DATA_DIR=str(args.data_dir.resolve()),
                      DJANGO_SETTINGS_MODULE="tandem.settings", LOG_LEVEL="WARNING",
                      TASKS_BACKEND="database")

    import django

    django.setup()
    from django.db import connection
    from django.template.backends.django import Template
    from django.test import Client

    from tandem.demo.pages import load_test_pages
    from tandem.mentorships.models import Relationship

    rel = (Relationship.objects.filter(state="active",
                                       mentee__email__endswith="@scale.tandem.test")
           .select_related("mentee", "mentor").order_by("id").first())
    meter = Meter()
    Template.render = meter.wrap_render(Template.render)
    results = {}
    for role, user in (("mentee", rel.mentee), ("mentor", rel.mentor)):
        client = Client(raise_request_exception=True)
        client.force_login(user)
        pages = [(name, url) for name, url, _headers in load_test_pages(rel.pk)]
        for name, url in [*pages, ("minimal view (/healthz)", "/healthz")]:
            if args.profile and name != args.profile:
                continue
            client.get(url)  # warm: templates, caches
            rows = []
            profiler = cProfile.Profile() if args.profile else None
            for _ in range(args.repeat):
                meter.__init__()
                with connection.execute_wrapper(meter):
                    if profiler:
                        profiler.enable()
                    started, cpu = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    spent = time.perf_counter() - started
                    cpu = time.process_time() - cpu
                    if profiler:
                        profiler.disable()
                assert response.status_code == 200, (url, response.status_code)
                template = meter.render - meter.sql_in_render
                rows.append((spent, meter.queries, meter.sql, template,
                             spent - meter.sql - template, cpu))
            results[(role, name)] = {
                "ms": round(statistics.median(r[0] for r in rows) * 1000, 1),
                "cpu_ms": round(statistics.median(r[5] for r in rows) * 1000, 1),
                "queries": rows[-1][1],
                "sql_ms": round(statistics.median(r[2] for r in rows) * 1000, 1),
                "template_ms": round(statistics.median(r[3] for r in rows) * 1000, 1),
                "python_ms": round(statistics.median(r[4] for r in rows) * 1000, 1),
            }
            if profiler:
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(os.environ.get("SORT", "tottime")).print_stats(int(os.environ.get("TOP", "30")))
                print(f"== {role}: {name}\n{out.getvalue()}")
    print(f"{'role':<7} {'page':<28} {'ms':>6} {'cpu ms':>6} {'queries':>7} {'sql ms':>7} "
          f"{'template':>8} {'python':>7}")
    for (role, name), row in results.items():
        print(f"{role:<7} {name:<28} {row['ms']:>6} {row['cpu_ms']:>6} {row['queries']:>7} "
              f"{row['sql_ms']:>7} "
              f"{row['template_ms']:>8} {row['python_ms']:>7}")
    if args.json:
        print(json.dumps({f"{role}: {name}": row for (role, name), row in results.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
