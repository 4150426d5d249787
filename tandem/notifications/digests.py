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
from datetime import datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tandem.core.once import once
from tandem.notifications import emails, registry
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
    one section per registered source (``tandem.notifications.registry``: meetings in the
    next 7 days, progress reports to write, feedback asked of them, mentoring requests
    waiting for their answer). Only people with something to say get one; once per week
    per person. Returns how many were sent."""
    now = now or timezone.now()
    audience = registry.weekly_audience()
    if audience is None:
        return 0
    candidates = (get_user_model().objects.filter(is_active=True).filter(audience)
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
    if not once(DigestSent, user=person, key=key):
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
    of queries whatever their number: each registered section's, once."""
    result: dict[int, list[dict]] = defaultdict(list)
    if not people:
        return {}
    for section in registry.weekly_sections():
        for pk, lines in section.lines(people=people, now=now).items():
            if lines and pk in people:
                result[pk].append({
                    "key": section.key, "label": section.label, "short": section.short,
                    "short_plural": section.short_plural,
                    "items": [{**line, "link": _absolute(line["link"])} for line in lines]})
    return dict(result)
