from django.utils.functional import SimpleLazyObject


def conversations(request):
    """The header's unread-message count, computed only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    from tandem.conversations.selectors import unread_total

    return {"unread_messages": SimpleLazyObject(lambda: unread_total(user))}
