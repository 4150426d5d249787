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
