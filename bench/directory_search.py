"""How fast the mentor directory answers a search over many mentors.

Builds a throw-away database with N generated mentors (users, profiles, skills,
industries, languages, weekly availability), then times:

* named searches through ``tandem.directory.selectors.mentor_search`` (median and p95 in
  ms, the number of matches, and the number of SQL queries one search costs);
* whole requests through ``django.test.Client`` as a signed-in mentee: the HTML page
  (middleware, session, search, template rendering), its htmx partial and the JSON API.

It never touches the developer's database: settings read a fresh temporary data folder
(``TANDEM_DATA_DIR``), removed at the end, and DATABASE_URL, REDIS_URL and TASKS_BACKEND
from the environment are ignored. With ``--database-url`` the figures come from
that database instead; a PostgreSQL database named there is created when missing (through
the ``postgres`` maintenance database) and, when this run created it, dropped at the end;
an existing one should be empty. On PostgreSQL the tables are analyzed before timing.

With ``--people N`` the data is instead ``tandem demo --scale N`` (N people, a third of
them mentors, with mentorships, meetings and the rest), searched by a generated mentee;
``--data DIR`` searches the SQLite data folder ``bench/demo_scale.py --keep DIR`` left
(migrated when behind, and given collected static files; the data is only read), so a
100,000-person database is built once:

    .venv/bin/python bench/demo_scale.py --people 100000 --keep /tmp/tandem-100k
    .venv/bin/python bench/directory_search.py --data /tmp/tandem-100k --budget-ms 50

Run from the repository root:

    .venv/bin/python bench/directory_search.py
    .venv/bin/python bench/directory_search.py --mentors 10000 --seed 1 --repeat 20 \\
        --database-url postgres://postgres@127.0.0.1:5432/tandem_bench

It prints a table, then one JSON line with every figure, and exits with 1 when any median
exceeds ``--budget-ms`` (100 ms by default).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta

# Settings read from the environment that could point the run at real data or services.
ISOLATED_VARIABLES = ("DATABASE_URL", "DATABASE_URL_FILE", "REDIS_URL", "REDIS_URL_FILE",
                      "TASKS_BACKEND")

# (IANA zone, languages spoken there besides English)
ZONES = [
    ("Europe/London", []), ("Europe/Berlin", ["de"]), ("Europe/Madrid", ["es", "ca"]),
    ("Europe/Warsaw", ["pl"]), ("Africa/Lagos", ["yo", "ig"]), ("Africa/Nairobi", ["sw"]),
    ("Asia/Kolkata", ["hi", "ta"]), ("Asia/Tokyo", ["ja"]), ("Asia/Singapore", ["zh", "ms"]),
    ("Australia/Sydney", []), ("America/New_York", ["es"]), ("America/Chicago", []),
    ("America/Los_Angeles", ["zh", "vi"]), ("America/Sao_Paulo", ["pt"]),
    ("America/Mexico_City", ["es"]), ("Asia/Dubai", ["ar"]),
]

# (role, skills the role draws from, industries, what they care about)
TRACKS = [
    ("Backend engineer", ["Python", "Django", "PostgreSQL", "System design", "APIs", "Go",
                          "Rust", "Java", "Kotlin", "Microservices"],
     ["Software", "Fintech", "E-commerce"], "backend systems that stay up"),
    ("Frontend engineer", ["JavaScript", "TypeScript", "Accessibility", "CSS", "React", "Vue",
                           "Svelte", "Web performance"],
     ["Software", "E-commerce", "Media"], "interfaces people enjoy using"),
    ("Data scientist", ["Python", "Statistics", "Machine learning", "SQL", "Experimentation",
                        "R", "Deep learning", "Data visualisation"],
     ["Healthcare", "Finance", "Retail"], "turning messy data into decisions"),
    ("Data engineer", ["Python", "SQL", "Spark", "Airflow", "Data modelling", "Kafka", "dbt"],
     ["Logistics", "Finance", "Telecoms"], "pipelines nobody has to babysit"),
    ("Engineering manager", ["Leadership", "Hiring", "Feedback", "Career growth", "1:1s",
                             "Delegation", "Conflict resolution"],
     ["Software", "Fintech", "SaaS"], "growing teams and the people in them"),
    ("Product manager", ["Product strategy", "User research", "Roadmaps",
                         "Stakeholder management", "Prioritisation", "Analytics"],
     ["SaaS", "Education", "Healthcare"], "deciding what to build and why"),
    ("UX designer", ["User research", "Prototyping", "Accessibility", "Design systems",
                     "Figma", "Interaction design"],
     ["Public sector", "SaaS", "Media"], "design that includes everyone"),
    ("DevOps engineer", ["Kubernetes", "CI/CD", "Linux", "Observability", "Terraform", "AWS",
                         "Docker"],
     ["Cloud", "Telecoms", "Gaming"], "shipping safely and often"),
    ("Security engineer", ["Application security", "Threat modelling", "Python",
                           "Incident response", "Cryptography", "Penetration testing"],
     ["Finance", "Government", "Cloud"], "keeping people's data safe"),
    ("Mobile engineer", ["Swift", "Kotlin", "iOS", "Android", "Flutter", "App store releases"],
     ["Media", "Retail", "Gaming"], "apps that feel fast on any phone"),
]
EXTRA_SKILLS = ["Public speaking", "Technical writing", "Negotiation", "Open source",
                "Mentoring", "Remote work", "Agile", "Time management", "Freelancing"]
EXTRA_INDUSTRIES = ["Energy", "Non-profit", "Manufacturing"]

FIRST_NAMES = ["Amelia", "Oliver", "Priya", "Lena", "Jonas", "Mehmet", "Lucía", "Pau", "Zofia",
               "Piotr", "Chiamaka", "Tunde", "Ngozi", "Wanjiru", "Otieno", "Ananya", "Rohan",
               "Kavya", "Haruto", "Yui", "Wei Ling", "Arjun", "Charlotte", "Jack", "Maya",
               "Daniel", "Aisha", "Ethan", "Grace", "Sofia", "Minh", "Noah", "Beatriz",
               "Rafael", "Camila", "Valentina", "Diego", "Omar", "Layla", "Ines"]
LAST_NAMES = ["Hughes", "Bennett", "Raman", "Fischer", "Weber", "Yilmaz", "Martín", "Serra",
              "Nowak", "Kowalczyk", "Okafor", "Adeyemi", "Eze", "Kamau", "Odhiambo", "Iyer",
              "Mehta", "Nair", "Sato", "Tanaka", "Tan", "Pillai", "Nguyen", "Thompson",
              "Johnson", "Rivera", "Brooks", "Miller", "Kim", "Chen", "Tran", "Garcia",
              "Souza", "Lima", "Alves", "Cruz", "Hernández", "Haddad", "Mansour", "Rossi"]
SENIORITY = ["Junior", "", "Senior", "Staff", "Principal", "Lead"]
MENTORING_STYLES = [
    "I ask a lot of questions and expect you to drive our agenda.",
    "I share what went wrong for me as well as what went right.",
    "We will set one small goal per meeting and review it the next time.",
    "I like working through real problems from your week.",
    "Expect honest feedback and homework between our calls.",
]

# The viewer's weekly windows: (weekday, start minute, end minute) in Europe/Berlin.
VIEWER_WINDOWS = [(1, 18 * 60, 20 * 60), (3, 12 * 60, 13 * 60), (5, 10 * 60, 12 * 60)]

SEARCHES = {
    "no filters": {},
    "text: python": {"q": "python"},
    "text: two words": {"q": "senior python"},
    "text: no match": {"q": "cobol"},
    "skill filter": {"skills": ["python"]},
    "two skills": {"skills": ["python", "django"]},
    "industry": {"industry": "fintech"},
    "language + free places": {"language": "es", "has_free_places": True},
    "offset range": {"offset_min": -360, "offset_max": -180},
    "timezone within 3h": {"within_hours": 3},
    "overlaps my availability": {"overlaps_mine": True},
    "everything combined": {"q": "python", "skills": ["python"], "language": "en",
                            "within_hours": 6, "overlaps_mine": True, "has_free_places": True},
    "page 50": {"page": 50},
    "page 400": {"page": 400},
    "sort: name": {"sort": "name"},
    "sort: newest": {"sort": "newest"},
    "sort: experience": {"sort": "experience"},
    "text + sort: experience": {"q": "python", "sort": "experience"},
}

PAGES = {
    "page: no filters": ("/mentors/", {}),
    "page: q+language+free": ("/mentors/?q=python&language=en&has_free_places=on", {}),
    "htmx: q+language+free": ("/mentors/?q=python&language=en&has_free_places=on",
                              {"HTTP_HX_REQUEST": "true"}),
    "api: no filters": ("/api/directory/mentors", {}),
    "api: q+language": ("/api/directory/mentors?q=python&language=en", {}),
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentors", type=int, default=10_000, help="how many mentors to make")
    parser.add_argument("--people", type=int, default=0,
                        help="search `tandem demo --scale PEOPLE` instead of --mentors mentors")
    parser.add_argument("--data", metavar="DIR", default="",
                        help="search the SQLite data folder bench/demo_scale.py --keep DIR left")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated data")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per measurement")
    parser.add_argument("--database-url", default="",
                        help="measure on this database instead of a temporary SQLite file")
    parser.add_argument("--budget-ms", type=float, default=100.0,
                        help="exit with 1 when any median exceeds this")
    args = parser.parse_args()
    if args.mentors < 1 or args.repeat < 1:
        parser.error("--mentors and --repeat must be at least 1")
    if args.data and (args.people or args.database_url):
        parser.error("--data names its own database; leave out --people and --database-url")
    if args.data and not os.path.exists(os.path.join(args.data, "tandem.sqlite3")):
        parser.error(f"{args.data} has no tandem.sqlite3 (make it with bench/demo_scale.py "
                     "--keep)")
    return args


# --- Database set-up ------------------------------------------------------------------


def _postgres_config(database_url: str) -> dict | None:
    """The parsed URL when it names a PostgreSQL database, else None."""
    import dj_database_url

    config = dj_database_url.parse(database_url)
    return config if config["ENGINE"] == "django.db.backends.postgresql" else None


def _postgres_admin(config: dict):
    """An autocommit connection to the same server's ``postgres`` database."""
    import psycopg

    return psycopg.connect(
        dbname="postgres", host=config["HOST"] or None, port=config["PORT"] or None,
        user=config["USER"] or None, password=config["PASSWORD"] or None, autocommit=True,
    )


def _postgres_create(config: dict) -> bool:
    """Create the bench database when missing; True when this call created it."""
    from psycopg import sql

    with _postgres_admin(config) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                         [config["NAME"]]).fetchone():
            return False
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
    return True


def _postgres_drop(config: dict) -> None:
    from psycopg import sql

    with _postgres_admin(config) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(
            sql.Identifier(config["NAME"])))


@contextmanager
def throwaway_django(database_url: str, kept_data_dir: str = ""):
    """Configure Django on a temporary data folder (and ``database_url`` if given), migrate,
    collect static files; undo all of it on the way out. With ``kept_data_dir``, on that
    folder instead, which is kept."""
    data_dir = kept_data_dir or tempfile.mkdtemp(prefix="tandem-bench-")
    for name in ISOLATED_VARIABLES:
        os.environ.pop(name, None)
    os.environ["TANDEM_DATA_DIR"] = data_dir
    os.environ["TANDEM_ENV"] = "development"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    postgres = _postgres_config(database_url) if database_url else None
    created_database = django_ready = False
    try:
        if database_url:
            os.environ["DATABASE_URL"] = database_url
        if postgres:
            created_database = _postgres_create(postgres)

        import django
        from django.core.management import call_command

        django.setup()
        django_ready = True
        call_command("migrate", verbosity=0)
        # The manifest storage used outside tests needs collected files to render pages.
        call_command("collectstatic", interactive=False, verbosity=0)
        yield
    finally:
        if django_ready:
            from django.db import connections

            connections.close_all()
        if created_database:
            _postgres_drop(postgres)
        if not kept_data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)


# --- Data -----------------------------------------------------------------------------


def _bio(rng: random.Random, first: str, role: str, years: int, passion: str) -> str:
    return (f"{first} is a {role.lower()} with {years} years of experience, who cares about "
            f"{passion}.\n\n**How I mentor:** {rng.choice(MENTORING_STYLES)}")


def _windows(rng: random.Random) -> list[tuple[int, int, int]]:
    windows = []
    for weekday in sorted(rng.sample(range(7), k=rng.randint(2, 5))):
        start = rng.randrange(6 * 60, 21 * 60, 30)
        windows.append((weekday, start, min(start + rng.choice([60, 90, 120, 180]), 1440)))
    return windows


def _window(profile, weekday: int, start: int, end: int):
    from tandem.accounts.models import AvailabilityWindow
    from tandem.accounts.services import _to_utc

    utc_start, utc_end = _to_utc(weekday, start, end, profile.utc_offset_minutes)
    return AvailabilityWindow(profile=profile, weekday=weekday, start_minute=start,
                              end_minute=end, utc_start=utc_start, utc_end=utc_end)


def _search_text(*parts: str) -> str:
    """As ``tandem.accounts.services._search_text``: name, headline, bio, offered skills and
    industries, lower-cased."""
    return " ".join(part for part in parts if part).lower()


def generate_mentors(count: int, seed: int):
    """``count`` mentors with tags, languages and availability, and one mentee who searches;
    returns the mentee's User."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from tandem.accounts.models import AvailabilityWindow, Profile, ProfileLanguage, User
    from tandem.accounts.services import tags_for, zone_offset_minutes
    from tandem.accounts.weekbits import FIELDS, hour_columns, language_codes_text

    rng = random.Random(seed)
    skill_names = sorted({s for track in TRACKS for s in track[1]} | set(EXTRA_SKILLS))
    industry_names = sorted({i for track in TRACKS for i in track[2]} | set(EXTRA_INDUSTRIES))
    offsets = {zone: zone_offset_minutes(zone) for zone, _ in ZONES}
    password = make_password(None)

    with transaction.atomic():
        skills = {tag.name: tag for tag in tags_for(skill_names)}
        industries = {tag.name: tag for tag in tags_for(industry_names)}
        users = User.objects.bulk_create(
            [User(email=f"mentor{i}@bench.tandem.test", password=password) for i in range(count)],
            batch_size=2000,
        )
        profiles, picks = [], []
        for user in users:
            role, track_skills, track_industries, passion = rng.choice(TRACKS)
            zone, local_languages = rng.choice(ZONES)
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            years = rng.randint(1, 30)
            offered = rng.sample(track_skills, k=rng.randint(3, 5)) + [rng.choice(skill_names)]
            offered = list(dict.fromkeys(offered))
            in_industries = rng.sample(track_industries, k=rng.randint(1, 2))
            languages = (["en"] if rng.random() < 0.85 else []) + local_languages
            languages = languages[:3] or [rng.choice(["fr", "de", "es", "pt"])]
            capacity = rng.randint(1, 5)
            name = f"{first} {last}"
            headline = " ".join(filter(None, [rng.choice(SENIORITY), role.lower()])).capitalize()
            headline += f", {years} years in {in_industries[0].lower()}"
            bio = _bio(rng, first, role, years, passion)
            profiles.append(Profile(
                user=user, display_name=name, headline=headline, bio=bio, is_mentor=True,
                is_mentee=rng.random() < 0.2, timezone=zone, utc_offset_minutes=offsets[zone],
                location=zone.split("/")[-1].replace("_", " "),
                experience_years=None if rng.random() < 0.1 else years,
                mentor_capacity=capacity, places_taken=rng.randint(0, capacity),
                open_to_requests=rng.random() < 0.85,
                meeting_channels=rng.sample(["video", "phone", "in_person", "chat"], k=2),
                search_text=_search_text(name, headline, bio, " ".join(offered),
                                         " ".join(in_industries)),
            ))
            picks.append((offered, in_industries, languages, _windows(rng)))
        profiles = Profile.objects.bulk_create(profiles, batch_size=2000)
        # created_at is set on insert; spread it over three years so "newest" sorts real data.
        # The directory's columns as the accounts services keep them (accounts/weekbits.py).
        for profile, (_, _, languages, windows) in zip(profiles, picks, strict=True):
            profile.created_at -= timedelta(days=rng.uniform(0, 3 * 365))
            rows = [_window(profile, *window) for window in windows]
            for name, value in hour_columns((w.utc_start, w.utc_end) for w in rows).items():
                setattr(profile, name, value)
            profile.language_codes = language_codes_text(languages)
        Profile.objects.bulk_update(profiles, ["created_at", "language_codes", *FIELDS],
                                    batch_size=1000)

        offered_rows, industry_rows, language_rows, window_rows = [], [], [], []
        for profile, (offered, in_industries, languages, windows) in zip(profiles, picks,
                                                                         strict=True):
            offered_rows += [Profile.skills_offered.through(profile=profile, tag=skills[s])
                             for s in offered]
            industry_rows += [Profile.industries.through(profile=profile, tag=industries[i])
                              for i in in_industries]
            language_rows += [ProfileLanguage(profile=profile, code=c) for c in languages]
            window_rows += [_window(profile, *window) for window in windows]
        Profile.skills_offered.through.objects.bulk_create(offered_rows, batch_size=5000)
        Profile.industries.through.objects.bulk_create(industry_rows, batch_size=5000)
        ProfileLanguage.objects.bulk_create(language_rows, batch_size=5000)
        AvailabilityWindow.objects.bulk_create(window_rows, batch_size=5000)

        viewer = User.objects.create(email="viewer@bench.tandem.test", password=password)
        viewer_profile = Profile.objects.create(
            user=viewer, display_name="Vera Viewer", headline="Junior developer",
            is_mentee=True, timezone="Europe/Berlin",
            utc_offset_minutes=zone_offset_minutes("Europe/Berlin"),
            search_text=_search_text("Vera Viewer", "Junior developer"), language_codes=" en ",
        )
        ProfileLanguage.objects.create(profile=viewer_profile, code="en")
        AvailabilityWindow.objects.bulk_create(
            [_window(viewer_profile, *window) for window in VIEWER_WINDOWS])
    return viewer


def scaled_viewer(people: int):
    """The searching mentee of a ``tandem demo --scale`` database, first generating
    ``people`` people when asked to."""
    from django.core.management import call_command

    from tandem.accounts.models import User
    from tandem.demo.scale import scale_email

    if people:
        call_command("demo", scale=people, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return User.objects.get(email=scale_email(1))  # 1 is a mentee, 0 a mentor


# --- Measurements ---------------------------------------------------------------------


def _summary(samples: list[float]) -> dict:
    ms = [s * 1000 for s in samples]
    p95 = statistics.quantiles(ms, n=20, method="inclusive")[-1] if len(ms) > 1 else ms[0]
    return {"median_ms": round(statistics.median(ms), 2), "p95_ms": round(p95, 2)}


class QueryCounter:
    """A database execute wrapper counting statements. Unlike CaptureQueriesContext it
    survives the query log reset Django makes at each request's start."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(action: Callable[[], object], repeat: int) -> tuple[dict, object]:
    """Run ``action`` once to warm up (counting its SQL queries), then ``repeat`` times on
    the clock. Returns the figures and the warm-up's result."""
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        result = action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return {**_summary(samples), "sql_queries": counter.count}, result


def time_searches(viewer, repeat: int) -> dict:
    from tandem.directory.selectors import DirectoryQuery, mentor_search

    figures = {}
    for name, filters in SEARCHES.items():
        def search(filters=filters):
            return mentor_search(viewer=viewer, query=DirectoryQuery(**filters))

        timing, page = measure(search, repeat)
        figures[name] = {**timing, "count": page.total}
    return figures


def time_pages(viewer, repeat: int) -> dict:
    from django.test import Client

    client = Client()
    client.force_login(viewer)
    figures = {}
    for name, (url, headers) in PAGES.items():
        def request(url=url, headers=headers):
            response = client.get(url, **headers)
            if response.status_code != 200:
                raise SystemExit(f"GET {url} answered {response.status_code}")
            return response

        timing, response = measure(request, repeat)
        figures[name] = {**timing, "bytes": len(response.content)}
    return figures


def print_table(title: str, figures: dict, extra: str) -> None:
    width = max(len(name) for name in figures)
    print(f"\n{title:<{width}}  {'median ms':>9}  {'p95 ms':>8}  {extra:>7}  {'SQL':>3}")
    for name, row in figures.items():
        print(f"{name:<{width}}  {row['median_ms']:>9.2f}  {row['p95_ms']:>8.2f}  "
              f"{row[extra]:>7}  {row['sql_queries']:>3}")


def main() -> int:
    args = parse_args()
    with throwaway_django(args.database_url, args.data):
        from django.db import connection

        from tandem.accounts.models import Profile

        started = time.perf_counter()
        if args.people or args.data:
            viewer = scaled_viewer(args.people)
        else:
            viewer = generate_mentors(args.mentors, args.seed)
        generation_s = time.perf_counter() - started
        people = Profile.objects.count()
        mentors = Profile.objects.filter(is_mentor=True).count()
        seed = "" if args.people or args.data else f" (seed {args.seed})"
        print(f"Database: {connection.vendor}; {people} people, {mentors} mentors{seed}, "
              f"{args.repeat} runs per figure", flush=True)
        print(f"Generated the data in {generation_s:.1f} s", flush=True)
        if connection.vendor == "postgresql":
            # Autovacuum would analyze the fresh tables at some moment of the run; do it now
            # so that every figure comes from the plans a settled database uses.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        searches = time_searches(viewer, args.repeat)
        pages = time_pages(viewer, args.repeat)
        vendor = connection.vendor

    print_table("search (mentor_search)", searches, "count")
    print_table("request (server time)", pages, "bytes")
    medians = [row["median_ms"] for row in (*searches.values(), *pages.values())]
    worst = max(medians)
    within = worst <= args.budget_ms
    print(f"\nSlowest median {worst:.2f} ms; budget {args.budget_ms:g} ms: "
          f"{'within' if within else 'EXCEEDED'}")
    print(json.dumps({
        "people": people, "mentors": mentors, "seed": args.seed, "repeat": args.repeat,
        "data": args.data or None, "database": vendor,
        "generation_s": round(generation_s, 2), "queries": searches, "pages": pages,
        "max_median_ms": worst, "budget_ms": args.budget_ms, "within_budget": within,
    }))
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
