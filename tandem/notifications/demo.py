"""Demo notification settings: the mentor, busy, gathers reminders and progress-report
news into one email a day; what both read long ago is marked read, so the notification
center shows a believable mix of read and unread."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tandem.notifications.models import Notification
from tandem.notifications.services import email_preferences_set


def demo_records(*, mentee, mentor, relationship) -> dict[str, int]:
    email_preferences_set(actor=mentor, modes={"reminders": "daily", "reports": "daily",
                                               "other": "daily"})
    email_preferences_set(actor=mentee, modes={"reminders": "daily"})
    read = Notification.objects.filter(
        recipient__in=[mentee, mentor], read_at__isnull=True,
        created_at__lt=timezone.now() - timedelta(days=3)).update(read_at=timezone.now())
    return {"email preferences set to a daily digest": 4, "old notifications marked read": read}
