"""A mentorship's timeline: every event in date order, filterable by kind, for its two
parties only."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.meetings import services as meetings
from tandem.mentorships.services import agreement_confirm, request_accept, request_create


@pytest.fixture
def rel(personas):
    goals = [g.pk for g in personas.mentee.career_goals.all()]
    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hello!",
                         goal_ids=goals)
    rel = request_accept(actor=personas.mentor, request=req)
    agreement_confirm(actor=personas.mentee, relationship=rel, version=1)
    agreement_confirm(actor=personas.mentor, relationship=rel, version=1)
    return rel


def _held_meeting(rel, actor, days_ago):
    day = timezone.localdate() - timedelta(days=days_ago)
    return meetings.meeting_schedule(actor=actor, relationship=rel, day=day, at=time(9, 0),
                                     tz="UTC", held=True)


def test_it_lists_agreement_and_meetings_newest_first(rel, personas, client_for):
    _held_meeting(rel, personas.mentee, 3)
    response = client_for(personas.mentee).get(reverse("record:timeline", args=[rel.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Agreement version 1 confirmed by both" in page
    assert "Meeting held" in page
    assert "The mentorship started" in page
    # Newest first: the confirmation (today) comes before the meeting three days ago.
    assert page.index("confirmed by both") < page.index("Meeting held")


def test_it_filters_by_kind(rel, personas, client_for):
    _held_meeting(rel, personas.mentee, 3)
    page = client_for(personas.mentor).get(
        reverse("record:timeline", args=[rel.pk]), {"kind": "meeting"}).content.decode()
    assert "Meeting held" in page
    assert "confirmed by both" not in page


def test_it_names_an_unknown_kind(rel, personas, client_for, api_client):
    response = client_for(personas.mentee).get(reverse("record:timeline", args=[rel.pk]),
                                               {"kind": "gossip"})
    assert response.status_code == 400
    assert "Unknown kind" in response.content.decode()
    api = api_client(personas.mentee).get(f"/api/mentorships/{rel.pk}/timeline?kind=gossip")
    assert api.status_code == 422
    assert api.json()["errors"][0]["field"] == "kind"


def test_it_gives_the_api_the_same_events(rel, personas, api_client):
    _held_meeting(rel, personas.mentee, 3)
    events = api_client(personas.mentor).get(
        f"/api/mentorships/{rel.pk}/timeline?kind=meeting&kind=agreement").json()
    kinds = {e["kind"] for e in events}
    assert kinds == {"meeting", "agreement"}
    times = [e["at"] for e in events]
    assert times == sorted(times, reverse=True)


def test_it_is_hidden_from_everyone_else(rel, personas, client_for, api_client):
    for person in (personas.outsider, personas.coordinator, personas.mentor2):
        assert client_for(person).get(
            reverse("record:timeline", args=[rel.pk])).status_code == 404
        assert api_client(person).get(
            f"/api/mentorships/{rel.pk}/timeline").status_code == 404


def test_it_costs_the_same_queries_with_more_meetings(rel, personas, client_for,
                                                       query_budget):
    client = client_for(personas.mentee)
    url = reverse("record:timeline", args=[rel.pk])
    made = []

    def make(n):
        for _ in range(n):
            made.append(_held_meeting(rel, personas.mentee, 10 + len(made)))

    query_budget(make=make, call=lambda: client.get(url), small=2, large=12)
