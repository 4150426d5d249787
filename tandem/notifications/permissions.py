from tandem.core.errors import NotFound
from tandem.core.permissions import parse_id
from tandem.notifications.models import Notification


def access_notification(user, notification_id, *, write: bool = False) -> Notification:
    """The person's own notification; anyone else's, or none, is 404."""
    if not user.is_authenticated:
        raise NotFound
    try:
        return Notification.objects.get(pk=parse_id(notification_id), recipient=user)
    except Notification.DoesNotExist:
        raise NotFound from None
