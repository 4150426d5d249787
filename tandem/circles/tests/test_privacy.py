"""A circle's content is its members' only: pages, API and notifications. Coordinators and
staff see figures, never content."""

from __future__ import annotations

import pytest

from tandem.circles import services
from tandem.notifications.models import Notification

pytestmark = pytest.mark.django_db

SECRET = "I am thinking of quitting my job"


@pytest.fixture
def busy(personas, circle, soon):
    services.post_add(actor=personas.mentee2, circle=circle, body=SECRET)
    meeting = services.meetings_schedule(actor=personas.mentor, circle=circle, first_at=soon,
                                         count=1)[0]
    services.note_save(actor=personas.mentee2, meeting=meeting, text=SECRET)
    services.agreement_propose(actor=personas.mentee2, circle=circle, text=SECRET)
    return circle, meeting


def test_members_read_the_content(personas, busy, client_for):
    circle, meeting = busy
    client = client_for(personas.mentor)
    for url in (f"/circles/{circle.pk}/", f"/circles/{circle.pk}/posts/",
                f"/circles/meetings/{meeting.pk}/", f"/circles/{circle.pk}/agreement/"):
        response = client.get(url)
        assert response.status_code == 200 and SECRET in response.content.decode(), url


@pytest.mark.parametrize("who", ["outsider", "mentor2", "coordinator", "staff"])
def test_others_get_404_everywhere(personas, busy, client_for, api_client, who):
    circle, meeting = busy
    services.circle_update(actor=personas.mentor, circle=circle,
                           changes={"join_mode": "invitation"})
    user = getattr(personas, who)
    client = client_for(user)
    for url in (f"/circles/{circle.pk}/", f"/circles/{circle.pk}/posts/",
                f"/circles/meetings/{meeting.pk}/", f"/circles/{circle.pk}/agreement/",
                f"/circles/{circle.pk}/members/"):
        assert client.get(url).status_code == 404, url
    api = api_client(user)
    for url in (f"/api/circles/{circle.pk}", f"/api/circles/{circle.pk}/posts",
                f"/api/circle-meetings/{meeting.pk}", f"/api/circles/{circle.pk}/agreement"):
        response = api.get(url)
        assert response.status_code == 404 and SECRET not in response.content.decode(), url


def test_a_circle_that_takes_requests_shows_its_summary_not_its_content(
        personas, busy, client_for):
    circle, _ = busy
    response = client_for(personas.outsider).get(f"/circles/{circle.pk}/")
    # The fixture's circle takes requests: Oscar may find it and ask, nothing more.
    assert response.status_code == 200
    body = response.content.decode()
    assert circle.topic in body and "Ask to join" in body and SECRET not in body


def test_notifications_say_what_happened_not_what_was_written(personas, busy):
    titles = " ".join(Notification.objects.values_list("title", flat=True))
    bodies = " ".join(Notification.objects.values_list("body", flat=True))
    assert SECRET not in titles and SECRET not in bodies
    assert not Notification.objects.filter(
        recipient__in=[personas.outsider, personas.coordinator, personas.staff],
        kind__startswith="circle").exists()


def test_a_former_member_loses_access(personas, busy, client_for):
    circle, _ = busy
    services.circle_leave(actor=personas.mentee2, circle=circle)
    assert client_for(personas.mentee2).get(f"/circles/{circle.pk}/posts/").status_code == 404


def test_health_shows_figures_only(personas, busy, client_for):
    circle, _ = busy
    response = client_for(personas.staff).get("/circles/health/")
    body = response.content.decode()
    assert response.status_code == 200 and circle.topic in body and SECRET not in body
    assert client_for(personas.mentee2).get("/circles/health/").status_code == 404
