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
    # The demo made everything just now; a real person would have read most of it. Keep
    # the newest few unread per person, and spread the rest over the past weeks.
    read = 0
    for person in (mentee, mentor):
        mine = list(Notification.objects.filter(recipient=person).order_by("-created_at", "-id")
                    .values_list("pk", flat=True))
        for age, pk in enumerate(mine):
            when = timezone.now() - timedelta(hours=6 * age)
            changes = {"created_at": when}
            if age >= UNREAD_KEPT:
                changes["read_at"] = when + timedelta(hours=1)
                read += 1
            Notification.objects.filter(pk=pk).update(**changes)
    return {"email preferences set to a daily digest": 4, "older notifications marked read": read}


UNREAD_KEPT = 6
