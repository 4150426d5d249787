"""Guard: over random program histories (mentorships open and closed, in the program and
outside it, ended by a re-match, matches declined by either side or expired, requests
declined, expired or withdrawn, pairs removed in an old review), no matching run ever
proposes an excluded pair, and ``excluded_pairs`` finds exactly the pairs the history
excludes (counted here independently, from the events drawn)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.accounts.models import Profile
from tandem.mentorships.models import MentorshipRequest, Relationship
from tandem.programs import services
from tandem.programs.matching import DECLINED_BY, excluded_pairs
from tandem.programs.models import (
    MatchingRun,
    MatchPair,
    PairStatus,
    RematchRequest,
    RematchStatus,
    RunStatus,
)

MENTEES, MENTORS = 4, 3

# Event kind -> whether it excludes the pair from every later run.
EVENTS = {
    "open_in_program": True,
    "open_outside": True,
    "completed_in_program": True,
    "completed_outside": True,
    "ended_early_outside": True,
    "ended_by_rematch": True,
    "declined_by_mentee": True,
    "declined_by_mentor": True,
    "match_expired": True,
    "request_declined": True,
    "request_expired": True,
    # Not exclusions: the pair may be proposed again.
    "request_withdrawn": False,
    "removed_in_old_review": False,
    "rematch_dismissed": None,  # an open mentorship stays: excluded as such
}

events = st.lists(st.tuples(st.sampled_from(sorted(EVENTS)), st.integers(0, MENTEES - 1),
                            st.integers(0, MENTORS - 1)), max_size=8)


@pytest.fixture
def world(personas):
    from tandem.accounts.tests.factories import make_mentee, make_mentor
    from tandem.programs.tests.conftest import program_data

    program = services.program_create(actor=personas.coordinator, **program_data())
    other = services.program_create(actor=personas.coordinator,
                                    **program_data(name="Another cohort"))
    mentees = [make_mentee(name=f"Mentee {i}") for i in range(MENTEES)]
    mentors = [make_mentor(name=f"Mentor {j}", skills=["Python"], capacity=10)
               for j in range(MENTORS)]
    for user in mentees:
        services.participant_apply(actor=user, program=program, role="mentee",
                                   answers=["Python"])
    for user in mentors:
        services.participant_apply(actor=user, program=program, role="mentor", capacity=4)
    return personas, program, other, mentees, mentors


def _make_history(program, other, mentees, mentors, drawn) -> set[tuple[int, int]]:
    """Write the drawn events; return the (mentee, mentor) user id pairs they exclude."""
    now = timezone.now()
    old_run = MatchingRun.objects.create(program=other, status=RunStatus.PUBLISHED)
    excluded = set()
    for kind, i, j in drawn:
        mentee, mentor = mentees[i], mentors[j]
        key = (mentee.pk, mentor.pk)
        if kind in ("open_in_program", "open_outside", "rematch_dismissed"):
            if Relationship.objects.filter(mentee=mentee, mentor=mentor,
                                           state__in=Relationship.OPEN_STATES).exists():
                excluded.add(key)
                continue
            rel = Relationship.objects.create(
                mentee=mentee, mentor=mentor, started_at=now,
                program=None if kind == "open_outside" else program)
            if kind == "rematch_dismissed":
                RematchRequest.objects.create(program=program, relationship=rel,
                                              requested_by=mentee, reason="Not sure.",
                                              status=RematchStatus.DISMISSED)
        elif kind in ("completed_in_program", "completed_outside", "ended_early_outside",
                      "ended_by_rematch"):
            rel = Relationship.objects.create(
                mentee=mentee, mentor=mentor, started_at=now - timedelta(days=60),
                ended_at=now - timedelta(days=1),
                state="completed" if kind.startswith("completed") else "ended_early",
                program=program if kind in ("completed_in_program", "ended_by_rematch")
                else None)
            if kind == "ended_by_rematch":
                RematchRequest.objects.create(program=program, relationship=rel,
                                              requested_by=mentee, reason="Goals differ.",
                                              status=RematchStatus.DONE)
        elif kind in ("declined_by_mentee", "declined_by_mentor", "match_expired",
                      "removed_in_old_review"):
            status = {"match_expired": PairStatus.EXPIRED,
                      "removed_in_old_review": PairStatus.REMOVED}.get(kind,
                                                                       PairStatus.DECLINED)
            note = {"declined_by_mentee": DECLINED_BY["mentee"],
                    "declined_by_mentor": DECLINED_BY["mentor"]}.get(kind, "")
            MatchPair.objects.create(run=old_run if kind != "removed_in_old_review" else
                                     MatchingRun.objects.create(program=program,
                                                                status=RunStatus.REPLACED),
                                     mentee=mentee, mentor=mentor, status=status, note=note)
        else:
            state = {"request_declined": MentorshipRequest.State.DECLINED,
                     "request_expired": MentorshipRequest.State.EXPIRED,
                     "request_withdrawn": MentorshipRequest.State.WITHDRAWN}[kind]
            MentorshipRequest.objects.create(mentee=mentee, mentor=mentor, message="Hello",
                                             state=state, expires_at=now, closed_at=now)
        if EVENTS[kind] is not False:
            excluded.add(key)
    return excluded


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(drawn=events, mode=st.sampled_from(["optimal", "stable"]))
def test_no_run_ever_proposes_an_excluded_pair(world, drawn, mode):
    personas, program, other, mentees, mentors = world
    with transaction.atomic():
        excluded = _make_history(program, other, mentees, mentors, drawn)
        ids = [u.pk for u in mentees], [u.pk for u in mentors]
        assert set(excluded_pairs(mentees=ids[0], mentors=ids[1])) == excluded
        run = MatchingRun.objects.create(program=program, started_by=personas.coordinator,
                                         mode=mode)
        run = services.run_execute(run_id=run.pk)
        assert run.status == RunStatus.READY, run.error
        proposed = {(p.mentee_id, p.mentor_id) for p in run.pairs.filter(
            status=PairStatus.PROPOSED)}
        assert not proposed & excluded
        # Every mentee in the pool with a mentor left who is not excluded is matched (the
        # mentors have places for everyone), so exclusions never cost a mentee a match.
        busy = set(Relationship.objects.filter(program=program,
                                               state__in=Relationship.OPEN_STATES)
                   .values_list("mentee_id", flat=True))
        for mentee in ids[0]:
            if mentee not in busy and any((mentee, m) not in excluded for m in ids[1]):
                assert mentee in {i for i, _ in proposed}, (mentee, run.unmatched)
        transaction.set_rollback(True)
    assert Profile.objects.filter(user__in=mentors).count() == MENTORS
