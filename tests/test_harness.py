"""The test harness itself (conftest.py): what it copies instead of remaking must be what
remaking would give, and a test that commits must not take other tests' seeded rows."""

from __future__ import annotations

import pytest
from django.test import TransactionTestCase


@pytest.mark.django_db(transaction=True)
def test_a_committing_tests_end_leaves_the_seeded_rows():
    """pytest-django empties every table after a test that commits; conftest.py puts back
    the rows the data migrations seeded, which later tests in the same process need
    whatever order xdist gives them."""
    from tandem.mentorships.models import DeclineReason
    from tandem.plans.models import PlanTemplate

    reasons = sorted(DeclineReason.objects.values_list("label", flat=True))
    templates = sorted(PlanTemplate.objects.values_list("pk", "name"))
    assert reasons and templates
    TransactionTestCase()._fixture_teardown()  # what runs after this test
    assert sorted(DeclineReason.objects.values_list("label", flat=True)) == reasons
    assert sorted(PlanTemplate.objects.values_list("pk", "name")) == templates


def test_the_demo_rows_are_what_the_command_makes(demo_data):
    """The copy of `tandem demo`'s rows has what the command makes: every person, with
    the relationships and meetings the demo's own tests read."""
    from tandem.accounts.models import User
    from tandem.meetings.models import Meeting
    from tandem.mentorships.models import Relationship

    assert User.objects.filter(email="mentee@demo.tandem.test").exists()
    assert 40 <= User.objects.count() <= 50
    assert Relationship.objects.count() >= 4 and Meeting.objects.count() >= 8


def test_only_tests_that_reach_no_database_leave_the_postgresql_pass(request, db):
    """conftest.py marks ``no_database`` (left out of the PostgreSQL pass) a test that asks
    for no database fixture and whose module starts no process that could read
    DATABASE_URL; every other test stays in it."""
    from types import SimpleNamespace

    from conftest import _needs_no_database

    here = request.node
    assert not here.get_closest_marker("no_database")  # this one asks for `db`
    assert not _needs_no_database(here)

    def item(fixtures, module, marker=None):
        return SimpleNamespace(fixturenames=fixtures, path=module,
                               get_closest_marker=lambda name: name == marker or None)

    pure = "tandem/core/tests/test_id_parsing.py"
    starts_processes = "tests/test_crash_safety.py"
    assert _needs_no_database(item(["client"], here.config.rootpath / pure))
    assert not _needs_no_database(item(["client"], here.config.rootpath / starts_processes))
    for fixture in ("db", "transactional_db", "live_server", "django_db_setup"):
        assert not _needs_no_database(item([fixture], here.config.rootpath / pure))
    assert not _needs_no_database(item([], here.config.rootpath / pure, marker="django_db"))
    assert not _needs_no_database(item([], here.config.rootpath / pure, marker="postgres"))
