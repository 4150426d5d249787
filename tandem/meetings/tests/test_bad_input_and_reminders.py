"""Review findings: dates far off, odd digits in forms, reminder wording and scope."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tandem.accounts.models import Profile
from tandem.meetings import services
from tandem.meetings.models import ActionItem, Meeting
from tandem.mentorships.services import relationship_complete
from tandem.notifications.models import Notification

NEXT_YEAR = timezone.now().year + 1


def _schedule(api_client, rel, **payload):
    body = {"day": f"{NEXT_YEAR}-02-01", "at": "10:00", "tz": "UTC", **payload}
    return api_client(rel.mentee).post(f"/api/mentorships/{rel.pk}/meetings", body)


@pytest.mark.parametrize("payload,message", [
    ({"day": "9999-12-31", "at": "23:00", "tz": "America/New_York"}, None),
    ({"day": "9999-12-31", "at": "23:00", "tz": "UTC"}, "Schedule at most two years ahead."),
    ({"day": "0001-01-01", "at": "00:30", "tz": "Asia/Tokyo", "held": True}, None),
    ({"day": "0001-01-01", "at": "00:30", "tz": "UTC", "held": True},
     "Log meetings from the last year."),
])
def test_it_refuses_dates_at_the_ends_of_the_calendar_by_name(rel, api_client, payload,
                                                               message):
    response = _schedule(api_client, rel, **payload)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0]["field"] == "day"
    if message:
        assert errors[0]["message"] == message
    assert not Meeting.objects.filter(relationship=rel).exists()


def test_it_keeps_future_meetings_within_two_years_and_held_ones_within_one(rel, api_client):
    today = timezone.localdate()
    assert _schedule(api_client, rel, day=str(today + timedelta(days=800))).status_code == 422
    assert _schedule(api_client, rel, day=str(today - timedelta(days=400)),
                     held=True).status_code == 422
    assert _schedule(api_client, rel, day=str(today + timedelta(days=600))).status_code == 201
    assert _schedule(api_client, rel, day=str(today - timedelta(days=300)),
                     held=True).status_code == 201


def test_it_refuses_a_series_that_runs_past_the_horizon(rel, api_client):
    first = timezone.localdate() + timedelta(days=30)
    response = api_client(rel.mentor).post(f"/api/mentorships/{rel.pk}/meeting-series", {
        "day": str(first), "at": "18:00", "tz": "Europe/Berlin", "frequency": "MONTHLY",
        "interval": 6, "count": 10})
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == (
        "The series would run past two years from now: fewer meetings or a shorter interval.")
    far = api_client(rel.mentor).post(f"/api/mentorships/{rel.pk}/meeting-series", {
        "day": "9999-12-01", "at": "18:00", "tz": "UTC", "frequency": "MONTHLY",
        "interval": 1, "count": 5})
    assert far.status_code == 422 and far.json()["errors"][0]["field"] == "day"
    assert not Meeting.objects.filter(relationship=rel).exists()


def test_it_refuses_a_move_beyond_the_horizon(rel, api_client):
    meeting = services.meeting_schedule(actor=rel.mentee, relationship=rel,
                                        day=date(NEXT_YEAR, 2, 1), at=time(10, 0), tz="UTC")
    for day in ("9999-12-31", str(timezone.localdate() + timedelta(days=800))):
        response = api_client(rel.mentee).post(f"/api/meetings/{meeting.pk}/move",
                                               {"day": day, "at": "23:30"})
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "day"
    meeting.refresh_from_db()
    assert meeting.starts_at == datetime(NEXT_YEAR, 2, 1, 10, tzinfo=UTC)


def test_it_refuses_an_offered_time_off_the_calendar(rel, api_client):
    soon = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    for slot in ("9999-12-31T23:00:00-05:00", (timezone.now() + timedelta(days=800)).isoformat()):
        response = api_client(rel.mentor).post(f"/api/mentorships/{rel.pk}/time-offers",
                                               {"slots": [soon.isoformat(), slot]})
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "slots[1]"


def test_it_answers_far_dates_on_the_page_form_with_a_message(rel, client_for):
    client = client_for(rel.mentee)
    for tz in ("America/New_York", "UTC"):
        response = client.post(f"/mentorships/{rel.pk}/meetings/schedule/", {
            "day": "9999-12-31", "at": "23:00", "tz": tz, "duration_minutes": "60",
            "channel": "video", "place": ""})
        assert response.status_code == 400
    assert "Schedule at most two years ahead." in response.content.decode()
    response = client.post(f"/mentorships/{rel.pk}/meetings/series/", {
        "day": "9999-12-01", "at": "18:00", "tz": "America/New_York", "frequency": "MONTHLY",
        "interval": "1", "count": "5", "duration_minutes": "60", "channel": "video"})
    assert response.status_code == 400
    assert not Meeting.objects.filter(relationship=rel).exists()


# --- Digits that are not ASCII -----------------------------------------------------------


def test_it_does_not_fail_on_superscript_digits(rel, client_for):
    client = client_for(rel.mentor)
    offer = client.post(f"/mentorships/{rel.pk}/meetings/offer/", {"duration_minutes": "²"})
    assert offer.status_code == 400
    meeting = services.meeting_schedule(actor=rel.mentee, relationship=rel,
                                        day=date(NEXT_YEAR, 2, 1), at=time(10, 0), tz="UTC")
    action = services.action_add(actor=rel.mentor, meeting=meeting, text="Read a book",
                                 owner=rel.mentee)
    for raw in ("²", "1" * 40):
        response = client.post(f"/actions/{action.pk}/milestone/", {"goal_id": raw}, follow=True)
        assert response.status_code == 200
        assert "Pick one of the mentee&#x27;s shared goals." in response.content.decode()


# --- Reminders ---------------------------------------------------------------------------


def _titles(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind)
                .values_list("title", flat=True))


def test_it_says_today_or_tomorrow_on_each_persons_clock(rel):
    # Mia in Lisbon (UTC+0 in January), Marta in Tokyo (UTC+9), where the day has turned.
    Profile.objects.filter(user=rel.mentor).update(timezone="Asia/Tokyo")
    Profile.objects.filter(user=rel.mentee).update(timezone="Europe/Lisbon")
    now = datetime(NEXT_YEAR, 1, 14, 16, 0, tzinfo=UTC)  # 16:00 Lisbon, 01:00 Tokyo (15th)
    Meeting.objects.create(relationship=rel, starts_at=datetime(NEXT_YEAR, 1, 14, 22, 0,
                                                                tzinfo=UTC), timezone="UTC")
    services.meetings_remind(now=now)
    # 22:00 UTC is 22:00 in Lisbon on the 14th (today) and 07:00 in Tokyo on the 15th (today).
    assert _titles(rel.mentee, "meeting.reminder") == [
        f"Meeting with {rel.mentor.display_name} today at 22:00"]
    assert _titles(rel.mentor, "meeting.reminder") == [
        f"Meeting with {rel.mentee.display_name} today at 07:00"]
    assert all(t.startswith("Today's meeting") for t in
               _titles(rel.mentee, "meeting.agenda") + _titles(rel.mentor, "meeting.agenda"))
    Notification.objects.all().delete()
    Meeting.objects.create(relationship=rel, starts_at=datetime(NEXT_YEAR, 1, 15, 10, 0,
                                                                tzinfo=UTC), timezone="UTC")
    Meeting.objects.filter(starts_at__day=14).delete()
    services.meetings_remind(now=now)
    # 10:00 UTC on the 15th: tomorrow in Lisbon, today (19:00) in Tokyo.
    assert _titles(rel.mentee, "meeting.reminder") == [
        f"Meeting with {rel.mentor.display_name} tomorrow at 10:00"]
    assert _titles(rel.mentor, "meeting.reminder") == [
        f"Meeting with {rel.mentee.display_name} today at 19:00"]
    assert _titles(rel.mentee, "meeting.agenda")[0].startswith("Tomorrow's meeting")


def test_it_reminds_of_actions_only_in_active_mentorships_and_live_meetings(rel):
    today = timezone.localdate()
    live = services.meeting_schedule(actor=rel.mentee, relationship=rel,
                                     day=today + timedelta(days=3), at=time(10, 0), tz="UTC")
    gone = services.meeting_schedule(actor=rel.mentee, relationship=rel,
                                     day=today + timedelta(days=4), at=time(10, 0), tz="UTC")
    services.action_add(actor=rel.mentor, meeting=gone, text="On a cancelled meeting",
                        owner=rel.mentee, due_date=today)
    services.meeting_cancel(actor=rel.mentee, meeting=gone, reason="Travelling")
    services.action_add(actor=rel.mentor, meeting=live, text="Still to do",
                        owner=rel.mentee, due_date=today)
    assert services.actions_remind(today=today) == 1
    assert _titles(rel.mentee, "meeting.action_due") == ["Due today: Still to do"]
    ActionItem.objects.update(due_date=today + timedelta(days=1))
    relationship_complete(actor=rel.mentee, relationship=rel)
    assert services.actions_remind(today=today + timedelta(days=1)) == 0


def test_it_reminds_without_loading_profiles_one_by_one(rel):
    now = timezone.now()
    for hours in (3, 5, 7):
        Meeting.objects.create(relationship=rel, starts_at=now + timedelta(hours=hours),
                               timezone="UTC")
    with CaptureQueriesContext(connection) as queries:
        services.meetings_remind(now=now)
    table = Profile._meta.db_table
    lone = [q["sql"] for q in queries.captured_queries
            if f'FROM "{table}"' in q["sql"] or f"FROM `{table}`" in q["sql"]]
    assert lone == []


def test_it_tells_the_new_time_of_a_moved_meeting_on_the_recipients_clock(rel):
    Profile.objects.filter(user=rel.mentor).update(timezone="America/Sao_Paulo")
    meeting = services.meeting_schedule(actor=rel.mentee, relationship=rel,
                                        day=date(NEXT_YEAR, 1, 10), at=time(9, 0),
                                        tz="Europe/Lisbon")
    meeting = Meeting.objects.get(pk=meeting.pk)  # as a page loads it, profiles fresh
    services.meeting_move(actor=rel.mentee, meeting=meeting, day=date(NEXT_YEAR, 1, 12),
                          at=time(18, 0))
    expected = datetime(NEXT_YEAR, 1, 12, 18, tzinfo=ZoneInfo("Europe/Lisbon")).astimezone(
        ZoneInfo("America/Sao_Paulo"))
    (title,) = _titles(rel.mentor, "meeting.moved")
    assert title.endswith(f"moved a meeting to {expected:%-d %B %H:%M} (America/Sao_Paulo)")
