"""Calendar files (RFC 5545) made with the icalendar library: one meeting, a series
(RRULE, EXDATE for cancelled occurrences, an overriding VEVENT with RECURRENCE-ID for each
moved one), and a person's whole subscription feed."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from tandem.meetings.models import Meeting, MeetingSeries

PRODID = "-//Tandem//Mentorship meetings//EN"


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def _summary(relationship) -> str:
    return (f"Mentoring: {relationship.mentee.display_name} and "
            f"{relationship.mentor.display_name}")


def _base_event(*, uid: str, start, duration: int, tz: str, relationship, place: str,
                sequence: int, url: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start.astimezone(ZoneInfo(tz)))
    event.add("dtend", (start + timedelta(minutes=duration)).astimezone(ZoneInfo(tz)))
    event.add("summary", _summary(relationship))
    event.add("sequence", sequence)
    if place:
        event.add("location", place)
    link = f"{settings.SITE_URL}{url}"
    event.add("url", link)
    event.add("description", f"Agenda and notes: {link}")
    return event


def meeting_event(meeting: Meeting) -> Event:
    """A one-off meeting (not part of a series)."""
    event = _base_event(uid=meeting.uid, start=meeting.starts_at,
                        duration=meeting.duration_minutes, tz=meeting.timezone,
                        relationship=meeting.relationship, place=meeting.place,
                        sequence=meeting.sequence,
                        url=reverse("meetings:detail", args=[meeting.pk]))
    event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED
              else "CONFIRMED")
    return event


def series_events(series: MeetingSeries, occurrences: list[Meeting]) -> list[Event]:
    """The master event with its rule, plus one override per moved occurrence."""
    rel = series.relationship
    master = _base_event(uid=series.uid, start=series.first_start,
                         duration=series.duration_minutes, tz=series.timezone,
                         relationship=rel, place=series.place, sequence=series.sequence,
                         url=reverse("meetings:list", args=[rel.pk]))
    master.add("rrule", {"freq": series.frequency, "interval": series.interval,
                         "count": series.count})
    master.add("status", "CONFIRMED")
    zone = ZoneInfo(series.timezone)
    cancelled = [o.recurrence_id.astimezone(zone) for o in occurrences
                 if o.status == Meeting.Status.CANCELLED]
    if cancelled:
        master.add("exdate", cancelled)
    events = [master]
    for occurrence in occurrences:
        if occurrence.status != Meeting.Status.CANCELLED and occurrence.is_moved:
            override = _base_event(
                uid=series.uid, start=occurrence.starts_at,
                duration=occurrence.duration_minutes, tz=occurrence.timezone,
                relationship=rel, place=occurrence.place, sequence=occurrence.sequence,
                url=reverse("meetings:detail", args=[occurrence.pk]))
            override.add("recurrence-id", occurrence.recurrence_id.astimezone(zone))
            override.add("status", "CONFIRMED")
            events.append(override)
    return events


def to_ical(name: str, events: list[Event]) -> bytes:
    cal = _calendar(name)
    for event in events:
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def meeting_ics(meeting: Meeting) -> bytes:
    if meeting.series_id:
        series = meeting.series
        return to_ical("Tandem", series_events(series, list(series.occurrences.all())))
    return to_ical("Tandem", [meeting_event(meeting)])


def series_ics(series: MeetingSeries) -> bytes:
    return to_ical("Tandem", series_events(series, list(series.occurrences.all())))


def feed_ics(user, *, meetings, series) -> bytes:
    """Everything in the person's mentorships: each series once, each one-off meeting."""
    occurrences: dict[int, list[Meeting]] = {}
    events = []
    for meeting in meetings:
        if meeting.series_id:
            occurrences.setdefault(meeting.series_id, []).append(meeting)
        else:
            events.append(meeting_event(meeting))
    for one in series:
        events.extend(series_events(one, occurrences.get(one.pk, [])))
    return to_ical(f"Tandem: {user.display_name}", events)
