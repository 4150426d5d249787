"""Writes for conversations: post, edit within a short window, delete (the text is gone,
"message deleted" stays), mark read, and the periodic job that emails unseen messages.

Notifications on purpose do not follow every message: a chat would flood the
notification center. The header and the inbox show unread counts at once; a message the
reader has not seen within ``TANDEM_MESSAGE_EMAIL_DELAY_MINUTES`` gets one in-app
notification per conversation (refreshed, not repeated, while unread) and, following the
reader's choice for "Messages", one email listing everything unseen since the last one."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tandem.conversations.models import EDIT_WINDOW_MINUTES, MAX_BODY, Message, ReadState
from tandem.core.audit import audit_log
from tandem.core.cache import header_changed
from tandem.core.errors import Conflict, FieldErrors, Forbidden
from tandem.core.validation import is_id, reject_nul_characters

logger = logging.getLogger(__name__)

NOTIFICATION_KIND = "message.new"
# Messages older than this are never emailed (a new install, a long outage): the unread
# counts still show them.
EMAIL_LOOKBACK = timedelta(days=2)
CLOSED_MESSAGE = ("This mentorship is closed: its conversation can be read but no longer "
                  "added to.")
FROZEN_MESSAGE = ("This conversation is read only while an account in it is frozen by "
                  "the people who look after the community.")


def thread_url(relationship_id: int) -> str:
    return reverse("conversations:thread", args=[relationship_id])


def message_url(message: Message) -> str:
    return f"{thread_url(message.relationship_id)}?from={message.pk}#message-{message.pk}"


def check_writable(relationship) -> None:
    """Posting follows the mentorship: active or paused, and both accounts active."""
    if not relationship.is_open:
        raise Conflict(CLOSED_MESSAGE)
    if not (relationship.mentee.is_active and relationship.mentor.is_active):
        raise Conflict(FROZEN_MESSAGE)


def _check_party(actor, relationship) -> None:
    if actor.pk not in (relationship.mentee_id, relationship.mentor_id):
        raise Forbidden("Only the two people in this mentorship can write here.")


def _object_id(errors: FieldErrors, value, field: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.isdecimal() and len(value) < 20:
        value = int(value)
    if not is_id(value):
        errors.add(field, "Not a known id.")
        return None
    return value


def _references(errors: FieldErrors, relationship, *, goal_id, meeting_id,
                feedback_id) -> dict:
    from tandem.feedback.models import FeedbackEntry
    from tandem.growth.selectors import goals_shared_with
    from tandem.meetings.models import Meeting

    ids = {"goal_id": _object_id(errors, goal_id, "goal_id"),
           "meeting_id": _object_id(errors, meeting_id, "meeting_id"),
           "feedback_id": _object_id(errors, feedback_id, "feedback_id")}
    given = [field for field, value in ids.items() if value]
    if len(given) > 1:
        errors.add(given[1], "A message can point at one thing: a goal, a meeting or a "
                             "feedback entry.")
        return {}
    found = {}
    if ids["goal_id"]:
        goal = goals_shared_with(relationship).filter(pk=ids["goal_id"]).first()
        if goal is None:
            errors.add("goal_id", "Pick one of the goals shared with this mentorship.")
        found["goal"] = goal
    if ids["meeting_id"]:
        meeting = Meeting.objects.filter(pk=ids["meeting_id"], relationship=relationship).first()
        if meeting is None:
            errors.add("meeting_id", "Pick one of this mentorship's meetings.")
        found["meeting"] = meeting
    if ids["feedback_id"]:
        entry = FeedbackEntry.objects.filter(pk=ids["feedback_id"],
                                             relationship=relationship).first()
        if entry is None:
            errors.add("feedback_id", "Pick one of this mentorship's feedback entries.")
        found["feedback"] = entry
    return found


def message_post(*, actor, relationship, body: str, goal_id=None, meeting_id=None,
                 feedback_id=None) -> Message:
    """Write to the other party of the mentorship: Markdown text (sanitized when shown),
    optionally pointing at a goal shared with the mentorship, one of its meetings or one
    of its feedback entries."""
    _check_party(actor, relationship)
    reject_nul_characters({"body": body})
    check_writable(relationship)
    errors = FieldErrors()
    body = errors.text(body, "body", MAX_BODY, required=True, empty="Write a message.")
    refs = _references(errors, relationship, goal_id=goal_id, meeting_id=meeting_id,
                       feedback_id=feedback_id)
    errors.raise_if_any()
    with transaction.atomic():
        message = Message.objects.create(relationship=relationship, author=actor, body=body,
                                         **refs)
        # What I wrote I have seen: my own read mark moves past it.
        _advance_read(actor, relationship.pk, message.pk)
        # One more unread for the other party; fewer for me if my mark passed theirs.
        header_changed(relationship.mentee_id, relationship.mentor_id)
        audit_log(actor=actor, action="conversations.message.posted", target=message,
                  data={"relationship_id": relationship.pk})
    return message


def message_edit(*, actor, message: Message, body: str) -> Message:
    """Change one's own message within EDIT_WINDOW_MINUTES of writing it; it then shows
    "edited"."""
    if message.author_id != actor.pk:
        raise Forbidden("Only its author can change a message.")
    reject_nul_characters({"body": body})
    if message.is_deleted:
        raise Conflict("This message was deleted.")
    check_writable(message.relationship)
    now = timezone.now()
    if now - message.created_at > timedelta(minutes=EDIT_WINDOW_MINUTES):
        raise Conflict(f"A message can be edited for {EDIT_WINDOW_MINUTES} minutes after "
                       "it was sent; you can delete it, or write another.")
    errors = FieldErrors()
    body = errors.text(body, "body", MAX_BODY, required=True, empty="Write a message.")
    errors.raise_if_any()
    if body == message.body:
        return message
    with transaction.atomic():
        changed = Message.objects.filter(pk=message.pk, deleted_at__isnull=True).update(
            body=body, edited_at=now, updated_at=now)
        if not changed:
            raise Conflict("This message was deleted.")
        message.body, message.edited_at = body, now
        audit_log(actor=actor, action="conversations.message.edited", target=message,
                  data={"relationship_id": message.relationship_id})
    return message


def message_delete(*, actor, message: Message) -> Message:
    """Delete one's own message: its text (and what it pointed at) is removed from the
    database; the thread keeps "message deleted" in its place. Allowed in a closed
    mentorship too: taking back one's own words is always possible."""
    if message.author_id != actor.pk:
        raise Forbidden("Only its author can delete a message.")
    if message.is_deleted:
        return message
    now = timezone.now()
    with transaction.atomic():
        Message.objects.filter(pk=message.pk, deleted_at__isnull=True).update(
            body="", goal=None, meeting=None, feedback=None, deleted_at=now, updated_at=now)
        message.refresh_from_db()
        # The other party's unread count drops if they had not read it yet.
        rel = message.relationship
        header_changed(rel.mentee_id, rel.mentor_id)
        audit_log(actor=actor, action="conversations.message.deleted", target=message,
                  data={"relationship_id": message.relationship_id})
    return message


def _read_state(user_id: int, relationship_id: int) -> ReadState:
    state = ReadState.objects.filter(relationship_id=relationship_id, user_id=user_id).first()
    if state is not None:
        return state
    try:
        with transaction.atomic():
            return ReadState.objects.create(relationship_id=relationship_id, user_id=user_id)
    except IntegrityError:  # made by a concurrent request a moment ago
        return ReadState.objects.get(relationship_id=relationship_id, user_id=user_id)


def _advance_read(user, relationship_id: int, up_to: int) -> bool:
    state = _read_state(user.pk, relationship_id)
    # Only forward: a page opened earlier and submitted late never un-reads anything.
    return bool(ReadState.objects.filter(pk=state.pk, last_read_id__lt=up_to).update(
        last_read_id=up_to, last_read_at=timezone.now()))


def conversation_mark_read(*, actor, relationship, up_to: int | None = None) -> int:
    """The viewer has seen the conversation up to message ``up_to`` (default: all of it).
    Their notification about it is marked read too. Returns the read mark."""
    from tandem.notifications.models import Notification

    _check_party(actor, relationship)
    if up_to is None:
        up_to = (Message.objects.filter(relationship=relationship).order_by("-id")
                 .values_list("id", flat=True).first() or 0)
    if up_to and _advance_read(actor, relationship.pk, up_to):
        Notification.objects.filter(recipient=actor, kind=NOTIFICATION_KIND,
                                    url=thread_url(relationship.pk),
                                    read_at__isnull=True).update(read_at=timezone.now())
        header_changed(actor.pk)  # fewer unread messages, maybe a notification read
    return max(up_to, _read_state(actor.pk, relationship.pk).last_read_id)


# --- The email job ----------------------------------------------------------------------


def messages_email_unseen(*, now=None) -> int:
    """Periodic: for each conversation where a message to someone has waited unseen for
    longer than TANDEM_MESSAGE_EMAIL_DELAY_MINUTES, one in-app notification and one email
    (as the reader chose for "Messages") listing every message they have not seen and not
    been emailed about. Claims each conversation by moving the reader's ``last_emailed_id``
    with a conditional UPDATE, so two runs at once email once. Returns how many
    conversations were notified."""
    from tandem.mentorships.models import Relationship

    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.TANDEM_MESSAGE_EMAIL_DELAY_MINUTES)
    pairs = set(Message.objects.filter(deleted_at__isnull=True, created_at__lte=cutoff,
                                       created_at__gte=now - EMAIL_LOOKBACK)
                .values_list("relationship_id", "author_id").distinct())
    if not pairs:
        return 0
    rels = Relationship.objects.select_related("mentee__profile", "mentor__profile").in_bulk(
        {rid for rid, _ in pairs})
    done = 0
    for rid, author_id in sorted(pairs):
        rel = rels.get(rid)
        if rel is None or author_id not in (rel.mentee_id, rel.mentor_id):
            continue
        reader = rel.mentor if author_id == rel.mentee_id else rel.mentee
        try:
            if _email_conversation(rel, reader, cutoff=cutoff, now=now):
                done += 1
        except Exception:  # one failing email must not stop the others
            logger.exception("emailing messages of mentorship %s failed", rid)
    return done


def _email_conversation(rel, reader, *, cutoff, now) -> bool:
    from tandem.notifications.models import EmailMode, Group, Notification
    from tandem.notifications.services import email_mode, notify

    state = _read_state(reader.pk, rel.pk)
    since = max(state.last_read_id, state.last_emailed_id)
    unseen = list(Message.objects.filter(relationship=rel, deleted_at__isnull=True,
                                         id__gt=since)
                  .exclude(author=reader).select_related("author__profile").order_by("id"))
    if not unseen or unseen[0].created_at > cutoff:
        return False  # seen or emailed already, or the oldest unseen is still recent
    top = unseen[-1].pk
    with transaction.atomic():
        claimed = ReadState.objects.filter(
            pk=state.pk, last_emailed_id=state.last_emailed_id,
            last_read_id=state.last_read_id).update(last_emailed_id=top, last_emailed_at=now)
        if not claimed:
            return False  # another run, or the reader opened the thread meanwhile
        if not reader.is_active:
            return False
        names = sorted({m.author.display_name for m in unseen})
        count = len(unseen)
        url = thread_url(rel.pk)
        title = (f"{count} new message{'s' if count != 1 else ''} from {' and '.join(names)}")
        notification = notify(recipient=reader, kind=NOTIFICATION_KIND, title=title,
                              body=f"In your mentorship with {rel.other_party(reader).display_name}.",
                              url=url, email=False)
        mode = email_mode(reader, Group.MESSAGES)
        # Filed under "Messages" whatever the kind's prefix maps to, and waiting for the
        # daily digest when that is the reader's choice.
        Notification.objects.filter(pk=notification.pk).update(
            group=Group.MESSAGES, awaits_digest=mode == EmailMode.DAILY,
            emailed_at=now if mode == EmailMode.IMMEDIATELY else None)
        audit_log(actor=None, action="conversations.messages.notified", target=rel,
                  data={"reader_id": reader.pk, "messages": count, "email": mode})
    if mode == EmailMode.IMMEDIATELY:
        try:
            _send_email(reader, rel, unseen, title=title, url=url)
        except Exception:
            # Released, so the next run tries again.
            ReadState.objects.filter(pk=state.pk, last_emailed_id=top).update(
                last_emailed_id=state.last_emailed_id)
            Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
            raise
    return True


def _send_email(reader, rel, unseen: list[Message], *, title: str, url: str) -> None:
    from tandem.core.markdown import plain_text
    from tandem.notifications import emails
    from tandem.notifications.models import Group

    items = [{"author": m.author.display_name,
              "at": timezone.localtime(m.created_at),
              "text": _excerpt(plain_text(m.body))} for m in unseen]
    emails.send(user=reader, subject=title, template="conversation_messages",
                context={"items": items, "other": rel.other_party(reader),
                         "link": f"{settings.SITE_URL}{url}", "title": title},
                topic=Group.MESSAGES)


def _excerpt(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
