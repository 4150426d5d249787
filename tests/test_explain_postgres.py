"""On PostgreSQL, the most frequent queries of the load test's pages find their rows through
an index, not by reading a whole table that grows with the number of people.

The pages bench/load/locustfile.py visits (``tandem.demo.pages``) are requested as a
generated mentee and a generated mentor of a small ``tandem demo --scale`` dataset,
capturing every query (the session and user look-ups included). The SQL is normalised
(literals become placeholders) and counted; each of the 15 most frequent distinct SELECTs
is EXPLAINed with its real parameters after ``SET LOCAL enable_seqscan = off``, which makes
the planner use any index that can serve the query, however small the test's tables are.
A ``Seq Scan`` left in a plan then means no index can: the test fails for any table but
the small ones below. bench/README.md ("100,000 people") lists what this found.

Marked ``postgres``: the SQLite pass of ``make test`` leaves it out. Run by hand on SQLite
it skips; under CI=true a missing PostgreSQL is a failure.
"""

from __future__ import annotations

import os
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.postgres

TOP = 15

# Tables that do not grow with the number of people: a sequential scan of them is as cheap
# as an index look-up, whatever the size of the installation.
SMALL_TABLES = {
    "django_content_type": "one row per model",
    "auth_permission": "four rows per model",
    "auth_group": "a handful of staff groups",
    "django_site": "one row",
    "django_migrations": "one row per migration",
    "accounts_tag": "the skill and industry vocabulary: hundreds of rows, not one per person",
    "mentorships_declinereason": "a fixed list of reasons",
    "programs_program": "a few programs per installation",
}

PLACEHOLDERS = [
    (re.compile(r"'(?:[^']|'')*'"), "?"),  # string literals, dates and JSON included
    (re.compile(r"\b\d+(?:\.\d+)?\b"), "?"),  # numbers
    (re.compile(r"\((?:\?\s*(?:::\w+(?:\[\])?)?\s*,\s*)+\?(?:::\w+(?:\[\])?)?\)"), "(?)"),
    (re.compile(r"\s+"), " "),
]
SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")


def normalise(sql: str) -> str:
    for pattern, replacement in PLACEHOLDERS:
        sql = pattern.sub(replacement, sql)
    return sql.strip()


def _require_postgres() -> None:
    if connection.vendor != "postgresql":
        message = "EXPLAINs PostgreSQL's plans, which needs PostgreSQL (DATABASE_URL)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def _visit_pages() -> list[str]:
    """Every query the load test's pages run, for a generated mentee and mentor."""
    from django.test import Client

    from tandem.demo.pages import load_test_pages
    from tandem.demo.scale import EMAIL_DOMAIN
    from tandem.mentorships.models import Relationship

    rel = (Relationship.objects.filter(mentee__email__endswith="@" + EMAIL_DOMAIN,
                                       state="active")
           .select_related("mentee", "mentor").order_by("id").first())
    queries = []
    for person in (rel.mentee, rel.mentor):
        client = Client()
        client.force_login(person)
        for _ in range(2):  # caches cold, then warm: as a person moving around meets them
            for _name, url, headers in load_test_pages(rel.pk):
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url, **headers)
                assert response.status_code == 200, url
                queries += [query["sql"] for query in captured.captured_queries]
    return queries


def most_frequent_selects(queries: list[str], top: int = TOP) -> list[tuple[int, str, str]]:
    """(times, normalised SQL, one real instance) of the ``top`` most frequent SELECTs."""
    counts: Counter[str] = Counter()
    example: dict[str, str] = {}
    for sql in queries:
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        shape = normalise(sql)
        counts[shape] += 1
        example.setdefault(shape, sql)
    return [(times, shape, example[shape]) for shape, times in counts.most_common(top)]


def test_normalise_turns_literals_into_placeholders():
    assert normalise("SELECT 1 FROM t WHERE a = 'x''y' AND b IN (1, 2, 3) AND c = 4.5") == \
        "SELECT ? FROM t WHERE a = ? AND b IN (?) AND c = ?"


def test_the_most_frequent_queries_use_indexes_on_large_tables(db):
    _require_postgres()
    call_command("demo", scale=60, stdout=open(os.devnull, "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    top = most_frequent_selects(_visit_pages())
    assert len(top) == TOP
    problems = []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for times, shape, sql in top:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            large = sorted(set(SEQ_SCAN.findall(plan)) - set(SMALL_TABLES))
            scans = re.findall(r"((?:Seq|Index|Index Only|Bitmap Heap) Scan(?: Backward)? "
                               r"(?:using \w+ )?on \w+)", plan)
            print(f"{times:>3}x {shape[:160]}\n      {'; '.join(dict.fromkeys(scans))}")
            if large:
                problems.append(f"{times}x {shape}\n  scans {', '.join(large)}:\n{plan}")
    assert not problems, "\n\n".join(problems)
