"""The daily digest and the weekly summary, run by ``tandem scheduler``
(tandem/core/periodic.py). Both are idempotent: a ``DigestSent`` row with a unique
(person, key) is inserted before sending, so a second scheduler or a re-run sends nothing;
the daily digest also claims its notifications with a conditional UPDATE (only rows not
yet emailed and still unread), so nothing is emailed twice or after it was read.

Digests say what happened and where to look: titles, names and dates only, never the
content of a note, report, feedback or message."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from tandem.notifications import emails
from tandem.notifications.models import (
    DAILY_DIGEST,
    SHORT_LABELS,
    WEEKLY,
    DigestSent,
    EmailMode,
    EmailPreference,
    Group,
    Notification,
)

logger = logging.getLogger(__name__)

DIGEST_AT = time(8, 0)  # local time of the recipient
WEEKLY_ON = 0  # Monday
WEEK_AHEAD = timedelta(days=7)
REPORTS_OVERDUE_WINDOW = timedelta(days=21)  # older unwritten reports stop being nagged


def local_zone(user) -> ZoneInfo:
    name = getattr(getattr(user, "profile", None), "timezone", "") or "UTC"
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


class _NothingToSend(Exception):
    pass


# --- Daily digest ---------------------------------------------------------------------


def daily_digests_send(*, now: datetime | None = None) -> int:
    """Email each person who has notifications waiting for their digest one email with
    all of them, once per local day, from 08:00 in their timezone. Returns how many
    digests were sent."""
    now = now or timezone.now()
    pending = Notification.objects.filter(awaits_digest=True, emailed_at__isnull=True,
                                          read_at__isnull=True, created_at__lte=now)
    people = (get_user_model().objects.filter(is_active=True,
                                              pk__in=pending.values("recipient_id"))
              .select_related("profile"))
    sent = 0
    for person in people:
        local = now.astimezone(local_zone(person))
        if local.time() < DIGEST_AT:
            continue
        try:
            sent += _send_daily(person, key=f"daily:{local.date().isoformat()}", now=now)
        except Exception:  # one person's mail failing must not stop the others
            logger.exception("daily digest for user %s failed", person.pk)
    return sent


def _send_daily(person, *, key: str, now: datetime) -> bool:
    off = list(EmailPreference.objects.filter(user=person, mode=EmailMode.OFF)
               .values_list("group", flat=True))
    stamp = now
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=person, key=key)
            claimed = (Notification.objects.filter(
                recipient=person, awaits_digest=True, emailed_at__isnull=True,
                read_at__isnull=True, created_at__lte=now).exclude(group__in=off)
                .update(emailed_at=stamp))
            if not claimed:
                raise _NothingToSend
    except (IntegrityError, _NothingToSend):
        return False
    rows = list(Notification.objects.filter(recipient=person, awaits_digest=True,
                                            emailed_at=stamp).order_by("-created_at", "-id"))
    by_group = defaultdict(list)
    for row in rows:
        by_group[row.group].append({
            "title": row.title,
            "link": _absolute(reverse("notifications:open", args=[row.pk])),
        })
    from tandem.notifications.services import unsubscribe_url

    sections = [{"label": SHORT_LABELS[group], "items": by_group[group],
                 "unsubscribe_url": unsubscribe_url(person, group.value)}
                for group in Group if by_group.get(group.value)]
    count = len(rows)
    try:
        emails.send(user=person, subject=f"Your digest: {count} new notification"
                    + ("s" if count != 1 else ""), template="daily",
                    context={"sections": sections, "count": count,
                             "center_url": _absolute(reverse("notifications:list"))},
                    topic=DAILY_DIGEST)
    except Exception:
        # Give it back, so a later run sends it.
        with transaction.atomic():
            Notification.objects.filter(pk__in=[r.pk for r in rows]).update(emailed_at=None)
            DigestSent.objects.filter(user=person, key=key).delete()
        raise
    return True


# --- Weekly summary -------------------------------------------------------------------


def week_key(local: datetime) -> str:
    year, week, _ = local.isocalendar()
    return f"weekly:{year}-W{week:02d}"


def weekly_digests_send(*, now: datetime | None = None) -> int:
    """On Monday from 08:00 in each person's timezone, email them what their week holds:
    meetings in the next 7 days, progress reports to write, feedback asked of them and
    mentoring requests waiting for their answer. Only people with something to say get
    one; once per week per person. Returns how many were sent."""
    from tandem.mentorships.models import MentorshipRequest, Relationship

    now = now or timezone.now()
    open_rels = Relationship.objects.filter(state__in=Relationship.OPEN_STATES)
    waiting = MentorshipRequest.objects.filter(state__in=MentorshipRequest.OPEN_STATES)
    candidates = (get_user_model().objects.filter(is_active=True).filter(
        Q(pk__in=open_rels.values("mentee_id")) | Q(pk__in=open_rels.values("mentor_id"))
        | Q(pk__in=waiting.values("mentor_id")) | Q(pk__in=waiting.values("mentee_id")))
        .exclude(email_settings__weekly_digest=False).select_related("profile"))
    due = {}
    for person in candidates:
        local = now.astimezone(local_zone(person))
        if local.weekday() == WEEKLY_ON and local.time() >= DIGEST_AT:
            due[person.pk] = (person, local, week_key(local))
    if not due:
        return 0
    done = set(DigestSent.objects.filter(user_id__in=list(due), key__in={k for _, _, k in
                                                                          due.values()})
               .values_list("user_id", "key"))
    due = {pk: entry for pk, entry in due.items() if (pk, entry[2]) not in done}
    contents = weekly_contents(people={pk: (p, local) for pk, (p, local, _) in due.items()},
                               now=now)
    sent = 0
    for pk, (person, _local, key) in due.items():
        sections = contents.get(pk)
        if not sections:
            continue
        try:
            sent += _send_weekly(person, key=key, sections=sections)
        except Exception:
            logger.exception("weekly summary for user %s failed", pk)
    return sent


def _send_weekly(person, *, key: str, sections: list[dict]) -> bool:
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=person, key=key)
    except IntegrityError:
        return False
    parts = [f"{len(s['items'])} {s['short'] if len(s['items']) == 1 else s['short_plural']}"
             for s in sections]
    try:
        emails.send(user=person, subject="Your week: " + ", ".join(parts), template="weekly",
                    context={"sections": sections}, topic=WEEKLY)
    except Exception:
        DigestSent.objects.filter(user=person, key=key).delete()
        raise
    return True


def weekly_contents(*, people: dict, now: datetime) -> dict[int, list[dict]]:
    """{person id: sections} for ``people`` ({id: (user, local now)}), in a fixed number
    of queries whatever their number."""
    from tandem.feedback.selectors import due_dates
    from tandem.meetings.models import Meeting
    from tandem.mentorships.models import MentorshipRequest, Relationship

    ids = list(people)
    items: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))

    def local_of(pk):
        return people[pk][1]

    meetings = (Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED, starts_at__gt=now, starts_at__lte=now + WEEK_AHEAD,
        relationship__state=Relationship.State.ACTIVE)
        .filter(Q(relationship__mentee_id__in=ids) | Q(relationship__mentor_id__in=ids))
        .select_related("relationship__mentee__profile", "relationship__mentor__profile")
        .order_by("starts_at", "id"))
    for meeting in meetings:
        rel = meeting.relationship
        for party in (rel.mentee, rel.mentor):
            if party.pk in people:
                at = meeting.starts_at.astimezone(local_of(party.pk).tzinfo)
                items[party.pk]["meetings"].append({
                    "text": f"{at:%a %-d %b, %H:%M} ({getattr(at.tzinfo, 'key', 'UTC')}): meeting with "
                            f"{rel.other_party(party).display_name}",
                    "link": _absolute(reverse("meetings:detail", args=[meeting.pk]))})

    rels = list(Relationship.objects.filter(state=Relationship.State.ACTIVE)
                .filter(Q(mentee_id__in=ids) | Q(mentor_id__in=ids))
                .select_related("mentee__profile", "mentor__profile")
                .prefetch_related("agreements"))
    if rels:
        from tandem.feedback.models import ProgressReport

        earliest = min(local_of(pk).date() for pk in ids) - REPORTS_OVERDUE_WINDOW
        written = set(ProgressReport.objects.filter(relationship__in=rels,
                                                    due_date__gte=earliest)
                      .values_list("relationship_id", "due_date", "author_id"))
        for rel in rels:
            agreements = list(rel.agreements.all())
            for party in (rel.mentee, rel.mentor):
                if party.pk not in people:
                    continue
                today = local_of(party.pk).date()
                for due in due_dates(rel, today=today, agreements=agreements):
                    if not (today - REPORTS_OVERDUE_WINDOW <= due <= today + WEEK_AHEAD) \
                            or (rel.pk, due, party.pk) in written:
                        continue
                    late = " (late)" if due < today else ""
                    items[party.pk]["reports"].append({
                        "text": f"Due {due:%a %-d %b}{late}: your progress report in the "
                                f"mentorship with {rel.other_party(party).display_name}",
                        "link": _absolute(reverse("feedback:reports", args=[rel.pk]))})

    from django.apps import apps

    if apps.is_installed("tandem.feedback"):
        from tandem.feedback.models import FeedbackRequest

        asked = (FeedbackRequest.objects.filter(
            status="open", relationship__state__in=Relationship.OPEN_STATES,
            relationship__mentor_id__in=ids)
            .select_related("relationship__mentee__profile", "relationship__mentor")
            .order_by("created_at", "id"))
        for item in asked:
            rel = item.relationship
            by = f", wanted by {item.by_date:%-d %b}" if item.by_date else ""
            since = timezone.localtime(item.created_at, local_of(rel.mentor_id).tzinfo)
            items[rel.mentor_id]["feedback"].append({
                "text": f"{rel.mentee.display_name} asked for your feedback "
                        f"(since {since:%-d %b}{by})",
                "link": _absolute(reverse("feedback:overview", args=[rel.pk]))})

    requests = (MentorshipRequest.objects.filter(
        Q(state=MentorshipRequest.State.PENDING, mentor_id__in=ids)
        | Q(state=MentorshipRequest.State.INFO_REQUESTED, mentee_id__in=ids))
        .select_related("mentee__profile", "mentor__profile").order_by("created_at", "id"))
    for req in requests:
        link = _absolute(reverse("mentorships:request", args=[req.pk]))
        if req.state == MentorshipRequest.State.PENDING:
            since = timezone.localtime(req.created_at, local_of(req.mentor_id).tzinfo)
            items[req.mentor_id]["requests"].append({
                "text": f"{req.mentee.display_name} asked you to mentor them "
                        f"(since {since:%-d %b})", "link": link})
        else:
            items[req.mentee_id]["requests"].append({
                "text": f"{req.mentor.display_name} asked you for more information "
                        "about your request", "link": link})

    result = {}
    for pk, found in items.items():
        sections = [{"key": key, "label": label, "short": short, "short_plural": plural,
                     "items": found[key]}
                    for key, label, short, plural in WEEKLY_SECTIONS if found.get(key)]
        if sections:
            result[pk] = sections
    return result


WEEKLY_SECTIONS = [
    ("meetings", "Meetings in the next 7 days", "meeting", "meetings"),
    ("reports", "Progress reports to write", "report due", "reports due"),
    ("feedback", "Feedback asked of you", "feedback request", "feedback requests"),
    ("requests", "Requests waiting for your answer", "request waiting", "requests waiting"),
]
