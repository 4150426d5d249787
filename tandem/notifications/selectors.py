from __future__ import annotations

from django.db.models import QuerySet

from tandem.notifications.models import EmailMode, EmailPreference, Group, Notification


def notifications_of(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def email_preferences_of(user) -> dict:
    """Every group's email mode for the person (right away unless they chose otherwise)."""
    stored = dict(EmailPreference.objects.filter(user=user).values_list("group", "mode"))
    return {group: stored.get(group, EmailMode.IMMEDIATELY) for group in Group.values}
