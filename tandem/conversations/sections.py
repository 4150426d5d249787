"""What conversations add to the relationship page and the dashboard, and to a person's
data export and erasure. No timeline events: messages are chat, and the timeline is the
record of what the pair did and decided (a message that matters points at that thing).
Each function costs a fixed number of queries."""

from __future__ import annotations

from tandem.conversations import selectors
from tandem.conversations.models import Message, ReadState
from tandem.conversations.services import thread_url

RELATIONSHIP_TAB = "overview"  # where relationship_section shows (tandem.core.sections)


def relationship_section(*, viewer, relationship) -> dict | None:
    """The Messages card on the Overview (the Messages tab is the conversation itself);
    unread messages wait on the viewer."""
    other = relationship.other_party(viewer)
    url = thread_url(relationship.pk)
    unread = selectors.unread_in(relationship, viewer)
    return {
        "template": "conversations/partials/relationship_section.html", "tab": "overview",
        "relationship": relationship, "other": other,
        "viewer_id": viewer.pk, "url": url, "unread": unread,
        "last": Message.objects.filter(relationship=relationship).order_by("-id").first(),
        "attention": ([{"text": f"{unread} unread message{'' if unread == 1 else 's'} from "
                                f"{other.display_name}", "url": url}] if unread else []),
        "actions": ([{"label": f"Write to {other.display_name}", "url": url}]
                    if relationship.is_open else []),
    }

def dashboard_probe(*, viewer) -> dict:
    return {"conversations.unread": selectors.unread_messages(viewer)}


def dashboard_relationship_figures(*, viewer, home) -> dict:
    """Each relationship's unread messages and its latest message, when any is unread."""
    if not home.probe("conversations.unread"):
        return {}
    return selectors.unread_figures(viewer)


def dashboard_section(*, viewer, home=None) -> dict | None:
    """Conversations with unread messages (a question from the other party waits for an
    answer), each linking to its thread; nothing when all is read. No query of its own
    on the home (the figures come with the shared relationships), one on its own."""
    from tandem.core.sections import home_memo, waiting
    from tandem.mentorships.selectors import relationships_for_home

    home = home_memo(home, viewer)
    if not home.probe("conversations.unread"):
        return None
    rels = {r.pk: r for r in relationships_for_home(viewer, home)}
    if all(hasattr(r, "conversations_unread") for r in rels.values()):
        rows = sorted(((r.pk, r.conversations_unread, r.conversations_last or 0)
                       for r in rels.values() if r.conversations_unread),
                      key=lambda row: -row[2])
        found = [(rel_id, n) for rel_id, n, _last in rows]
    else:
        found = selectors.unread_by_relationship(viewer)
    unread = []
    for rel_id, count in found:
        rel = rels.get(rel_id)
        if rel is not None:
            rel.unread, rel.other = count, rel.other_party(viewer)
            unread.append(rel)
    if not unread:
        return None
    roles = sorted({c.role_of(viewer) for c in unread})
    return {"template": "conversations/partials/dashboard_section.html",
            "conversations": unread, "unread": sum(c.unread for c in unread),
            "roles": roles, "urgency": waiting(len(unread))}


def export_data(*, user) -> dict:
    """The messages ``user`` wrote (the other party's are theirs)."""
    rows = Message.objects.filter(author=user).order_by("id")
    return {"messages": [{
        "id": m.pk, "mentorship_id": m.relationship_id,
        "written_at": m.created_at.isoformat(),
        "edited_at": m.edited_at.isoformat() if m.edited_at else None,
        "deleted_at": m.deleted_at.isoformat() if m.deleted_at else None,
        "text": m.body, "goal_id": m.goal_id, "meeting_id": m.meeting_id,
        "feedback_id": m.feedback_id,
    } for m in rows]}


def erase_user(*, user) -> None:
    """The person's messages are deleted outright; the other party keeps theirs."""
    from tandem.core.cache import header_changed

    # The other parties' unread counts drop with the messages they had not read.
    header_changed(*{pk for pair in Message.objects.filter(author=user).values_list(
        "relationship__mentee_id", "relationship__mentor_id").distinct() for pk in pair})
    Message.objects.filter(author=user).delete()
    ReadState.objects.filter(user=user).delete()
