"""A circle is a workspace: each of its pages shows its header and a sub-navigation with
the current tab marked. Marta leads the circle and also sees Settings; Noah, a member,
sees the rest; Omar (not in it) and the coordinator get 404, as before."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.tests.factories import make_mentee
from tandem.circles import services
from tandem.circles.models import CircleMeeting, Membership
from tandem.programs.tests.test_program_tabs import nav_of

MEMBER_TABS = [("Overview", "circles:home"), ("Meetings", "circles:meetings"),
               ("Members", "circles:members"), ("Conversation", "circles:posts"),
               ("Resources and goals", "circles:resources"),
               ("Agreement", "circles:agreement")]
LEADER_TABS = [*MEMBER_TABS, ("Settings", "circles:edit")]


def _links(circle, tabs):
    return [(label, reverse(name, args=[circle.pk])) for label, name in tabs]


def test_it_shows_the_leader_every_tab_with_the_current_one_marked(personas, circle,
                                                                   client_for):
    client = client_for(personas.mentor)
    for label, name in LEADER_TABS:
        response = client.get(reverse(name, args=[circle.pk]))
        assert response.status_code == 200, name
        nav = nav_of(response.content.decode(), "Circle")
        assert [(t, h) for t, h, _ in nav.links] == _links(circle, LEADER_TABS)
        assert [t for t, _, c in nav.links if c == "page"] == [label]
        assert nav.h1 == [circle.topic]


def test_it_shows_a_member_the_tabs_without_settings(personas, circle, client_for, soon):
    meeting = services.meetings_schedule(actor=personas.mentor, circle=circle,
                                         first_at=soon, count=1)[0]
    client = client_for(personas.mentee2)
    for label, name in MEMBER_TABS:
        nav = nav_of(client.get(reverse(name, args=[circle.pk])).content.decode(), "Circle")
        assert [(t, h) for t, h, _ in nav.links] == _links(circle, MEMBER_TABS)
        assert [t for t, _, c in nav.links if c == "page"] == [label]
    assert client.get(reverse("circles:edit", args=[circle.pk])).status_code == 403
    nav = nav_of(client.get(reverse("circles:meeting", args=[meeting.pk])).content.decode(),
                 "Circle")
    assert [t for t, _, c in nav.links if c == "page"] == ["Meetings"]


def test_it_keeps_the_new_tabs_from_everyone_else(personas, circle, client_for):
    for user in (personas.mentor2, personas.coordinator, personas.staff, personas.outsider):
        for name in ("circles:meetings", "circles:resources"):
            assert client_for(user).get(reverse(name, args=[circle.pk])).status_code == 404
    assert client_for(None).get(reverse("circles:meetings", args=[circle.pk])
                                ).status_code == 302
    # Someone asking to join sees the circle's summary, with no sub-navigation.
    services.membership_request(actor=personas.outsider, circle=circle)
    html = client_for(personas.outsider).get(
        reverse("circles:home", args=[circle.pk])).content.decode()
    assert nav_of(html, "Circle").links == []


def test_it_tells_the_overview_what_needs_the_member(personas, circle, client_for, soon):
    asking = [make_mentee(email=f"ask{i}@example.com", name=f"Asker {i}") for i in range(2)]
    for user in asking:
        services.membership_request(actor=user, circle=circle)
    services.agreement_propose(actor=personas.mentor, circle=circle, text="We meet monthly.")
    services.meetings_schedule(actor=personas.mentor, circle=circle,
                               first_at=soon + timedelta(days=1), count=2)
    url = reverse("circles:home", args=[circle.pk])

    leader = client_for(personas.mentor).get(url).content.decode()
    requested = Membership.objects.filter(circle=circle, status="requested").count()
    assert requested == 2
    assert f"{requested} people ask to join" in leader
    assert "waits for your confirmation" not in leader  # she wrote it: confirmed
    first = CircleMeeting.objects.filter(circle=circle, status="scheduled",
                                         starts_at__gte=timezone.now()
                                         ).order_by("starts_at").first()
    assert re.search(rf'data-testid="next-meeting"><a href="{reverse("circles:meeting", args=[first.pk])}"',
                     leader)

    member = client_for(personas.mentee2).get(url).content.decode()
    assert "Version 1 of the agreement waits for your confirmation" in member
    assert "ask to join" not in member


def test_it_sends_the_forms_back_to_their_tab(personas, circle, client_for, soon):
    client = client_for(personas.mentor)
    response = client.post(reverse("circles:schedule", args=[circle.pk]), {
        "day": soon.date().isoformat(), "at": "18:00", "count": 2, "every_weeks": 2})
    assert response.url == reverse("circles:meetings", args=[circle.pk])
    response = client.post(reverse("circles:resource_add", args=[circle.pk]),
                           {"title": "A book", "url": "", "note": ""})
    assert response.url == reverse("circles:resources", args=[circle.pk]) + "#resources-title"
    response = client.post(reverse("circles:goals", args=[circle.pk]), {})
    assert response.url == reverse("circles:resources", args=[circle.pk]) + "#goals-title"


def _grow(circle, personas, n: int, start: int):
    for i in range(start, start + n):
        user = make_mentee(email=f"grow{i}@example.com", name=f"Grown {i}")
        services.membership_request(actor=user, circle=circle)
        services.post_add(actor=personas.mentee2, circle=circle, body=f"Post {i}")
        services.resource_add(actor=personas.mentee2, circle=circle, title=f"Book {i}")
    services.meetings_schedule(actor=personas.mentor, circle=circle,
                               first_at=timezone.now() + timedelta(days=1 + start), count=n)
    services.agreement_propose(actor=personas.mentor, circle=circle, text=f"Version {start}")


@pytest.mark.parametrize("name", [n for _, n in LEADER_TABS])
def test_it_costs_the_same_queries_as_the_circle_grows(personas, circle, client_for, name):
    client = client_for(personas.mentor)
    url = reverse(name, args=[circle.pk])
    client.get(url)

    def count():
        # Warm first: growing notifies the leader, which renews their cached header.
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _grow(circle, personas, 1, 0)
    small = count()
    _grow(circle, personas, 3, 10)
    assert count() == small
