"""The timeline shows changes and times in words, in the viewer's timezone, never Python
data (issue 16, item 9)."""

from __future__ import annotations

from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.meetings import services as meetings
from tandem.mentorships.services import (
    agreement_confirm,
    agreement_propose,
    request_accept,
    request_create,
)


@pytest.fixture
def rel(personas):
    goals = [g.pk for g in personas.mentee.career_goals.all()]
    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hello!",
                         goal_ids=goals)
    rel = request_accept(actor=personas.mentor, request=req)
    agreement_confirm(actor=personas.mentee, relationship=rel, version=1)
    agreement_confirm(actor=personas.mentor, relationship=rel, version=1)
    return rel


def _set_zone(user, name):
    user.profile.timezone = name
    user.profile.save(update_fields=["timezone"])


def test_it_shows_an_agreement_change_in_words(rel, personas, client_for, api_client):
    rel.agreements.update(cadence="biweekly")
    agreement_propose(actor=personas.mentee, relationship=rel, changes={"cadence": "weekly"})
    page = client_for(personas.mentor).get(
        reverse("record:timeline", args=[rel.pk])).content.decode()
    assert "How often: Every two weeks → Every week" in page
    assert "{&#x27;" not in page and "{'" not in page
    events = api_client(personas.mentor).get(f"/api/mentorships/{rel.pk}/timeline").json()
    details = [event["detail"] for event in events]
    assert "How often: Every two weeks → Every week" in details


def test_it_shows_a_scheduled_meeting_in_the_viewers_timezone(rel, personas, client_for):
    _set_zone(personas.mentee, "Europe/Paris")
    day = timezone.localdate() + timedelta(days=10)
    meeting = meetings.meeting_schedule(actor=personas.mentor, relationship=rel, day=day,
                                        at=time(17, 0), tz="UTC")
    local = meeting.starts_at.astimezone(ZoneInfo("Europe/Paris"))
    page = client_for(personas.mentee).get(
        reverse("record:timeline", args=[rel.pk])).content.decode()
    assert "Meeting scheduled" in page
    assert f"{local:%H:%M}" in page and local.hour == 18
    assert " UTC" not in page.split("Meeting scheduled", 1)[1][:300]


def test_it_shows_a_cancelled_meeting_in_the_viewers_timezone(rel, personas, client_for):
    _set_zone(personas.mentor, "Europe/Paris")
    day = timezone.localdate() + timedelta(days=10)
    meeting = meetings.meeting_schedule(actor=personas.mentee, relationship=rel, day=day,
                                        at=time(17, 0), tz="UTC")
    meetings.meeting_cancel(actor=personas.mentee, meeting=meeting, reason="Ill")
    page = client_for(personas.mentor).get(
        reverse("record:timeline", args=[rel.pk])).content.decode()
    assert "It was planned for" in page
    planned = page.split("It was planned for", 1)[1][:60]
    assert "18:00" in planned and "UTC" not in planned


def test_it_keeps_the_record_export_free_of_python_data(rel, personas, client_for):
    rel.agreements.update(cadence="biweekly")
    agreement_propose(actor=personas.mentee, relationship=rel, changes={"cadence": "weekly"})
    agreement_confirm(actor=personas.mentor, relationship=rel, version=2)
    text = client_for(personas.mentee).get(reverse("record:record_markdown")).content.decode()
    assert "{'" not in text and "[{" not in text and "None" not in text


def test_it_shows_times_on_the_viewers_clock_to_a_script_with_a_token(rel, personas, client):
    from tandem.accounts.services import token_create

    _set_zone(personas.mentee, "Europe/Paris")
    day = timezone.localdate() + timedelta(days=10)
    meetings.meeting_schedule(actor=personas.mentor, relationship=rel, day=day,
                              at=time(17, 0), tz="UTC")
    _, secret = token_create(actor=personas.mentee, name="script")
    events = client.get(f"/api/mentorships/{rel.pk}/timeline?kind=meeting",
                        HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    [scheduled] = [e for e in events if e["title"] == "Meeting scheduled"]
    assert scheduled["detail"].startswith("For ") and "18:00" in scheduled["detail"]
