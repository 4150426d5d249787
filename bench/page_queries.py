"""How many SQL queries each page of the load test runs, on `tandem demo --scale` data.

Signs in (with the sign-in form and the demo password) as generated people of a data folder
that ``bench/demo_scale.py --keep DIR`` left: the mentee and the mentor of the first
generated active mentorship (person00001 and person00000) and the mentee of one in the
middle of the data. For each of them it visits every page bench/load/locustfile.py visits
(``tandem.demo.pages``) twice with Django's test Client and counts the queries with
CaptureQueriesContext: the first visit (caches cold) and the second (warm, what a person
moving around meets).

    .venv/bin/python bench/page_queries.py --data /tmp/tandem-10k
    .venv/bin/python bench/page_queries.py --data /tmp/tandem-10k --data /tmp/tandem-100k

With two or more folders it measures each in a process of its own and prints them side by
side, with the pages whose counts differ; exit status 1 when any does. The data folders
are only read, apart from collected static files (as bench/directory_search.py does);
DATABASE_URL, REDIS_URL and TASKS_BACKEND from the environment are ignored.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ISOLATED_VARIABLES = ("DATABASE_URL", "DATABASE_URL_FILE", "REDIS_URL", "REDIS_URL_FILE",
                      "TASKS_BACKEND")
PASSWORD = "tandem-demo-2026"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", metavar="DIR", action="append", required=True,
                        help="a data folder left by bench/demo_scale.py --keep (repeatable)")
    parser.add_argument("--json", action="store_true", help="print only the JSON figures")
    args = parser.parse_args()
    for folder in args.data:
        if not (Path(folder) / "tandem.sqlite3").exists():
            parser.error(f"{folder} has no tandem.sqlite3 (make it with bench/demo_scale.py "
                         "--keep)")
    if len(args.data) == 1:
        figures = measure(args.data[0])
        if args.json:
            print(json.dumps(figures))
        else:
            print_one(figures)
            print(json.dumps(figures))
        return 0
    runs = []
    for folder in args.data:
        out = subprocess.run([sys.executable, __file__, "--data", folder, "--json"],
                             check=True, capture_output=True, text=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    return compare(runs)


def measure(folder: str) -> dict:
    for name in ISOLATED_VARIABLES:
        os.environ.pop(name, None)
    os.environ["TANDEM_DATA_DIR"] = str(Path(folder).resolve())
    os.environ["TANDEM_ENV"] = "development"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tandem.accounts.models import Profile
    from tandem.demo.pages import load_test_pages
    from tandem.demo.scale import EMAIL_DOMAIN
    from tandem.mentorships.models import Relationship

    # The manifest storage used outside tests needs collected files to render pages.
    call_command("collectstatic", interactive=False, verbosity=0)
    active = Relationship.objects.filter(
        mentee__email__endswith="@" + EMAIL_DOMAIN, state="active").order_by("id")
    first = active.select_related("mentee", "mentor").first()
    middle = active.select_related("mentee").order_by("id")[active.count() // 2]
    people = [("mentee", first.mentee.email, first.pk), ("mentor", first.mentor.email, first.pk),
              ("mentee (middle)", middle.mentee.email, middle.pk)]
    figures = {"data": folder, "people": Profile.objects.count(), "visits": []}
    for role, email, rel in people:
        client = Client()
        response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
        if response.status_code != 302:
            raise SystemExit(f"{email} could not sign in ({response.status_code})")
        for visit in ("cold", "warm"):
            for page, url, headers in load_test_pages(rel):
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url, **headers)
                if response.status_code != 200:
                    raise SystemExit(f"GET {url} as {email} answered {response.status_code}")
                figures["visits"].append({"role": role, "email": email, "visit": visit,
                                          "page": page, "queries": len(queries)})
    return figures


def _table(figures: dict) -> dict[tuple[str, str, str], int]:
    return {(v["page"], v["role"], v["visit"]): v["queries"] for v in figures["visits"]}


def print_one(figures: dict) -> None:
    table = _table(figures)
    roles = list(dict.fromkeys(v["role"] for v in figures["visits"]))
    pages = list(dict.fromkeys(v["page"] for v in figures["visits"]))
    print(f"{figures['people']} people in {figures['data']}: queries per page, "
          "first visit / second visit")
    print(f"{'page':<28}" + "".join(f"{role:>18}" for role in roles))
    for page in pages:
        print(f"{page:<28}" + "".join(
            f"{table[page, role, 'cold']:>13} / {table[page, role, 'warm']:<2}"
            for role in roles))


def compare(runs: list[dict]) -> int:
    tables = [_table(run) for run in runs]
    keys = list(tables[0])
    print("Queries per page (role, first/second visit) at " + ", ".join(
        f"{run['people']} people" for run in runs))
    header = f"{'page':<28}{'role':<17}{'visit':<6}" + "".join(
        f"{run['people']:>9}" for run in runs)
    print(header)
    differ = 0
    for key in keys:
        counts = [table.get(key) for table in tables]
        same = len(set(counts)) == 1
        differ += not same
        print(f"{key[0]:<28}{key[1]:<17}{key[2]:<6}" + "".join(
            f"{count if count is not None else '-':>9}" for count in counts)
            + ("" if same else "   <- differs"))
    print(f"\n{len(keys) - differ} of {len(keys)} counts the same; {differ} differ.")
    print(json.dumps({"runs": runs, "differ": differ}))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
