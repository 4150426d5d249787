"""The exported record: Markdown to download and a printable page, the person's own only."""

from __future__ import annotations

from datetime import time, timedelta

from django.urls import reverse
from django.utils import timezone

from tandem.meetings import services as meetings
from tandem.mentorships.services import agreement_confirm, request_accept, request_create


def _mentorship_with_a_meeting(personas):
    goals = [g.pk for g in personas.mentee.career_goals.all()]
    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hello!",
                         goal_ids=goals)
    rel = request_accept(actor=personas.mentor, request=req)
    agreement_confirm(actor=personas.mentee, relationship=rel, version=1)
    agreement_confirm(actor=personas.mentor, relationship=rel, version=1)
    meeting = meetings.meeting_schedule(
        actor=personas.mentee, relationship=rel,
        day=timezone.localdate() - timedelta(days=2), at=time(9, 0), tz="UTC", held=True)
    meetings.meeting_notes_update(actor=personas.mentor, meeting=meeting,
                                notes="We talked about <script>alert(1)</script> on-call.")
    return rel


def test_it_downloads_the_record_as_markdown(personas, client_for):
    _mentorship_with_a_meeting(personas)
    response = client_for(personas.mentee).get(reverse("record:record_markdown"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/markdown")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    assert text.startswith("# Development record: Mia Mentee")
    assert "## Mentorships" in text
    assert "With Marta Mentor (you were the mentee)" in text
    assert "## Meetings held" in text
    assert "on-call" in text


def test_it_prints_the_record_without_running_what_people_wrote(personas, client_for):
    _mentorship_with_a_meeting(personas)
    response = client_for(personas.mentee).get(reverse("record:record"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Development record: Mia Mentee</h1>" in page
    assert "<h2>Mentorships</h2>" in page
    assert "<script>alert(1)</script>" not in page
    assert "on-call" in page


def test_it_is_each_persons_own(personas, client_for, api_client):
    _mentorship_with_a_meeting(personas)
    text = client_for(personas.outsider).get(reverse("record:record_markdown")).content.decode()
    assert "Mia" not in text and "Marta" not in text
    assert "Nothing recorded yet" in text
    mentor_record = api_client(personas.mentor).get("/api/me/record").json()["markdown"]
    assert "With Mia Mentee (you were the mentor)" in mentor_record


def test_it_needs_a_sign_in(client):
    response = client.get(reverse("record:record_markdown"))
    assert response.status_code == 302
    assert client.get("/api/me/record").status_code == 401
