"""Invitations accepted at the same moment for a circle's last places, in real concurrent
transactions. PostgreSQL only (SQLite serialises writers; see
mentorships/tests/test_capacity_race.py)."""

import pytest

from tandem.accounts.tests.factories import make_mentee, make_mentor
from tandem.circles import services
from tandem.circles.models import Circle, Membership
from tandem.core.errors import Conflict
from tandem.core.tests.concurrency import require_postgres, run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

RACERS = 8


@pytest.mark.parametrize("size", [2, 3])
def test_it_never_fills_more_places_than_the_size_limit(size):
    require_postgres()
    mentor = make_mentor()
    circle = services.circle_create(actor=mentor, topic="Race", mentor_led=True,
                                    size_limit=size)
    people = [make_mentee() for _ in range(RACERS)]
    for person in people:
        services.member_invite(actor=mentor, circle=circle, user=person)

    outcomes = run_concurrently(
        [lambda p=p: services.invitation_respond(actor=p, circle=Circle.objects.get(
            pk=circle.pk), accept=True) for p in people], refused=(Conflict,))

    assert outcomes.count("done") == size, outcomes
    circle.refresh_from_db()
    assert circle.member_count == size and circle.state == "full"
    assert Membership.objects.filter(circle=circle, role="member", status="active").count() \
        == size
