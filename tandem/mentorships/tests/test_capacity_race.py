"""Accepts racing for a mentor's last places, in real concurrent transactions.

PostgreSQL only: SQLite serialises every writer at BEGIN IMMEDIATE, so nothing can race
there (and its in-memory test database has no busy wait). `make test` runs this file in
its PostgreSQL pass, which CI requires."""

import pytest

from tandem.accounts.models import Profile
from tandem.accounts.tests.factories import make_mentee, make_mentor
from tandem.core.errors import Conflict
from tandem.core.tests.concurrency import require_postgres, run_concurrently
from tandem.mentorships.models import MentorshipRequest, Relationship
from tandem.mentorships.services import request_accept, request_create

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

RACERS = 8


def race(functions):
    """Start every function at the same moment, each in its own thread and connection."""
    outcomes = run_concurrently(functions, refused=(Conflict,))
    return ["accepted" if outcome == "done" else outcome for outcome in outcomes]


@pytest.mark.parametrize("capacity", [1, 3])
def test_it_never_fills_more_places_than_the_capacity(capacity):
    require_postgres()
    mentor = make_mentor(capacity=capacity)
    requests = [request_create(actor=make_mentee(), mentor=mentor, message="Please mentor me.")
                for _ in range(RACERS)]

    outcomes = race([lambda r=r: request_accept(actor=mentor, request=r) for r in requests])

    assert sorted(set(outcomes)) == ["accepted", "refused"], outcomes
    assert outcomes.count("accepted") == capacity
    assert Profile.objects.get(user=mentor).places_taken == capacity
    assert Relationship.objects.filter(mentor=mentor).count() == capacity
    assert MentorshipRequest.objects.filter(mentor=mentor, state="accepted").count() == capacity


def test_it_lets_only_one_of_accept_and_withdraw_win():
    require_postgres()
    from tandem.mentorships.services import request_withdraw

    mentor = make_mentor(capacity=5)
    for _ in range(5):
        mentee = make_mentee()
        req = request_create(actor=mentee, mentor=mentor, message="Hi!")
        outcomes = race([lambda r=req: request_accept(actor=mentor, request=r),
                         lambda r=req, m=mentee: request_withdraw(actor=m, request=r)])
        assert sorted(outcomes) == ["accepted", "refused"], outcomes
        req.refresh_from_db()
        accepted = req.state == "accepted"
        assert Relationship.objects.filter(request=req).exists() == accepted
    taken = Profile.objects.get(user=mentor).places_taken
    assert taken == Relationship.objects.filter(mentor=mentor).count()
