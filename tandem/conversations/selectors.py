"""Reads for conversations, always scoped to the viewer's own mentorships and costing a
fixed number of queries whatever the number of messages or conversations."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from tandem.conversations.models import Message, ReadState
from tandem.mentorships.models import involving_q

PAGE_SIZE = 50
SEARCH_LIMIT = 50


def _mine(user) -> Q:
    return involving_q(user, prefix="relationship__")


def _last_read(user, relationship_ref: str = "relationship_id"):
    return Coalesce(Subquery(ReadState.objects.filter(
        relationship_id=OuterRef(relationship_ref), user=user).values("last_read_id")[:1]),
        Value(0), output_field=IntegerField())


def message_queryset():
    return Message.objects.select_related("author__profile", "goal", "meeting", "feedback")


@dataclass
class ThreadPage:
    messages: list
    has_older: bool
    has_newer: bool

    @property
    def first_id(self) -> int | None:
        return self.messages[0].pk if self.messages else None

    @property
    def last_id(self) -> int:
        return self.messages[-1].pk if self.messages else 0


def thread_page(relationship, *, before: int | None = None, start: int | None = None,
                limit: int = PAGE_SIZE) -> ThreadPage:
    """A page of the thread, oldest first: the latest ``limit`` messages, those just
    ``before`` an id, or those from ``start`` on (where a search result leads)."""
    rows = message_queryset().filter(relationship=relationship)
    if start is not None:
        found = list(rows.filter(id__gte=start).order_by("id")[:limit + 1])
        has_newer = len(found) > limit
        found = found[:limit]
        has_older = bool(found) and rows.filter(id__lt=found[0].pk).exists()
        return ThreadPage(found, has_older, has_newer)
    if before is not None:
        rows_before = rows.filter(id__lt=before)
    else:
        rows_before = rows
    found = list(rows_before.order_by("-id")[:limit + 1])
    has_older = len(found) > limit
    found = list(reversed(found[:limit]))
    has_newer = before is not None and rows.filter(id__gte=before).exists()
    return ThreadPage(found, has_older, has_newer)


def messages_after(relationship, after: int, *, limit: int = PAGE_SIZE) -> list[Message]:
    """New messages since ``after`` (what polling asks for), oldest first."""
    return list(message_queryset().filter(relationship=relationship, id__gt=after)
                .order_by("id")[:limit])


def unread_in(relationship, user) -> int:
    return (Message.objects.filter(relationship=relationship, deleted_at__isnull=True)
            .exclude(author=user).annotate(seen=_last_read(user))
            .filter(id__gt=F("seen")).count())


def unread_total(user) -> int:
    """Messages written to ``user`` in any of their mentorships that they have not seen."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return (Message.objects.filter(_mine(user), deleted_at__isnull=True).exclude(author=user)
            .annotate(seen=_last_read(user)).filter(id__gt=F("seen")).count())


def unread_messages(user):
    """The messages written to ``user`` in their mentorships that they have not seen."""
    return (Message.objects.filter(_mine(user), deleted_at__isnull=True).exclude(author=user)
            .annotate(seen=_last_read(user)).filter(id__gt=F("seen")))


def unread_by_relationship(user) -> list[tuple[int, int]]:
    """(relationship id, unread count) of the viewer's conversations with unread messages,
    the most recently active first (as the inbox orders them). One query."""
    last = (Message.objects.filter(relationship=OuterRef("relationship_id")).order_by()
            .values("relationship").annotate(m=Max("id")).values("m")[:1])
    rows = (unread_messages(user).order_by().values("relationship_id")
            .annotate(n=Count("id"), last_id=Subquery(last))
            .values_list("relationship_id", "n", "last_id"))
    return [(rel_id, n) for rel_id, n, _last in sorted(rows, key=lambda r: -(r[2] or 0))]


def unread_figures(user) -> dict:
    """As annotations of a relationship: ``conversations_unread``, the messages written
    to ``user`` there that they have not seen, and ``conversations_last``, the id of its
    latest message (the inbox's order)."""
    unread = (Message.objects.filter(relationship=OuterRef("pk"), deleted_at__isnull=True)
              .exclude(author=user).annotate(seen=_last_read(user)).filter(id__gt=F("seen"))
              .order_by().values("relationship").annotate(n=Count("id")).values("n"))
    last = (Message.objects.filter(relationship=OuterRef("pk")).order_by()
            .values("relationship").annotate(m=Max("id")).values("m"))
    return {"conversations_unread": Coalesce(Subquery(unread[:1]), Value(0),
                                             output_field=IntegerField()),
            "conversations_last": Subquery(last[:1], output_field=IntegerField())}


def inbox(user) -> list:
    """The viewer's conversations, the most recently active first: every open mentorship
    and every closed one that has messages, each with ``last_message`` (or None),
    ``unread`` and ``other`` (the other person)."""
    from tandem.mentorships.models import Relationship

    unread = (Message.objects.filter(relationship=OuterRef("pk"), deleted_at__isnull=True,
                                     id__gt=OuterRef("seen"))
              .exclude(author=user).order_by().values("relationship")
              .annotate(n=Count("id")).values("n"))
    rels = list(
        Relationship.objects.involving(user)
        .select_related("mentee__profile", "mentor__profile")
        .annotate(last_id=Max("messages__id"), seen=_last_read(user, "pk"))
        .annotate(unread=Coalesce(Subquery(unread[:1]), Value(0),
                                  output_field=IntegerField()))
        .filter(Q(state__in=Relationship.OPEN_STATES) | Q(last_id__isnull=False))
        .order_by(F("last_id").desc(nulls_last=True), "-started_at"))
    last = {m.pk: m for m in Message.objects.select_related("author__profile").filter(
        pk__in=[r.last_id for r in rels if r.last_id])}
    for rel in rels:
        rel.last_message = last.get(rel.last_id)
        rel.other = rel.other_party(user)
    return rels


def search(user, query: str, *, limit: int = SEARCH_LIMIT) -> list[Message]:
    """The viewer's messages and those written to them containing ``query`` (case
    insensitive), newest first; deleted messages have no text left to match."""
    query = (query or "").strip()
    if not query:
        return []
    return list(Message.objects.filter(_mine(user), deleted_at__isnull=True,
                                       body__icontains=query)
                .select_related("author__profile", "relationship__mentee__profile",
                                "relationship__mentor__profile")
                .order_by("-id")[:limit])


def reference_choices(relationship) -> dict:
    """What a message may point at in this mentorship: the goals shared with it, its
    meetings and its feedback entries (the latest ones, for the form's lists)."""
    from tandem.feedback.models import FeedbackEntry
    from tandem.growth.selectors import goals_shared_with
    from tandem.meetings.models import Meeting

    return {
        "goals": list(goals_shared_with(relationship)[:50]),
        "meetings": list(Meeting.objects.filter(relationship=relationship)
                         .order_by("-starts_at")[:30]),
        "feedback": list(FeedbackEntry.objects.filter(relationship=relationship)
                         .order_by("-created_at")[:30]),
    }
