"""What notifications give the data export and account erasure (see tandem.core.sections)."""

from __future__ import annotations

from tandem.notifications.models import DigestSent, EmailPreference, EmailSettings, Notification


def export_data(*, user) -> dict:
    """The person's notifications and their email choices."""
    from tandem.core.exporting import rows

    settings_row = EmailSettings.objects.filter(user=user).first()
    return {
        "notifications": rows(Notification.objects.filter(recipient=user), "kind", "group",
                              "title", "body", "url", "created_at", "read_at", "emailed_at"),
        "email_preferences": rows(EmailPreference.objects.filter(user=user), "group", "mode"),
        "weekly_digest": settings_row.weekly_digest if settings_row else True,
    }


def erase_user(*, user) -> None:
    Notification.objects.filter(recipient=user).delete()
    EmailPreference.objects.filter(user=user).delete()
    EmailSettings.objects.filter(user=user).delete()
    DigestSent.objects.filter(user=user).delete()
