"""A conversation is its mentorship's: visible to the two parties only; to anyone else
(coordinators and staff included) it does not exist (404)."""

from __future__ import annotations

from tandem.conversations.models import Message
from tandem.core.errors import Forbidden, NotFound
from tandem.core.permissions import parse_id
from tandem.mentorships.models import involving_q


def access_conversation(user, relationship_id, *, write: bool = False):
    """The mentorship whose conversation ``user`` reads, if they are one of its parties.
    Whether they may still post (an open mentorship, nobody frozen) is the services'
    rule: it answers 409 with a reason, not 403."""
    from tandem.mentorships.permissions import access_relationship

    return access_relationship(user, parse_id(relationship_id), write=write)


def access_message(user, message_id, *, write: bool = False) -> Message:
    """One message, for the two parties of its mentorship. ``write`` (edit, delete) is the
    author's: the other party sees it but may not change it (403)."""
    if not getattr(user, "is_authenticated", False):
        raise NotFound
    message = (Message.objects
               .select_related("relationship__mentee__profile", "relationship__mentor__profile",
                               "author__profile")
               .filter(involving_q(user, prefix="relationship__"), pk=parse_id(message_id)).first())
    if message is None:
        raise NotFound
    if write and message.author_id != user.pk:
        raise Forbidden("Only its author can change a message.")
    return message
