from django.utils.functional import SimpleLazyObject

from tandem.core.cache import count_subquery, header_figures


def notifications(request):
    """The header's unread count, read (from the per-person cache, see
    ``tandem.core.cache``) only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    if not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": SimpleLazyObject(
        lambda: header_figures(request)["unread_notifications"])}


def unread_expression():
    """The header figure ``unread_notifications``: the person's unread notifications (as
    ``selectors.unread_count`` counts them). ``services`` calls ``header_changed`` on
    every write that changes it."""
    from django.db.models import OuterRef

    from tandem.notifications.models import Notification

    return count_subquery(Notification.objects.filter(recipient=OuterRef("pk"),
                                                      read_at__isnull=True))
