"""The messages API (tag ``messages``): my conversations with unread counts, a thread's
messages (paged, or ``after`` an id for polling), post, edit, delete, mark read, search.
Only the two parties of a mentorship see its conversation; to anyone else it is 404."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict, StrictInt, StrictStr

from tandem.conversations import selectors, services
from tandem.conversations.models import reference_of
from tandem.conversations.permissions import access_conversation, access_message
from tandem.core.errors import ValidationFailed
from tandem.core.schemas import ERRORS
from tandem.core.validation import is_id

router = Router(tags=["messages"])
STRICT = ConfigDict(extra="forbid")
MAX_LIMIT = 100


class MessageIn(Schema):
    model_config = STRICT
    body: StrictStr = Field(description="Markdown, up to 5000 characters")
    goal_id: StrictInt | None = Field(None, description="A goal shared with this mentorship")
    meeting_id: StrictInt | None = Field(None, description="A meeting of this mentorship")
    feedback_id: StrictInt | None = Field(None, description="A feedback entry of this "
                                                            "mentorship")


class MessagePatch(Schema):
    model_config = STRICT
    body: StrictStr = Field(description="The new text (within 15 minutes of sending)")


class ReadIn(Schema):
    model_config = STRICT
    up_to: StrictInt | None = Field(None, description="The last message seen; default all")


class MessageOut(Schema):
    id: int
    relationship_id: int
    author_id: int
    author_name: str
    body: str = Field(description="Markdown; empty when deleted")
    goal_id: int | None
    meeting_id: int | None
    feedback_id: int | None
    reference_label: str
    reference_url: str
    created_at: datetime
    edited_at: datetime | None
    deleted: bool
    url: str


def _out(m) -> dict:
    ref = None if m.is_deleted else reference_of(m)
    return {"id": m.pk, "relationship_id": m.relationship_id, "author_id": m.author_id,
            "author_name": m.author.display_name, "body": m.body, "goal_id": m.goal_id,
            "meeting_id": m.meeting_id, "feedback_id": m.feedback_id,
            "reference_label": ref[0] if ref else "", "reference_url": ref[1] if ref else "",
            "created_at": m.created_at, "edited_at": m.edited_at, "deleted": m.is_deleted,
            "url": services.message_url(m)}


class ThreadOut(Schema):
    relationship_id: int
    writable: bool
    read_only_reason: str
    unread: int
    has_older: bool
    has_newer: bool
    messages: list[MessageOut]


class ConversationOut(Schema):
    relationship_id: int
    other_id: int
    other_name: str
    state: str
    unread: int
    last_message: MessageOut | None


class ReadOut(Schema):
    relationship_id: int
    last_read_id: int
    unread: int


def _check_ids(**values) -> dict:
    errors = []
    for name, value in values.items():
        if value is not None and not is_id(value):
            errors.append({"field": name, "message": "Must be a positive id."})
    if errors:
        raise ValidationFailed(errors[0]["message"], field=errors[0]["field"], errors=errors)
    return values


@router.get("/conversations", response={200: list[ConversationOut], **ERRORS},
            summary="My conversations, most recently active first, with unread counts")
def list_conversations(request):
    from tandem.conversations.models import Message

    rows = selectors.inbox(request.user)
    return [{"relationship_id": c.pk, "other_id": c.other.pk,
             "other_name": c.other.display_name, "state": c.state, "unread": c.unread,
             "last_message": _out(c.last_message) if isinstance(c.last_message, Message)
             else None} for c in rows]


@router.get("/mentorships/{relationship_id}/messages", response={200: ThreadOut, **ERRORS},
            summary="A conversation's messages, oldest first")
def list_messages(request, relationship_id: int, before: int | None = None,
                  after: int | None = None, start: int | None = None, limit: int = 50):
    """The latest ``limit`` messages; or those ``before`` an id (older pages); or those
    ``after`` an id (polling for new ones); or from ``start`` on. Reading them does not
    mark them read: call ``.../messages/read``."""
    rel = access_conversation(request.user, relationship_id)
    _check_ids(before=before, after=after if after else None, start=start)
    if after is not None and after < 0:
        raise ValidationFailed("Must be 0 or a message id.", field="after")
    if not 0 < limit <= MAX_LIMIT:
        raise ValidationFailed(f"From 1 to {MAX_LIMIT}.", field="limit")
    if sum(v is not None for v in (before, after, start)) > 1:
        raise ValidationFailed("Use one of before, after and start.", field="after")
    if after is not None:
        found = selectors.messages_after(rel, after, limit=limit + 1)
        page = selectors.ThreadPage(found[:limit], False, len(found) > limit)
    else:
        page = selectors.thread_page(rel, before=before, start=start, limit=limit)
    reason = ""
    try:
        services.check_writable(rel)
    except services.Conflict as exc:
        reason = exc.message
    return {"relationship_id": rel.pk, "writable": not reason, "read_only_reason": reason,
            "unread": selectors.unread_in(rel, request.user), "has_older": page.has_older,
            "has_newer": page.has_newer, "messages": [_out(m) for m in page.messages]}


@router.post("/mentorships/{relationship_id}/messages", response={201: MessageOut, **ERRORS},
             summary="Send a message to the other party")
def post_message(request, relationship_id: int, payload: MessageIn):
    rel = access_conversation(request.user, relationship_id)
    message = services.message_post(actor=request.user, relationship=rel,
                                    **payload.model_dump())
    return Status(201, _out(message))


@router.post("/mentorships/{relationship_id}/messages/read", response={200: ReadOut, **ERRORS},
             summary="Mark the conversation read (up to a message)")
def mark_read(request, relationship_id: int, payload: ReadIn):
    rel = access_conversation(request.user, relationship_id)
    _check_ids(up_to=payload.up_to)
    mark = services.conversation_mark_read(actor=request.user, relationship=rel,
                                           up_to=payload.up_to)
    return {"relationship_id": rel.pk, "last_read_id": mark,
            "unread": selectors.unread_in(rel, request.user)}


@router.get("/messages/search", response={200: list[MessageOut], **ERRORS},
            summary="Search my conversations (newest first, at most 50)")
def search_messages(request, q: str):
    q = q.strip()
    if not q:
        raise ValidationFailed("Say what to look for.", field="q")
    if len(q) > 200:
        raise ValidationFailed("At most 200 characters.", field="q")
    if "\x00" in q:
        raise ValidationFailed("Must not contain NUL characters.", field="q")
    return [_out(m) for m in selectors.search(request.user, q)]


@router.get("/messages/{message_id}", response={200: MessageOut, **ERRORS},
            summary="One message")
def get_message(request, message_id: int):
    return _out(access_message(request.user, message_id))


@router.patch("/messages/{message_id}", response={200: MessageOut, **ERRORS},
              summary="Edit my message (within 15 minutes of sending it)")
def edit_message(request, message_id: int, payload: MessagePatch):
    message = access_message(request.user, message_id, write=True)
    return _out(services.message_edit(actor=request.user, message=message, body=payload.body))


@router.delete("/messages/{message_id}", response={204: None, **ERRORS},
               summary="Delete my message (its text is removed; \"message deleted\" stays)")
def delete_message(request, message_id: int):
    message = access_message(request.user, message_id, write=True)
    services.message_delete(actor=request.user, message=message)
    return Status(204, None)
