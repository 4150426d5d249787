from tandem.core.errors import NotFound
from tandem.notifications.models import Notification

_MAX_ID = 2**63 - 1


def access_notification(user, notification_id, *, write: bool = False) -> Notification:
    """The person's own notification; anyone else's, or none, is 404."""
    if not user.is_authenticated:
        raise NotFound
    try:
        pk = int(notification_id)
    except (TypeError, ValueError):
        raise NotFound from None
    if not 0 < pk <= _MAX_ID:
        raise NotFound
    try:
        return Notification.objects.get(pk=pk, recipient=user)
    except Notification.DoesNotExist:
        raise NotFound from None
