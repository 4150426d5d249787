from tandem.core.errors import NotFound
from tandem.notifications.models import Notification


def access_notification(user, notification_id, *, write: bool = False) -> Notification:
    if not user.is_authenticated:
        raise NotFound
    try:
        return Notification.objects.get(pk=int(notification_id), recipient=user)
    except (Notification.DoesNotExist, TypeError, ValueError):
        raise NotFound from None
