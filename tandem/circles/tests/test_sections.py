"""The dashboard card, the data export and account erasure."""

from __future__ import annotations

import pytest

from tandem.circles import sections, services
from tandem.circles.models import Circle, Membership, Post

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_circles_invitations_and_the_next_meeting(personas, circle,
                                                                     soon, client_for):
    services.meetings_schedule(actor=personas.mentor, circle=circle, first_at=soon, count=2)
    services.member_invite(actor=personas.mentor, circle=circle, user=personas.mentee)
    mine = sections.dashboard_section(viewer=personas.mentee2)
    assert mine["circles"] == [circle] and mine["next_meeting"].starts_at == soon
    invited = sections.dashboard_section(viewer=personas.mentee)
    assert [m.circle for m in invited["invitations"]] == [circle]
    assert sections.dashboard_section(viewer=personas.outsider) is None
    page = client_for(personas.mentee2).get("/").content.decode()
    assert "circles-dashboard" in page and circle.topic in page


def test_coordinators_get_figures_on_their_dashboard(personas, circle):
    card = sections.dashboard_section(viewer=personas.staff)
    assert card["health"]["total"] == 1


def test_the_export_has_what_the_user_wrote(personas, circle, soon):
    meeting = services.meetings_schedule(actor=personas.mentor, circle=circle, first_at=soon,
                                         count=1)[0]
    services.post_add(actor=personas.mentee2, circle=circle, body="My post")
    services.post_add(actor=personas.mentor, circle=circle, body="Marta's post")
    services.agenda_add(actor=personas.mentee2, meeting=meeting, text="My topic")
    services.note_save(actor=personas.mentee2, meeting=meeting, text="My notes")
    data = sections.export_data(user=personas.mentee2)
    assert [p["body"] for p in data["posts"]] == ["My post"]
    assert data["agenda_items"][0]["text"] == "My topic"
    assert data["meeting_notes"][0]["text"] == "My notes"
    assert data["memberships"][0]["status"] == "active"


def test_erasure_deletes_what_they_wrote_and_ends_memberships(personas, circle, soon):
    meeting = services.meetings_schedule(actor=personas.mentor, circle=circle, first_at=soon,
                                         count=1)[0]
    services.post_add(actor=personas.mentee2, circle=circle, body="Mine")
    services.post_add(actor=personas.mentor, circle=circle, body="Hers")
    services.note_save(actor=personas.mentee2, meeting=meeting, text="Mine")
    sections.erase_user(user=personas.mentee2)
    assert list(Post.objects.values_list("body", flat=True)) == ["Hers"]
    assert not meeting.notes.exists()
    assert Membership.objects.get(user=personas.mentee2).status == "left"
    assert Circle.objects.get(pk=circle.pk).member_count == 0


def test_erasing_the_only_mentor_hands_the_circle_over(personas, circle):
    sections.erase_user(user=personas.mentor)
    circle.refresh_from_db()
    assert circle.is_peer and circle.organiser == personas.mentee2 and circle.state == "open"
