"""Reads for meetings, scoped to the two parties of a relationship."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from tandem.accounts.models import Profile
from tandem.meetings.models import ActionItem, Meeting, MeetingSeries, TimeOffer
from tandem.mentorships.models import Relationship, involving_q

UTC = ZoneInfo("UTC")


def meetings_of(relationship: Relationship) -> QuerySet[Meeting]:
    return (Meeting.objects.filter(relationship=relationship)
            .prefetch_related("agenda").order_by("starts_at", "id"))


def meeting_detail(meeting: Meeting) -> Meeting:
    return (Meeting.objects.select_related("relationship__mentee__profile",
                                           "relationship__mentor__profile", "series")
            .prefetch_related("agenda__author__profile",
                              Prefetch("actions", queryset=ActionItem.objects
                                       .select_related("owner__profile", "milestone")))
            .get(pk=meeting.pk))


def next_meeting(relationship: Relationship) -> Meeting | None:
    return (Meeting.objects.filter(relationship=relationship, status=Meeting.Status.SCHEDULED,
                                   starts_at__gt=timezone.now())
            .order_by("starts_at").first())


def next_meetings(relationship_ids) -> dict[int, Meeting]:
    """{relationship id: its next scheduled meeting} for many relationships, in one query
    (those with none are left out)."""
    ids = list(relationship_ids)
    if not ids:
        return {}
    first = _next_meeting().values("pk")[:1]
    rows = Meeting.objects.filter(relationship_id__in=ids, pk=Subquery(first))
    return {m.relationship_id: m for m in rows}


def _next_meeting(relationship_ref: str = "relationship"):
    return (Meeting.objects.filter(relationship=OuterRef(relationship_ref),
                                   status=Meeting.Status.SCHEDULED,
                                   starts_at__gt=timezone.now()).order_by("starts_at", "id"))


def next_meeting_figures() -> dict:
    """As annotations of a relationship: ``meetings_next_id`` and ``meetings_next_at``,
    its next scheduled meeting (None when there is none)."""
    first = _next_meeting("pk")
    return {"meetings_next_id": Subquery(first.values("pk")[:1]),
            "meetings_next_at": Subquery(first.values("starts_at")[:1])}


def next_meetings_for_home(viewer, home) -> dict[int, Meeting]:
    """:func:`next_meetings` of every active relationship of ``viewer``, for all the
    home's cards (the mentee's meetings card, the mentor's "Your mentees"): from the
    figures that come with the home's relationships (each meeting then has only its id,
    time and relationship), else in one query."""
    from tandem.core.sections import home_memo
    from tandem.mentorships.selectors import relationships_for_home

    home = home_memo(home, viewer)

    def load():
        rels = [r for r in relationships_for_home(viewer, home)
                if r.state == Relationship.State.ACTIVE]
        if not all(hasattr(r, "meetings_next_id") for r in rels):
            return next_meetings(r.pk for r in rels)
        return {r.pk: Meeting(pk=r.meetings_next_id, starts_at=r.meetings_next_at,
                              relationship_id=r.pk)
                for r in rels if r.meetings_next_id is not None}

    return home.once("meetings.next", load)


def open_offers(relationship: Relationship) -> list[TimeOffer]:
    return list(TimeOffer.objects.filter(relationship=relationship,
                                         status=TimeOffer.Status.OPEN)
                .select_related("offered_by__profile"))


def feed_items(user):
    """Meetings and series of all the person's mentorships, for the calendar feed."""
    mine = involving_q(user, prefix="relationship__")
    meetings = list(Meeting.objects.filter(mine).select_related(
        "relationship__mentee__profile", "relationship__mentor__profile"))
    series = list(MeetingSeries.objects.filter(mine).select_related(
        "relationship__mentee__profile", "relationship__mentor__profile"))
    return meetings, series


def _busy_free_windows(profile: Profile, day: date) -> list[tuple[datetime, datetime]]:
    """The person's availability on ``day`` (their own calendar date), as UTC intervals."""
    zone = ZoneInfo(profile.timezone)
    result = []
    for window in profile.availability.all():
        if window.weekday != day.weekday():
            continue
        start = datetime.combine(day, datetime.min.time()).replace(tzinfo=zone) + timedelta(
            minutes=window.start_minute)
        end = datetime.combine(day, datetime.min.time()).replace(tzinfo=zone) + timedelta(
            minutes=window.end_minute)
        result.append((start.astimezone(UTC), end.astimezone(UTC)))
    return result


def common_slots(relationship: Relationship, *, duration_minutes: int = 60, days: int = 14,
                 now: datetime | None = None, limit: int = 12) -> list[datetime]:
    """Start times in the next ``days`` when both people's weekly availability overlaps
    for ``duration_minutes``, on the half hour, soonest first (timezone-aware: each
    person's windows are read on their own clocks, daylight saving included)."""
    now = now or timezone.now()
    profiles = {p.user_id: p for p in Profile.objects.filter(
        user_id__in=[relationship.mentee_id, relationship.mentor_id]
    ).prefetch_related("availability")}
    mentee, mentor = profiles[relationship.mentee_id], profiles[relationship.mentor_id]
    length = timedelta(minutes=duration_minutes)
    step = timedelta(minutes=30)
    slots: list[datetime] = []
    first_day = now.date() - timedelta(days=1)  # local dates can lag UTC by a day
    mentee_windows = [w for d in range(days + 2)
                      for w in _busy_free_windows(mentee, first_day + timedelta(days=d))]
    mentor_windows = [w for d in range(days + 2)
                      for w in _busy_free_windows(mentor, first_day + timedelta(days=d))]
    horizon = now + timedelta(days=days)
    for a_start, a_end in mentee_windows:
        for b_start, b_end in mentor_windows:
            start, end = max(a_start, b_start), min(a_end, b_end)
            # Round up to the next half hour.
            offset = (start.minute % 30) * 60 + start.second
            cursor = start if offset == 0 else start + timedelta(seconds=1800 - offset)
            cursor = cursor.replace(microsecond=0)
            while cursor + length <= end:
                if now < cursor <= horizon:
                    slots.append(cursor)
                cursor += step
    return sorted(set(slots))[:limit]


def shared_goals(relationship: Relationship):
    """The mentee's goals that both parties may see (shared in this relationship)."""
    from tandem.growth.selectors import goals_shared_with

    return list(goals_shared_with(relationship))
