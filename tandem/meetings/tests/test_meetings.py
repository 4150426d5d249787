from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from tandem.core.errors import Conflict, ValidationFailed
from tandem.meetings import calendar, services
from tandem.meetings.models import Meeting
from tandem.notifications.models import Notification

NEXT_YEAR = timezone.now().year + 1


def test_it_schedules_a_meeting_on_local_clocks_and_tells_the_other(rel):
    meeting = services.meeting_schedule(actor=rel.mentee, relationship=rel,
                                        day=date(NEXT_YEAR, 1, 15), at=time(18, 30),
                                        tz="America/Sao_Paulo", duration_minutes=45)
    assert meeting.starts_at == datetime(NEXT_YEAR, 1, 15, 21, 30, tzinfo=UTC)
    assert Notification.objects.filter(recipient=rel.mentor, kind="meeting.scheduled").exists()


@pytest.mark.parametrize("kwargs,field", [
    ({"day": date(2020, 1, 1)}, "day"),
    ({"tz": "Mars/Olympus"}, "timezone"),
    ({"duration_minutes": 5}, "duration_minutes"),
    ({"channel": "telepathy"}, "channel"),
    ({"held": True}, "day"),
])
def test_it_refuses_bad_times_by_name(rel, kwargs, field):
    args = {"day": date(NEXT_YEAR, 2, 1), "at": time(10, 0), "tz": "Europe/Berlin", **kwargs}
    with pytest.raises(ValidationFailed) as exc:
        services.meeting_schedule(actor=rel.mentee, relationship=rel, **args)
    assert exc.value.field == field


def test_it_names_a_daylight_saving_gap(rel):
    # Clocks in Berlin jump from 02:00 to 03:00 on the last Sunday of March.
    last_sunday = max(date(NEXT_YEAR, 3, d) for d in range(25, 32)
                      if date(NEXT_YEAR, 3, d).weekday() == 6)
    with pytest.raises(ValidationFailed, match="does not exist in Europe/Berlin"):
        services.meeting_schedule(actor=rel.mentee, relationship=rel, day=last_sunday,
                                  at=time(2, 30), tz="Europe/Berlin")


def test_it_logs_a_meeting_that_was_held(rel):
    yesterday = timezone.localdate() - timedelta(days=1)
    meeting = services.meeting_schedule(actor=rel.mentor, relationship=rel, day=yesterday,
                                        at=time(9, 0), tz="UTC", held=True)
    assert meeting.status == "held"


def series(rel, **kwargs):
    args = {"day": date(NEXT_YEAR, 3, 2), "at": time(18, 0), "tz": "Europe/Berlin",
            "frequency": "WEEKLY", "interval": 1, "count": 6, **kwargs}
    return services.series_create(actor=rel.mentor, relationship=rel, **args)


def test_it_keeps_a_series_on_the_same_local_time_across_daylight_saving(rel):
    s = series(rel)
    times = [m.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Berlin"))
             for m in s.occurrences.order_by("starts_at")]
    assert len(times) == 6 and {t.strftime("%H:%M") for t in times} == {"18:00"}
    assert len({t.utcoffset() for t in times}) == 2  # the series crosses the March change


def test_it_moves_and_cancels_one_occurrence_without_touching_the_rest(rel):
    s = series(rel)
    first, second, *rest = list(s.occurrences.order_by("starts_at"))
    services.meeting_cancel(actor=rel.mentee, meeting=first, reason="I am ill")
    services.meeting_move(actor=rel.mentor, meeting=second, day=date(NEXT_YEAR, 3, 10),
                          at=time(19, 0))
    second.refresh_from_db()
    assert second.is_moved and second.sequence == 1
    assert all(not m.is_moved and m.status == "scheduled" for m in rest)
    s.refresh_from_db()
    assert s.sequence == 2
    with pytest.raises(Conflict):
        services.meeting_cancel(actor=rel.mentee, meeting=first, reason="again")
    with pytest.raises(ValidationFailed, match="Say why"):
        services.meeting_cancel(actor=rel.mentee, meeting=second, reason=" ")


def test_it_writes_a_series_that_calendars_expand_correctly(rel):
    import recurring_ical_events

    s = series(rel)
    first, second, *_ = list(s.occurrences.order_by("starts_at"))
    services.meeting_cancel(actor=rel.mentee, meeting=first, reason="Holiday")
    services.meeting_move(actor=rel.mentor, meeting=second, day=date(NEXT_YEAR, 3, 10),
                          at=time(19, 30))
    s.refresh_from_db()
    parsed = Calendar.from_ical(calendar.series_ics(s))
    events = recurring_ical_events.of(parsed).between(datetime(NEXT_YEAR, 1, 1),
                                                      datetime(NEXT_YEAR, 12, 31))
    starts = sorted(e["DTSTART"].dt.astimezone(UTC) for e in events)
    expected = sorted(m.starts_at for m in s.occurrences.exclude(status="cancelled"))
    assert starts == expected
    assert len(starts) == 5
    masters = [c for c in parsed.walk("VEVENT") if "RRULE" in c]
    assert len(masters) == 1 and masters[0]["UID"] == s.uid
    assert int(masters[0]["SEQUENCE"]) == 2
    assert parsed.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"


def test_it_writes_one_meeting_with_its_timezone(rel):
    meeting = services.meeting_schedule(actor=rel.mentee, relationship=rel,
                                        day=date(NEXT_YEAR, 7, 1), at=time(9, 0),
                                        tz="Asia/Kolkata", place="https://meet.example/x")
    parsed = Calendar.from_ical(calendar.meeting_ics(meeting))
    event = parsed.walk("VEVENT")[0]
    assert event["UID"] == meeting.uid and str(event["LOCATION"]) == "https://meet.example/x"
    assert event["DTSTART"].dt.tzinfo.key == "Asia/Kolkata"
    assert event["DTSTART"].dt.astimezone(UTC) == meeting.starts_at


def test_it_refuses_meetings_in_a_closed_mentorship(rel):
    from tandem.mentorships.services import relationship_complete

    relationship_complete(actor=rel.mentee, relationship=rel)
    with pytest.raises(Conflict, match="active mentorship"):
        services.meeting_schedule(actor=rel.mentee, relationship=rel, day=date(NEXT_YEAR, 1, 5),
                                  at=time(9, 0), tz="UTC")


def test_it_runs_a_meeting_agenda_notes_actions_and_outcome(rel):
    meeting = services.meeting_schedule(actor=rel.mentee, relationship=rel,
                                        day=timezone.localdate() + timedelta(days=1),
                                        at=time(12, 0), tz="UTC")
    item = services.agenda_add(actor=rel.mentee, meeting=meeting, text="My promotion case")
    from tandem.core.errors import Forbidden

    with pytest.raises(Forbidden):
        services.agenda_remove(actor=rel.mentor, item=item)
    with pytest.raises(Conflict, match="once it has started"):
        services.meeting_record(actor=rel.mentor, meeting=meeting, outcome="held")
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    meeting.refresh_from_db()
    services.meeting_record(actor=rel.mentor, meeting=meeting, outcome="held")
    services.meeting_notes_update(actor=rel.mentor, meeting=meeting, notes="Good progress.")
    action = services.action_add(actor=rel.mentor, meeting=meeting, text="Draft the case",
                                 owner=rel.mentee, due_date=timezone.localdate())
    assert Notification.objects.filter(recipient=rel.mentee, kind="meeting.action").exists()
    assert services.actions_remind() == 1 and services.actions_remind() == 0
    services.action_set_done(actor=rel.mentee, item=action, done=True)
    with pytest.raises(ValidationFailed, match="one of the two"):
        services.action_add(actor=rel.mentor, meeting=meeting, text="X", owner=None)


def test_it_reminds_each_person_once_however_often_the_job_runs(rel):
    starts = timezone.now() + timedelta(hours=20)
    meeting = Meeting.objects.create(relationship=rel, starts_at=starts, timezone="UTC")
    assert services.meetings_remind() == 4  # 24-hour reminder and empty agenda, each person
    assert services.meetings_remind() == 0
    assert services.meetings_remind(now=starts - timedelta(minutes=50)) == 2  # the 1-hour one
    assert services.meetings_remind(now=starts - timedelta(minutes=40)) == 0
    # Moved to another day: reminded again for the new time.
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=starts + timedelta(hours=2))
    assert services.meetings_remind() == 4
