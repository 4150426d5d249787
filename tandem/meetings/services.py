"""Every write for meetings: scheduling one meeting or a recurring series, moving and
cancelling occurrences, agenda, shared notes, action items, the calendar feed, and the
idempotent reminders."""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, rrule
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.choices import Channel, timezone_names
from tandem.core.audit import audit_log
from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.core.once import once
from tandem.core.validation import reject_nul_characters
from tandem.meetings.models import (
    ActionItem,
    AgendaItem,
    CalendarFeed,
    Frequency,
    Meeting,
    MeetingSeries,
    ReminderSent,
    TimeOffer,
)
from tandem.mentorships.models import Relationship
from tandem.notifications.services import notify

MAX_OCCURRENCES = 60
CADENCE_RULES = {"weekly": (Frequency.WEEKLY, 1), "biweekly": (Frequency.WEEKLY, 2),
                 "monthly": (Frequency.MONTHLY, 1)}
RRULE_FREQ = {Frequency.DAILY: DAILY, Frequency.WEEKLY: WEEKLY, Frequency.MONTHLY: MONTHLY}
# How far from now a meeting may be. Beyond this nobody plans a mentoring meeting, and
# dates near year 1 or 9999 overflow when shifted between timezones or given an end time.
SCHEDULE_AHEAD = timedelta(days=731)
LOG_BACK = timedelta(days=366)
AHEAD_MESSAGE = "Schedule at most two years ahead."


def _fail(field: str, message: str):
    raise ValidationFailed(message, field=field)


def local_datetime(day: date, at: time, tz_name: str, *, field: str = "time") -> datetime:
    """``day`` at ``at`` on the clocks of ``tz_name``, as an aware datetime. A time that
    does not exist there (skipped when clocks go forward) is refused by name."""
    if tz_name not in timezone_names():
        _fail("timezone", f"Unknown timezone {tz_name!r}.")
    zone = ZoneInfo(tz_name)
    moment = datetime.combine(day, at).replace(tzinfo=zone)
    try:
        back = moment.astimezone(ZoneInfo("UTC")).astimezone(zone)
    except (OverflowError, ValueError):
        # Near year 1 or 9999 the UTC moment falls outside the calendar.
        _fail("day", AHEAD_MESSAGE if day.year > 1 else "Log meetings from the last year.")
    if back.replace(tzinfo=None) != moment.replace(tzinfo=None):
        _fail(field, f"{day:%-d %B %Y} {at:%H:%M} does not exist in {tz_name}: the clocks "
                     "skip that hour. Pick another time.")
    return moment


def check_horizon(starts: datetime, *, field: str = "day",
                  now: datetime | None = None) -> None:
    """Refuse a meeting more than two years ahead or (logged as held) more than a year
    back, by the name of the input that set it."""
    now = now or timezone.now()
    if starts > now + SCHEDULE_AHEAD:
        _fail(field, AHEAD_MESSAGE)
    if starts < now - LOG_BACK:
        _fail(field, "Log meetings from the last year.")


def _check_common(*, duration: int, channel: str, place: str) -> str:
    reject_nul_characters({"place": place})
    if isinstance(duration, bool) or not isinstance(duration, int) or not 15 <= duration <= 240:
        _fail("duration_minutes", "A meeting lasts 15 to 240 minutes.")
    if channel not in Channel.values:
        _fail("channel", f"Use one of {', '.join(Channel.values)}.")
    place = (place or "").strip()
    if len(place) > 300:
        _fail("place", "At most 300 characters.")
    return place


def _open(relationship: Relationship) -> None:
    if relationship.state != Relationship.State.ACTIVE:
        raise Conflict("Meetings are scheduled in an active mentorship "
                       f"(this one is {relationship.get_state_display().lower()}).")


def _tell_other(actor, relationship, meeting, kind, title):
    notify(recipient=relationship.other_party(actor), kind=kind, title=title,
           url=reverse("meetings:detail", args=[meeting.pk]))


def meeting_schedule(*, actor, relationship: Relationship, day: date, at: time, tz: str,
                     duration_minutes: int = 60, channel: str = Channel.VIDEO, place: str = "",
                     held: bool = False) -> Meeting:
    """One meeting. In the future, unless ``held``: logging a meeting that already took
    place (it must then be in the past)."""
    place = _check_common(duration=duration_minutes, channel=channel, place=place)
    starts = local_datetime(day, at, tz)
    now = timezone.now()
    if held and starts > now:
        _fail("day", "A meeting you log as held must be in the past.")
    if not held and starts <= now:
        _fail("day", "Pick a time in the future (or log it as a meeting that was held).")
    check_horizon(starts, now=now)
    _open(relationship)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            relationship=relationship, starts_at=starts, duration_minutes=duration_minutes,
            timezone=tz, channel=channel, place=place, created_by=actor,
            status=Meeting.Status.HELD if held else Meeting.Status.SCHEDULED)
        audit_log(actor=actor, action="meetings.meeting.scheduled", target=meeting)
        _tell_other(actor, relationship, meeting, "meeting.scheduled",
                    f"{actor.display_name} scheduled a meeting on {starts:%-d %B}")
    return meeting


def _agreement_of(relationship: Relationship):
    """The confirmed agreement, else the latest draft, else None."""
    return (relationship.agreements.filter(status="confirmed").first()
            or relationship.agreements.order_by("-version").first())


def agreed_place(relationship: Relationship, *, channel: str, place: str = "") -> str:
    """Where a meeting is held: the place given, else the agreement's meeting place when
    the meeting uses the agreement's channel (its video link, its room). The rule a series
    follows through its defaults, and that offered times follow too."""
    if place:
        return place
    agreement = _agreement_of(relationship)
    if agreement is not None and agreement.channel == channel:
        return agreement.meeting_place
    return ""


def series_defaults(relationship: Relationship) -> dict:
    """A series as the confirmed (or draft) agreement describes it."""
    agreement = _agreement_of(relationship)
    if agreement is None:
        return {"frequency": Frequency.WEEKLY, "interval": 2, "count": 6,
                "duration_minutes": 60, "channel": Channel.VIDEO, "place": "", "tz": "UTC"}
    if agreement.cadence == "custom":
        frequency, interval = Frequency.DAILY, agreement.custom_interval_days or 14
    else:
        frequency, interval = CADENCE_RULES[agreement.cadence]
    weeks = max(1, (agreement.end_date - max(agreement.start_date, timezone.localdate())).days)
    step_days = {Frequency.DAILY: 1, Frequency.WEEKLY: 7, Frequency.MONTHLY: 30}[frequency]
    count = max(1, min(MAX_OCCURRENCES, weeks // (step_days * interval) or 1))
    return {"frequency": frequency, "interval": interval, "count": count,
            "duration_minutes": agreement.duration_minutes, "channel": agreement.channel,
            "place": agreement.meeting_place, "tz": agreement.timezone,
            "weekday": agreement.weekday, "at": agreement.meeting_time}


def occurrence_starts(*, first: datetime, tz: str, frequency: str, interval: int,
                      count: int) -> list[datetime]:
    """The starts of a series, computed on local clocks so a 18:00 meeting stays at 18:00
    across daylight-saving changes (as calendar programs expand RRULEs)."""
    zone = ZoneInfo(tz)
    local_first = first.astimezone(zone).replace(tzinfo=None)
    rule = rrule(RRULE_FREQ[frequency], interval=interval, count=count, dtstart=local_first)
    return [moment.replace(tzinfo=zone) for moment in rule]


def series_create(*, actor, relationship: Relationship, day: date, at: time, tz: str,
                  frequency: str, interval: int, count: int, duration_minutes: int = 60,
                  channel: str = Channel.VIDEO, place: str = "") -> MeetingSeries:
    """A recurring series; its occurrences are created as meetings at once."""
    place = _check_common(duration=duration_minutes, channel=channel, place=place)
    if frequency not in Frequency.values:
        _fail("frequency", f"Use one of {', '.join(Frequency.values)}.")
    if isinstance(interval, bool) or not isinstance(interval, int) or not 1 <= interval <= 90:
        _fail("interval", "Repeat every 1 to 90 units.")
    if isinstance(count, bool) or not isinstance(count, int) or not 2 <= count <= MAX_OCCURRENCES:
        _fail("count", f"A series has 2 to {MAX_OCCURRENCES} meetings.")
    first = local_datetime(day, at, tz)
    now = timezone.now()
    if first <= now:
        _fail("day", "The first meeting must be in the future.")
    check_horizon(first, now=now)
    _open(relationship)
    starts = occurrence_starts(first=first, tz=tz, frequency=frequency, interval=interval,
                               count=count)
    # The first start is within two years, so no rule of at most 60 steps of 90 months
    # reaches year 9999, where rrule would silently stop early.
    assert len(starts) == count
    if starts[-1] > now + SCHEDULE_AHEAD:
        _fail("count", "The series would run past two years from now: fewer meetings or a "
                       "shorter interval.")
    with transaction.atomic():
        series = MeetingSeries.objects.create(
            relationship=relationship, timezone=tz, first_start=first, frequency=frequency,
            interval=interval, count=count, duration_minutes=duration_minutes, channel=channel,
            place=place, created_by=actor)
        Meeting.objects.bulk_create([
            Meeting(relationship=relationship, series=series, recurrence_id=start,
                    uid=series.uid, starts_at=start, duration_minutes=duration_minutes,
                    timezone=tz, channel=channel, place=place, created_by=actor)
            for start in starts])
        audit_log(actor=actor, action="meetings.series.created", target=series,
                  data={"count": count})
        notify(recipient=relationship.other_party(actor), kind="meeting.series",
               title=f"{actor.display_name} scheduled {count} meetings, starting "
                     f"{first:%-d %B}",
               url=reverse("meetings:list", args=[relationship.pk]))
    return series


def _change(meeting: Meeting, *, allowed: tuple, message: str) -> None:
    if meeting.status not in allowed:
        raise Conflict(message)


def _bump(meeting: Meeting) -> None:
    """A change calendars must notice: SEQUENCE goes up on the meeting and its series."""
    meeting.sequence += 1
    if meeting.series_id:
        MeetingSeries.objects.filter(pk=meeting.series_id).update(
            sequence=F("sequence") + 1, updated_at=timezone.now())


def meeting_move(*, actor, meeting: Meeting, day: date, at: time) -> Meeting:
    """Move one meeting (or one occurrence of a series: the rest stay as they are)."""
    _change(meeting, allowed=(Meeting.Status.SCHEDULED,),
            message="Only a scheduled meeting can be moved.")
    starts = local_datetime(day, at, meeting.timezone)
    if starts <= timezone.now():
        _fail("day", "Move it to a time in the future.")
    check_horizon(starts)
    recipient = meeting.relationship.other_party(actor)
    with transaction.atomic():
        meeting.starts_at = starts
        _bump(meeting)
        meeting.save(update_fields=["starts_at", "sequence", "updated_at"])
        audit_log(actor=actor, action="meetings.meeting.moved", target=meeting)
        _tell_other(actor, meeting.relationship, meeting, "meeting.moved",
                    f"{actor.display_name} moved a meeting to "
                    f"{_on_clock_of(recipient, starts)}")
    return meeting


def _on_clock_of(person, moment: datetime) -> str:
    """``moment`` as ``person`` reads it: their clock, naming the zone (its abbreviation,
    or the IANA name where the zone has none, such as "-03")."""
    tz_name = person.profile.timezone
    local = moment.astimezone(ZoneInfo(tz_name))
    abbreviation = local.tzname() or ""
    zone = abbreviation if abbreviation.isalpha() else tz_name
    return f"{local:%-d %B %H:%M} ({zone})"


def meeting_cancel(*, actor, meeting: Meeting, reason: str) -> Meeting:
    reject_nul_characters({"reason": reason})
    reason = (reason or "").strip()
    if not reason:
        _fail("reason", "Say why, so the other person knows.")
    if len(reason) > 500:
        _fail("reason", "At most 500 characters.")
    _change(meeting, allowed=(Meeting.Status.SCHEDULED,),
            message="Only a scheduled meeting can be cancelled.")
    with transaction.atomic():
        changed = Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.SCHEDULED).update(
            status=Meeting.Status.CANCELLED, cancel_reason=reason)
        if not changed:
            raise Conflict("Only a scheduled meeting can be cancelled.")
        meeting.status, meeting.cancel_reason = Meeting.Status.CANCELLED, reason
        _bump(meeting)
        meeting.save(update_fields=["sequence", "updated_at"])
        audit_log(actor=actor, action="meetings.meeting.cancelled", target=meeting)
        _tell_other(actor, meeting.relationship, meeting, "meeting.cancelled",
                    f"{actor.display_name} cancelled the meeting of "
                    f"{meeting.starts_at.astimezone(ZoneInfo(meeting.timezone)):%-d %B}")
    return meeting


def meeting_record(*, actor, meeting: Meeting, outcome: str) -> Meeting:
    """Mark a meeting that has started as held or missed."""
    if outcome not in (Meeting.Status.HELD, Meeting.Status.MISSED):
        _fail("outcome", "Use held or missed.")
    if meeting.starts_at > timezone.now():
        raise Conflict("A meeting can be marked held or missed once it has started.")
    _change(meeting, allowed=(Meeting.Status.SCHEDULED, Meeting.Status.HELD,
                              Meeting.Status.MISSED),
            message="A cancelled meeting cannot be marked held or missed.")
    with transaction.atomic():
        meeting.status = outcome
        meeting.save(update_fields=["status", "updated_at"])
        audit_log(actor=actor, action=f"meetings.meeting.{outcome}", target=meeting)
    return meeting


def meeting_notes_update(*, actor, meeting: Meeting, notes: str) -> Meeting:
    reject_nul_characters({"notes": notes})
    if not isinstance(notes, str) or len(notes) > 20000:
        _fail("notes", "At most 20,000 characters.")
    with transaction.atomic():
        meeting.notes = notes
        meeting.save(update_fields=["notes", "updated_at"])
        audit_log(actor=actor, action="meetings.notes.updated", target=meeting)
    return meeting


def _short_text(text, field="text") -> str:
    reject_nul_characters({field: text})
    text = (text or "").strip() if isinstance(text, str) else ""
    if not text:
        _fail(field, "Write something.")
    if len(text) > 300:
        _fail(field, "At most 300 characters.")
    return text


def agenda_add(*, actor, meeting: Meeting, text: str) -> AgendaItem:
    text = _short_text(text)
    _change(meeting, allowed=(Meeting.Status.SCHEDULED, Meeting.Status.HELD),
            message="This meeting was cancelled or missed.")
    if meeting.agenda.count() >= 30:
        _fail("text", "At most 30 agenda items.")
    with transaction.atomic():
        item = AgendaItem.objects.create(meeting=meeting, author=actor, text=text)
        audit_log(actor=actor, action="meetings.agenda.added", target=meeting)
    return item


def agenda_remove(*, actor, item: AgendaItem) -> None:
    if item.author_id != actor.pk:
        raise Forbidden
    with transaction.atomic():
        audit_log(actor=actor, action="meetings.agenda.removed", target=item.meeting)
        item.delete()


def action_add(*, actor, meeting: Meeting, text: str, owner, due_date: date | None = None
               ) -> ActionItem:
    text = _short_text(text)
    rel = meeting.relationship
    if owner is None or owner.pk not in (rel.mentee_id, rel.mentor_id):
        _fail("owner", "An action belongs to one of the two of you.")
    with transaction.atomic():
        item = ActionItem.objects.create(meeting=meeting, owner=owner, text=text,
                                         due_date=due_date)
        audit_log(actor=actor, action="meetings.action.added", target=meeting)
        if owner.pk != actor.pk:
            notify(recipient=owner, kind="meeting.action",
                   title=f"{actor.display_name} gave you an action: {text[:80]}",
                   url=reverse("meetings:detail", args=[meeting.pk]))
    return item


def action_set_done(*, actor, item: ActionItem, done: bool) -> ActionItem:
    with transaction.atomic():
        item.done_at = timezone.now() if done else None
        item.save(update_fields=["done_at", "updated_at"])
        audit_log(actor=actor, action="meetings.action.done" if done else
                  "meetings.action.reopened", target=item.meeting)
    return item


# --- Calendar feed --------------------------------------------------------------------


def feed_regenerate(*, actor) -> str:
    """A new secret subscription URL for the actor; any older one stops working."""
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.update_or_create(
            user=actor, defaults={"token_hash": CalendarFeed.hash(secret), "hint": secret[:8],
                                  "last_fetched_at": None})
        audit_log(actor=actor, action="meetings.feed.regenerated", target=actor)
    return secret


def feed_revoke(*, actor) -> None:
    with transaction.atomic():
        CalendarFeed.objects.filter(user=actor).delete()
        audit_log(actor=actor, action="meetings.feed.revoked", target=actor)


# --- Reminders ------------------------------------------------------------------------


def reminder_send(*, key: str, user, **notification) -> bool:
    """Notify ``user`` (``notification``: kind, title, url...) once per ``key``: the
    ``ReminderSent`` row is recorded with the notification, in one transaction, so a
    second run or a concurrent scheduler sends nothing. True when this call sent it.
    Feedback's report reminders use it too."""
    with transaction.atomic():
        if not once(ReminderSent, key=key, user=user):
            return False
        notify(recipient=user, **notification)
    return True


def meetings_remind(*, now: datetime | None = None) -> int:
    """Reminders 24 hours and 1 hour before each scheduled meeting, and a nudge when its
    agenda is still empty a day before. Each is sent once per meeting time and person:
    the key includes the start, so a moved meeting is reminded again."""
    now = now or timezone.now()
    sent = 0
    upcoming = (Meeting.objects.filter(status=Meeting.Status.SCHEDULED, starts_at__gt=now,
                                       starts_at__lte=now + timedelta(hours=24),
                                       relationship__state=Relationship.State.ACTIVE)
                .select_related("relationship__mentee__profile",
                                "relationship__mentor__profile")
                .prefetch_related("agenda"))
    for meeting in upcoming:
        rel = meeting.relationship
        url = reverse("meetings:detail", args=[meeting.pk])
        within = "1h" if meeting.starts_at <= now + timedelta(hours=1) else "24h"
        stamp = meeting.starts_at.isoformat()
        for person in (rel.mentee, rel.mentor):
            other = rel.other_party(person)
            zone = ZoneInfo(person.profile.timezone)
            local = meeting.starts_at.astimezone(zone)
            # Within 24 hours the meeting is on the person's today or tomorrow.
            day = "today" if local.date() == now.astimezone(zone).date() else "tomorrow"
            words = "in an hour" if within == "1h" else f"{day} at {local:%H:%M}"
            sent += reminder_send(
                key=f"meeting:{meeting.pk}:{within}:{stamp}", user=person,
                kind="meeting.reminder", url=url,
                title=f"Meeting with {other.display_name} {words}")
            if within == "24h" and not meeting.agenda.all():
                sent += reminder_send(
                    key=f"meeting:{meeting.pk}:agenda:{stamp}", user=person,
                    kind="meeting.agenda", url=url,
                    title=f"{day.capitalize()}'s meeting has no agenda yet: add what you "
                          "want to talk about")
    return sent


def actions_remind(*, today: date | None = None) -> int:
    """Remind owners of open action items due today (once per item), in active
    mentorships and not on cancelled meetings."""
    today = today or timezone.localdate()
    sent = 0
    due = (ActionItem.objects.filter(done_at__isnull=True, due_date=today,
                                     meeting__relationship__state=Relationship.State.ACTIVE)
           .exclude(meeting__status=Meeting.Status.CANCELLED).select_related("owner"))
    for item in due:
        sent += reminder_send(key=f"action:{item.pk}:{today.isoformat()}", user=item.owner,
                              kind="meeting.action_due", title=f"Due today: {item.text[:80]}",
                              url=reverse("meetings:detail", args=[item.meeting_id]))
    return sent


# --- Finding a time -------------------------------------------------------------------


def offer_create(*, actor, relationship: Relationship, slots: list[datetime],
                 duration_minutes: int = 60, channel: str | None = None, place: str = "",
                 tz: str | None = None) -> TimeOffer:
    """Offer the other person one to three times; they pick one. The channel is the
    agreement's unless given, and so is the place (``agreed_place``)."""
    if channel is None:
        agreement = _agreement_of(relationship)
        channel = agreement.channel if agreement is not None else Channel.VIDEO
    place = _check_common(duration=duration_minutes, channel=channel, place=place)
    place = agreed_place(relationship, channel=channel, place=place)
    if not isinstance(slots, list | tuple) or not 1 <= len(slots) <= 3:
        _fail("slots", "Offer one to three times.")
    now = timezone.now()
    clean = []
    for index, slot in enumerate(slots):
        if not isinstance(slot, datetime) or slot.tzinfo is None:
            _fail(f"slots[{index}]", "A date and time with its timezone.")
        try:
            utc = slot.astimezone(ZoneInfo("UTC"))
        except OverflowError:
            _fail(f"slots[{index}]", AHEAD_MESSAGE)
        if utc <= now:
            _fail(f"slots[{index}]", "Offer times in the future.")
        check_horizon(utc, field=f"slots[{index}]", now=now)
        clean.append(utc)
    if len(set(clean)) != len(clean):
        _fail("slots", "Offer different times.")
    _open(relationship)
    tz = tz or actor.profile.timezone
    with transaction.atomic():
        offer = TimeOffer.objects.create(
            relationship=relationship, offered_by=actor,
            slots=[s.isoformat() for s in sorted(clean)], duration_minutes=duration_minutes,
            timezone=tz, channel=channel, place=place)
        audit_log(actor=actor, action="meetings.offer.created", target=offer)
        notify(recipient=relationship.other_party(actor), kind="meeting.offer",
               title=f"{actor.display_name} offered {len(clean)} time"
                     f"{'s' if len(clean) != 1 else ''} to meet: pick one",
               url=reverse("meetings:list", args=[relationship.pk]))
    return offer


def offer_pick(*, actor, offer: TimeOffer, index: int) -> Meeting:
    """The other party picks one of the offered times; it becomes a meeting."""
    if offer.offered_by_id == actor.pk:
        raise Forbidden
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(offer.slots):
        _fail("index", "Pick one of the offered times.")
    start = datetime.fromisoformat(offer.slots[index])
    if start <= timezone.now():
        raise Conflict("That time has passed; ask for new times.")
    check_horizon(start, field="index")
    with transaction.atomic():
        claimed = TimeOffer.objects.filter(pk=offer.pk, status=TimeOffer.Status.OPEN).update(
            status=TimeOffer.Status.PICKED)
        if not claimed:
            raise Conflict("This offer was already answered or withdrawn.")
        rel = offer.relationship
        _open(rel)
        # Offers made before the agreement named a place (or before this rule) take it now.
        place = agreed_place(rel, channel=offer.channel, place=offer.place)
        meeting = Meeting.objects.create(
            relationship=rel, starts_at=start, duration_minutes=offer.duration_minutes,
            timezone=offer.timezone, channel=offer.channel, place=place, created_by=actor)
        TimeOffer.objects.filter(pk=offer.pk).update(meeting=meeting)
        audit_log(actor=actor, action="meetings.offer.picked", target=meeting)
        local = start.astimezone(ZoneInfo(offer.offered_by.profile.timezone))
        notify(recipient=offer.offered_by, kind="meeting.scheduled",
               title=f"{actor.display_name} picked {local:%A %-d %B, %H:%M}",
               url=reverse("meetings:detail", args=[meeting.pk]))
    return meeting


def offer_withdraw(*, actor, offer: TimeOffer) -> TimeOffer:
    if offer.offered_by_id != actor.pk:
        raise Forbidden
    changed = TimeOffer.objects.filter(pk=offer.pk, status=TimeOffer.Status.OPEN).update(
        status=TimeOffer.Status.WITHDRAWN)
    if not changed:
        raise Conflict("This offer was already answered or withdrawn.")
    offer.status = TimeOffer.Status.WITHDRAWN
    audit_log(actor=actor, action="meetings.offer.withdrawn", target=offer)
    return offer
