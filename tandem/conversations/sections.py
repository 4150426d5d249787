"""What conversations add to the relationship page and the dashboard, and to a person's
data export and erasure. No timeline events: messages are chat, and the timeline is the
record of what the pair did and decided (a message that matters points at that thing).
Each function costs a fixed number of queries."""

from __future__ import annotations

from tandem.conversations import selectors
from tandem.conversations.models import Message, ReadState
from tandem.conversations.services import thread_url


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

def dashboard_section(*, viewer) -> dict | None:
    """Conversations with unread messages (a question from the other party waits for an
    answer), each linking to its thread; nothing when all is read."""
    from tandem.core.sections import waiting

    conversations = selectors.inbox(viewer)
    unread = [c for c in conversations if c.unread]
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
