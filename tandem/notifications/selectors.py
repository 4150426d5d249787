from __future__ import annotations

from django.db.models import Count, QuerySet

from tandem.notifications.models import (
    SHORT_LABELS,
    EmailMode,
    EmailPreference,
    EmailSettings,
    Group,
    Notification,
)


def notifications_of(user, *, group: str | None = None,
                     unread: bool | None = None) -> QuerySet[Notification]:
    """The person's notifications, newest first, optionally of one group (type) and only
    unread (``unread=True``) or only read (``unread=False``)."""
    rows = Notification.objects.filter(recipient=user)
    if group:
        rows = rows.filter(group=group)
    if unread is not None:
        rows = rows.filter(read_at__isnull=unread)
    return rows.order_by("-created_at", "-id")


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def unread_by_group(user) -> list[dict]:
    """Every group with its label and the person's unread count in it (one query)."""
    counts = dict(Notification.objects.filter(recipient=user, read_at__isnull=True)
                  .values_list("group").annotate(n=Count("id")).order_by())
    return [{"value": g.value, "label": SHORT_LABELS[g], "unread": counts.get(g.value, 0)}
            for g in Group]


def email_preferences_of(user) -> dict:
    """Every group's email mode for the person (right away unless they chose otherwise)."""
    stored = dict(EmailPreference.objects.filter(user=user).values_list("group", "mode"))
    return {group: stored.get(group, EmailMode.IMMEDIATELY) for group in Group.values}


def weekly_digest_on(user) -> bool:
    value = EmailSettings.objects.filter(user=user).values_list("weekly_digest", flat=True)
    return next(iter(value), True)
