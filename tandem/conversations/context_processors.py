from django.utils.functional import SimpleLazyObject

from tandem.core.cache import count_subquery, header_figures


def conversations(request):
    """The header's unread-message count, read (from the per-person cache, see
    ``tandem.core.cache``) only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    if not user.is_authenticated:
        return {"unread_messages": 0}
    return {"unread_messages": SimpleLazyObject(
        lambda: header_figures(request)["unread_messages"])}


def unread_expression():
    """The header figure ``unread_messages``: messages written to the person in any of
    their mentorships that they have not seen, as ``selectors.unread_total`` counts them.
    ``services`` calls ``header_changed`` on every write that changes it."""
    from django.db.models import F, IntegerField, OuterRef, Q, Subquery, Value
    from django.db.models.functions import Coalesce

    from tandem.conversations.models import Message, ReadState

    person = OuterRef(OuterRef("pk"))
    seen = Coalesce(Subquery(ReadState.objects.filter(
        relationship_id=OuterRef("relationship_id"), user_id=person).values("last_read_id")[:1]),
        Value(0), output_field=IntegerField())
    me = OuterRef("pk")
    return count_subquery(
        Message.objects.filter(Q(relationship__mentee_id=me) | Q(relationship__mentor_id=me),
                               deleted_at__isnull=True)
        .exclude(author_id=me).annotate(seen=seen).filter(id__gt=F("seen")))
