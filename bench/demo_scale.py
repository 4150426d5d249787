"""How long `tandem demo --scale N` takes, and what it makes.

Runs in a throw-away data folder (``TANDEM_DATA_DIR``, SQLite, removed at the end unless
``--keep DIR`` names a folder to keep it in): migrates, then times ``tandem demo --scale N``
(the small hand-made demo plus N generated people) and counts the rows. DATABASE_URL,
REDIS_URL and TASKS_BACKEND from the environment are ignored, so a real database is never
touched.

    .venv/bin/python bench/demo_scale.py                 # N=10000
    .venv/bin/python bench/demo_scale.py --people 2000 --keep /tmp/tandem-2000
    .venv/bin/python bench/demo_scale.py --people 100000 --budget-s 300 --keep /tmp/tandem-100k

Prints the seconds per step, the counts, then one JSON line; exits with 1 when the whole
command takes longer than ``--budget-s`` (120 s by default).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ISOLATED_VARIABLES = ("DATABASE_URL", "DATABASE_URL_FILE", "REDIS_URL", "REDIS_URL_FILE",
                      "TASKS_BACKEND")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--keep", metavar="DIR", help="Keep the data folder here.")
    parser.add_argument("--budget-s", type=float, default=120.0)
    args = parser.parse_args()

    for name in ISOLATED_VARIABLES:
        os.environ.pop(name, None)
    data_dir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tandem-scale-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    if (data_dir / "tandem.sqlite3").exists():
        print(f"{data_dir} already has a database; pick an empty folder.", file=sys.stderr)
        return 2
    os.environ["TANDEM_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command

    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_s = time.perf_counter() - started
        started = time.perf_counter()
        call_command("demo", scale=args.people)
        demo_s = time.perf_counter() - started
        counts = _counts()
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    print(f"\nmigrate: {migrate_s:.1f} s   demo --scale {args.people}: {demo_s:.1f} s "
          f"(budget {args.budget_s:.0f} s)")
    for what, count in counts.items():
        print(f"  {what:<22} {count:>8}")
    print(json.dumps({"people": args.people, "migrate_s": round(migrate_s, 2),
                      "demo_s": round(demo_s, 2), "counts": counts}))
    return 0 if demo_s <= args.budget_s else 1


def _counts() -> dict[str, int]:
    from tandem.accounts.models import CareerGoal, User
    from tandem.feedback.models import FeedbackEntry, ProgressReport
    from tandem.meetings.models import Meeting
    from tandem.mentorships.models import MentorshipRequest, Relationship
    from tandem.notifications.models import Notification

    models = {"people": User, "requests": MentorshipRequest, "relationships": Relationship,
              "meetings": Meeting, "feedback entries": FeedbackEntry,
              "progress reports": ProgressReport, "career goals": CareerGoal,
              "notifications": Notification}
    return {what: model.objects.count() for what, model in models.items()}


if __name__ == "__main__":
    sys.exit(main())
