"""Circle meetings: scheduling, cancelling, agenda, notes and attendance."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from tandem.circles.models import (
    AgendaItem,
    Attendance,
    Circle,
    CircleMeeting,
    MeetingNote,
    MeetingStatus,
    Membership,
)
from tandem.circles.services._common import (
    MAX_AGENDA_ITEMS,
    MAX_MEETINGS_AHEAD,
    _check_leader,
    _check_member,
    _check_open,
    _home,
    _int,
    _lock,
    _touch,
    _url,
    active_members,
)
from tandem.core.audit import audit_log
from tandem.core.errors import Conflict, FieldErrors, ValidationFailed
from tandem.core.validation import reject_nul_characters
from tandem.notifications.services import notify


def meetings_schedule(*, actor, circle: Circle, first_at: datetime, count: int = 6,
                      every_weeks: int | None = None) -> list[CircleMeeting]:
    """A leader plans a series: ``count`` meetings every ``every_weeks`` weeks (the
    circle's plan when not given) from ``first_at``, generated ahead as one row each."""
    errors = FieldErrors()
    if not isinstance(first_at, datetime) or timezone.is_naive(first_at):
        errors.add("first_at", "A date and time with its timezone.")
    elif first_at < timezone.now() - timedelta(hours=1):
        errors.add("first_at", "The first meeting must be in the future.")
    elif first_at > timezone.now() + timedelta(days=366):
        errors.add("first_at", "At most a year ahead.")
    count = _int(errors, "count", count, 1, MAX_MEETINGS_AHEAD)
    every = _int(errors, "every_weeks",
                 circle.meeting_every_weeks if every_weeks is None else every_weeks, 1, 8)
    errors.raise_if_any()
    _check_leader(actor, circle, "schedule meetings")
    _check_open(circle)
    with transaction.atomic():
        _lock(circle)
        upcoming = CircleMeeting.objects.filter(circle=circle, starts_at__gte=timezone.now(),
                                                status=MeetingStatus.SCHEDULED).count()
        if upcoming + count > MAX_MEETINGS_AHEAD:
            raise ValidationFailed(f"At most {MAX_MEETINGS_AHEAD} meetings ahead; "
                                   f"{upcoming} are planned.", field="count")
        meetings = []
        for k in range(count):
            meetings.append(CircleMeeting(circle=circle, minutes=circle.meeting_minutes,
                                          starts_at=_weeks_later(first_at, every * k)))
        CircleMeeting.objects.bulk_create(meetings)
        audit_log(actor=actor, action="circles.meetings.scheduled", target=circle,
                  data={"count": count, "every_weeks": every})
        for user in active_members(circle, exclude=actor):
            notify(recipient=user, kind="circle.meetings", url=_home(circle),
                   title=f"{count} meeting{'s' if count != 1 else ''} of “{circle.topic}” "
                         f"planned, the first on {timezone.localtime(first_at):%-d %B %Y}")
    return meetings


def _weeks_later(start: datetime, weeks: int) -> datetime:
    """Weeks counted on the local clock of ``start``'s zone: a meeting at 18:00 stays at
    18:00 across a daylight-saving change."""
    if hasattr(start.tzinfo, "key"):  # a named zone
        naive = start.replace(tzinfo=None) + timedelta(weeks=weeks)
        return timezone.make_aware(naive, start.tzinfo)
    return start + timedelta(weeks=weeks)


def meeting_cancel(*, actor, meeting: CircleMeeting) -> CircleMeeting:
    circle = meeting.circle
    _check_leader(actor, circle, "cancel meetings")
    _check_open(circle)
    with transaction.atomic():
        moved = CircleMeeting.objects.filter(pk=meeting.pk, status=MeetingStatus.SCHEDULED) \
            .update(status=MeetingStatus.CANCELLED, updated_at=timezone.now())
        if not moved:
            raise Conflict("Only a scheduled meeting can be cancelled.")
        meeting.status = MeetingStatus.CANCELLED
        audit_log(actor=actor, action="circles.meeting.cancelled", target=meeting)
        for user in active_members(circle, exclude=actor):
            notify(recipient=user, kind="circle.meeting_cancelled",
                   url=_url("circles:meeting", meeting.pk),
                   title=f"The “{circle.topic}” meeting of "
                         f"{timezone.localtime(meeting.starts_at):%-d %B} is cancelled")
    return meeting


def _check_meeting_writable(meeting: CircleMeeting) -> None:
    _check_open(meeting.circle)
    if meeting.status == MeetingStatus.CANCELLED:
        raise Conflict("This meeting was cancelled.")


def agenda_add(*, actor, meeting: CircleMeeting, text: str) -> AgendaItem:
    reject_nul_characters({"text": text})
    errors = FieldErrors()
    text = errors.text(text, "text", 300, required=True, empty="Write the topic.")
    errors.raise_if_any()
    _check_member(actor, meeting.circle)
    _check_meeting_writable(meeting)
    with transaction.atomic():
        if AgendaItem.objects.filter(meeting=meeting).count() >= MAX_AGENDA_ITEMS:
            raise ValidationFailed(f"At most {MAX_AGENDA_ITEMS} agenda items.", field="text")
        item = AgendaItem.objects.create(meeting=meeting, author=actor, text=text)
        audit_log(actor=actor, action="circles.agenda.added", target=item)
    return item


def note_save(*, actor, meeting: CircleMeeting, text: str) -> MeetingNote | None:
    """A member writes (or rewrites) their notes of the meeting; empty text removes them."""
    reject_nul_characters({"text": text})
    errors = FieldErrors()
    text = errors.text(text, "text", 6000, required=False)
    errors.raise_if_any()
    _check_member(actor, meeting.circle)
    _check_meeting_writable(meeting)
    with transaction.atomic():
        if not text:
            MeetingNote.objects.filter(meeting=meeting, author=actor).delete()
            audit_log(actor=actor, action="circles.note.deleted", target=meeting)
            return None
        note, _ = MeetingNote.objects.update_or_create(meeting=meeting, author=actor,
                                                       defaults={"text": text})
        audit_log(actor=actor, action="circles.note.saved", target=note)
        _touch(meeting.circle)
    return note


def attendance_record(*, actor, meeting: CircleMeeting, present: list) -> CircleMeeting:
    """A leader records who came, once the meeting has started: the meeting is then
    held. Everyone active in the circle gets a row (present or not)."""
    if not isinstance(present, list | tuple | set) or not all(
            isinstance(p, int) and not isinstance(p, bool) for p in present):
        raise ValidationFailed("A list of member ids.", field="present")
    circle = meeting.circle
    _check_leader(actor, circle, "record attendance")
    _check_meeting_writable(meeting)
    now = timezone.now()
    if meeting.starts_at > now:
        raise Conflict("Attendance is recorded once the meeting has started.")
    members = {m.user_id for m in Membership.objects.active().filter(circle=circle)}
    strangers = set(present) - members
    if strangers:
        raise ValidationFailed("Only the circle's members can be marked present.",
                               field="present")
    with transaction.atomic():
        Attendance.objects.filter(meeting=meeting).delete()
        Attendance.objects.bulk_create([Attendance(meeting=meeting, user_id=user_id,
                                                   present=user_id in set(present))
                                        for user_id in sorted(members)])
        CircleMeeting.objects.filter(pk=meeting.pk).update(
            status=MeetingStatus.HELD, held_at=meeting.held_at or now, updated_at=now)
        meeting.status, meeting.held_at = MeetingStatus.HELD, meeting.held_at or now
        _touch(circle, now)
        audit_log(actor=actor, action="circles.attendance.recorded", target=meeting,
                  data={"present": len(set(present)), "members": len(members)})
    return meeting
