from django.utils.functional import SimpleLazyObject

from tandem.notifications.selectors import unread_count


def notifications(request):
    """The header's unread count, computed only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
