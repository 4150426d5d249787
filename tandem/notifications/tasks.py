from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from tandem.notifications import emails
from tandem.notifications.models import Notification


@task()
def send_notification_email(notification_id: int) -> bool:
    """Email one notification (text and HTML). Claims the row first with a conditional
    UPDATE, so a task run twice sends one email; if sending fails the claim is released,
    so a retry can send it."""
    claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now())
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    context = {
        "notification": notification,
        "link": f"{settings.SITE_URL}{notification.url}" if notification.url else "",
    }
    try:
        emails.send(user=notification.recipient, subject=notification.title,
                    template="notification", context=context, topic=notification.group)
    except Exception:
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise
    return True
