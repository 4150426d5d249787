"""Feedback tied to a meeting is about a meeting that took place: not one still to come,
cancelled or missed."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from tandem.core.errors import ValidationFailed
from tandem.feedback import services
from tandem.feedback.models import FeedbackEntry
from tandem.meetings import services as meetings


def _meeting(rel, days, **kwargs):
    return meetings.meeting_schedule(actor=rel.mentor, relationship=rel,
                                     day=timezone.localdate() + timedelta(days=days),
                                     at=time(10, 0), tz="UTC", **kwargs)


def test_it_refuses_feedback_on_a_meeting_still_to_come_in_the_api(mentorship, api_client):
    upcoming = _meeting(mentorship, 5)
    response = api_client(mentorship.mentor).post(
        f"/api/mentorships/{mentorship.pk}/feedback",
        {"kind": "positive", "body": "Great meeting.", "meeting_id": upcoming.pk})
    assert response.status_code == 422
    assert response.json()["errors"] == [{
        "field": "meeting_id",
        "message": "Tie feedback to a meeting that has taken place: this one is still to come."}]
    assert not FeedbackEntry.objects.exists()


def test_it_refuses_cancelled_and_missed_meetings_and_accepts_held_ones(mentorship):
    cancelled = _meeting(mentorship, 6)
    meetings.meeting_cancel(actor=mentorship.mentor, meeting=cancelled, reason="Ill")
    missed = _meeting(mentorship, -3, held=True)
    meetings.meeting_record(actor=mentorship.mentor, meeting=missed, outcome="missed")
    for meeting, why in ((cancelled, "was cancelled"), (missed, "was missed")):
        with pytest.raises(ValidationFailed, match=why) as exc:
            services.feedback_give(actor=mentorship.mentor, relationship=mentorship,
                                   kind="positive", body="x", meeting_id=meeting.pk)
        assert exc.value.field == "meeting_id"
    held = _meeting(mentorship, -2, held=True)
    entry = services.feedback_give(actor=mentorship.mentor, relationship=mentorship,
                                   kind="positive", body="Well run.", meeting_id=held.pk)
    assert entry.meeting == held


def test_it_offers_only_meetings_that_took_place_on_the_page(mentorship, client_for):
    upcoming = _meeting(mentorship, 5)
    held = _meeting(mentorship, -2, held=True)
    client = client_for(mentorship.mentor)
    url = f"/mentorships/{mentorship.pk}/feedback/new/"
    form = client.get(url).content.decode()
    assert f'value="meeting:{held.pk}"' in form
    assert f'value="meeting:{upcoming.pk}"' not in form
    response = client.post(url, {"kind": "positive", "body": "Great.",
                                 "tied_to": f"meeting:{upcoming.pk}"})
    assert response.status_code == 400
    assert not FeedbackEntry.objects.exists()
