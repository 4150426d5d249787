"""A program's overview reads its figures once: the header, the figures card and "needs
you" share them, in a fixed number of queries however big the program is."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

# The overview's queries for its coordinator, the session and the header's included
# (before the header, the figures card and "needs you" shared their figures: 28 here).
OVERVIEW_BUDGET = 12


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_overview_costs_the_same_with_more_people(personas, ready_run, client_for):
    from tandem.accounts.tests.factories import make_mentee
    from tandem.programs.services import participant_apply

    program = ready_run.program
    client = client_for(personas.coordinator)
    url = f"/programs/{program.pk}/"
    few = _count(client, url)
    for n in range(3):
        participant_apply(actor=make_mentee(email=f"x{n}@example.com", name=f"X {n}"),
                          program=program, role="mentee", answers=["To grow"])
    assert few == _count(client, url) <= OVERVIEW_BUDGET, few


def test_the_shared_figures_are_the_databases(personas, ready_run, client_for):
    """Each figure the overview and its header show, counted here on its own."""
    from tandem.mentorships.models import Relationship
    from tandem.programs import selectors
    from tandem.programs.models import Participant
    from tandem.programs.services import run_publish

    program = ready_run.program
    run_publish(actor=personas.coordinator, run=ready_run)
    figures = selectors.figures(program)
    match = selectors.match_figures(program)
    enrolled = Participant.objects.filter(program=program, status="active",
                                          user__is_active=True)
    assert figures["mentees"] == match["mentees"] == enrolled.filter(role="mentee").count()
    assert figures["mentors"] == match["mentors"] == enrolled.filter(role="mentor").count()
    assert figures["places"] == sum(p.capacity for p in enrolled.filter(role="mentor"))
    assert figures["withdrawn"] == Participant.objects.filter(
        program=program, status="withdrawn").count()
    assert figures["active"] == Relationship.objects.filter(
        program=program, state__in=["active", "paused"]).count()
    assert figures["unmatched_mentees"] == max(match["mentees"] - match["matched_mentees"], 0)
    assert figures["awaiting_pairs"] == match["pairs"]["awaiting"]
    page = client_for(personas.coordinator).get(f"/programs/{program.pk}/").content.decode()
    assert f"<dt>Mentees enrolled</dt><dd>{figures['mentees']}</dd>" in page
