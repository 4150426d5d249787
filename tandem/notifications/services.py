"""Notifications: one in-app row per event and recipient, and an email sent by a
background task after the transaction that caused it has committed."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tandem.core.audit import audit_log
from tandem.core.errors import ValidationFailed
from tandem.notifications.models import (
    EmailMode,
    EmailPreference,
    Group,
    Notification,
    group_of,
)


def wants_email(recipient, kind: str) -> bool:
    mode = (EmailPreference.objects.filter(user=recipient, group=group_of(kind))
            .values_list("mode", flat=True).first())
    return mode != EmailMode.OFF


def notify(*, recipient, kind: str, title: str, body: str = "", url: str = "",
           email: bool = True) -> Notification:
    """Tell ``recipient`` that something happened. Call inside the service's transaction:
    the row commits with the change, and the email is queued only if it does.

    A second event of the same kind about the same page, while the first is still unread,
    refreshes that notification instead of adding another (and sends no second email):
    five quick edits to a draft are one thing to look at, not five.

    The title is one line (runs of whitespace, line breaks included, become one space):
    it is also an email's subject."""
    title = " ".join(title.split())
    unread = Notification.objects.filter(recipient=recipient, kind=kind, url=url[:300],
                                         read_at__isnull=True).first()
    if unread is not None:
        unread.title, unread.body, unread.created_at = title[:200], body, timezone.now()
        fields = ["title", "body", "created_at", "updated_at"]
        # Already emailed: what changed (a meeting moved again, the hour-before reminder)
        # is news the person must get too, so the updated text is emailed again.
        resend = email and unread.emailed_at is not None and recipient.is_active \
            and wants_email(recipient, kind)
        if resend:
            unread.emailed_at = None
            fields.append("emailed_at")
        unread.save(update_fields=fields)
        if resend:
            _queue_email(unread)
        return unread
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, title=title[:200], body=body, url=url[:300]
    )
    if email and recipient.is_active and wants_email(recipient, kind):
        _queue_email(notification)
    return notification


def _queue_email(notification: Notification) -> None:
    from tandem.notifications.tasks import send_notification_email

    transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk))


def notification_mark_read(*, actor, notification: Notification) -> Notification:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now())
        notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now())


def email_preferences_set(*, actor, modes: dict) -> dict:
    """Set how each group of notifications is emailed: {"meetings": "off", ...}. Groups
    left out keep their setting. Returns every group's mode."""
    errors = [{"field": group, "message": f"Unknown group: use one of {', '.join(Group.values)}."}
              for group in modes if group not in Group.values]
    errors += [{"field": group, "message": f"Use one of {', '.join(EmailMode.values)}."}
               for group, mode in modes.items()
               if group in Group.values and mode not in EmailMode.values]
    if errors:
        raise ValidationFailed(errors[0]["message"], field=errors[0]["field"], errors=errors)
    with transaction.atomic():
        for group, mode in modes.items():
            EmailPreference.objects.update_or_create(user=actor, group=group,
                                                     defaults={"mode": mode})
        audit_log(actor=actor, action="notifications.preferences.updated", target=actor,
                  data={"groups": sorted(modes)})
    from tandem.notifications.selectors import email_preferences_of

    return email_preferences_of(actor)
