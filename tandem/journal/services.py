"""Writing journal entries and notes. Every input is checked here, so a page and the API
say the same thing; every fault is named by field, all at once."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import CareerGoal
from tandem.core.audit import audit_log
from tandem.core.errors import Conflict, ValidationFailed
from tandem.core.errors import FieldErrors as _Errors
from tandem.core.validation import (
    EMPTY_MESSAGE,
    ID_MAX,
    ID_MIN,
    NUL_MESSAGE,
    check_text,
    is_id,
)
from tandem.journal.models import JournalEntry, JournalTag, Note, Visibility
from tandem.mentorships.models import Relationship
from tandem.notifications.services import notify

MAX_TITLE = 200
MAX_BODY = 20000
MAX_TAGS = 10
MAX_TAG_LENGTH = 40
MAX_GOALS = 20
EARLIEST = date(1900, 1, 1)
UNSET = object()


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


def _text(errors: _Errors, field: str, value, limit: int, *, required: bool,
          empty_message: str = EMPTY_MESSAGE) -> str:
    return check_text(value, field=field, limit=limit, required=required, empty=empty_message,
                      nul=True, too_long="At most {limit:,} characters (this has {length:,}).",
                      errors=errors)


def today_for(user) -> date:
    """Today's date where ``user`` lives (their profile's timezone)."""
    from tandem.accounts.models import Profile

    name = Profile.objects.filter(user=user).values_list("timezone", flat=True).first()
    try:
        return timezone.localdate(timezone=ZoneInfo(name or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.localdate(timezone=ZoneInfo("UTC"))


def tag_normalize(name: str) -> str:
    """"  Public   SPEAKING " -> "public speaking"; a leading "#" is dropped."""
    text = unicodedata.normalize("NFKC", name)
    text = re.sub(r"\s+", " ", text).strip().lstrip("#").strip()
    return text.casefold()


def _tags(errors: _Errors, names) -> list[str]:
    if names is None:
        return []
    if isinstance(names, str):
        names = names.split(",")
    if not isinstance(names, list | tuple):
        errors.add("tags", "Give a list of tags.")
        return []
    if _has_nul(names):
        errors.add("tags", NUL_MESSAGE)
        return []
    result: list[str] = []
    for name in names:
        if not isinstance(name, str):
            errors.add("tags", "Each tag must be text.")
            return []
        tag = tag_normalize(name)
        if not tag:
            continue  # "a, , b": the empty one is just a stray comma
        if any(unicodedata.category(c).startswith("C") for c in tag):
            errors.add("tags", "Tags are one line of letters, digits and spaces.")
            return []
        if len(tag) > MAX_TAG_LENGTH:
            errors.add("tags", f"{tag[:20]!r}… is longer than {MAX_TAG_LENGTH} characters.")
            return []
        if tag not in result:
            result.append(tag)
    if len(result) > MAX_TAGS:
        errors.add("tags", f"At most {MAX_TAGS} tags per entry.")
    return result


def _goals(errors: _Errors, actor, goal_ids) -> list[CareerGoal]:
    if goal_ids is None:
        return []
    if not isinstance(goal_ids, list | tuple) or any(
            isinstance(g, bool) or not isinstance(g, int) for g in goal_ids):
        errors.add("goal_ids", "Give a list of goal ids.")
        return []
    wanted = list(dict.fromkeys(goal_ids))
    if len(wanted) > MAX_GOALS:
        errors.add("goal_ids", f"Link at most {MAX_GOALS} goals.")
        return []
    # Ids beyond a database integer simply match nothing.
    safe = [g for g in wanted if ID_MIN <= g <= ID_MAX]
    goals = {g.pk: g for g in CareerGoal.objects.filter(user=actor, pk__in=safe)}
    if len(goals) != len(wanted):
        errors.add("goal_ids", "Link your own career goals only.")
        return []
    return [goals[g] for g in wanted]


def _entry_date(errors: _Errors, actor, value) -> date:
    today = today_for(actor)
    if value is None or value == "":
        return today
    if not isinstance(value, date) or hasattr(value, "hour"):
        errors.add("entry_date", "A date like 2025-03-01.")
        return today
    if value > today:
        errors.add("entry_date", "An entry records what happened: the date cannot be in the "
                                 "future.")
    elif value < EARLIEST:
        errors.add("entry_date", f"Use a date from {EARLIEST:%Y} on.")
    return value


def _share_target(errors: _Errors, actor, visibility, relationship_id,
                  current: Relationship | None = None) -> Relationship | None:
    if visibility not in Visibility.values:
        errors.add("visibility", "Use private or shared.")
        return None
    if visibility == Visibility.PRIVATE:
        if relationship_id is not None:
            errors.add("relationship_id", "A private entry is not shared with a mentorship: "
                                          "leave this out, or make it shared.")
        return None
    if relationship_id is None:
        errors.add("relationship_id", "Choose the mentorship to share it with.")
        return None
    if not is_id(relationship_id):
        errors.add("relationship_id", "Choose one of your mentorships.")
        return None
    rel = (Relationship.objects.select_related("mentee__profile", "mentor__profile")
           .involving(actor).filter(pk=relationship_id).first())
    if rel is None:
        errors.add("relationship_id", "Choose one of your mentorships.")
        return None
    if not rel.is_open and (current is None or current.pk != rel.pk):
        errors.add("relationship_id", "That mentorship has closed: nothing new can be shared "
                                      "into it.")
        return None
    return rel


def _notify_shared_entry(actor, entry: JournalEntry) -> None:
    rel = entry.shared_with
    notify(recipient=rel.other_party(actor), kind="journal.shared",
           title=f"{actor.display_name} shared a journal entry with you",
           url=reverse("journal:entry", args=[entry.pk]))


# --- Journal ----------------------------------------------------------------------------


def entry_create(*, actor, title: str, body: str = "", entry_date: date | None = None,
                 tags: list[str] | None = None, goal_ids: list[int] | None = None,
                 visibility: str = Visibility.PRIVATE,
                 relationship_id: int | None = None) -> JournalEntry:
    """A new entry in the actor's journal; private unless shared with one of their
    mentorships (the other party is then told)."""
    errors = _Errors()
    title = _text(errors, "title", title, MAX_TITLE, required=True,
                  empty_message="Give the entry a title.")
    body = _text(errors, "body", body, MAX_BODY, required=False)
    day = _entry_date(errors, actor, entry_date)
    clean_tags = _tags(errors, tags)
    goals = _goals(errors, actor, goal_ids)
    rel = _share_target(errors, actor, visibility, relationship_id)
    errors.raise_if_any()
    with transaction.atomic():
        entry = JournalEntry.objects.create(author=actor, entry_date=day, title=title,
                                            body=body, shared_with=rel)
        JournalTag.objects.bulk_create([JournalTag(entry=entry, name=t) for t in clean_tags])
        entry.goals.set(goals)
        audit_log(actor=actor, action="journal.entry.created", target=entry)
        if rel is not None:
            _notify_shared_entry(actor, entry)
    return entry


ENTRY_FIELDS = {"title", "body", "entry_date", "tags", "goal_ids", "visibility",
                "relationship_id"}


def entry_update(*, actor, entry: JournalEntry, changes: dict) -> JournalEntry:
    """Change some of an entry's fields (only its author may). Sharing it anew, or with
    another mentorship, tells that mentorship's other party."""
    errors = _Errors()
    for key in sorted(set(changes) - ENTRY_FIELDS):
        errors.add(key, "Not a field of a journal entry.")
    values: dict = {}
    if "title" in changes:
        values["title"] = _text(errors, "title", changes["title"], MAX_TITLE, required=True,
                                empty_message="Give the entry a title.")
    if "body" in changes:
        values["body"] = _text(errors, "body", changes["body"], MAX_BODY, required=False)
    if "entry_date" in changes:
        values["entry_date"] = _entry_date(errors, actor, changes["entry_date"])
    tags = _tags(errors, changes["tags"]) if "tags" in changes else None
    goals = _goals(errors, actor, changes["goal_ids"]) if "goal_ids" in changes else None
    sharing = "visibility" in changes or "relationship_id" in changes
    rel = entry.shared_with
    if sharing:
        visibility = changes.get("visibility", entry.visibility)
        rel_id = changes.get("relationship_id", entry.shared_with_id)
        if "visibility" in changes and visibility == Visibility.PRIVATE \
                and "relationship_id" not in changes:
            rel_id = None
        rel = _share_target(errors, actor, visibility, rel_id, current=entry.shared_with)
    errors.raise_if_any()
    newly_shared = sharing and rel is not None and rel.pk != entry.shared_with_id
    with transaction.atomic():
        for key, value in values.items():
            setattr(entry, key, value)
        if sharing:
            entry.shared_with = rel
        entry.save()
        if tags is not None:
            JournalTag.objects.filter(entry=entry).delete()
            JournalTag.objects.bulk_create([JournalTag(entry=entry, name=t) for t in tags])
        if goals is not None:
            entry.goals.set(goals)
        audit_log(actor=actor, action="journal.entry.updated", target=entry)
        if newly_shared:
            _notify_shared_entry(actor, entry)
    return entry


def entry_delete(*, actor, entry: JournalEntry) -> None:
    with transaction.atomic():
        audit_log(actor=actor, action="journal.entry.deleted", target=entry)
        entry.delete()


# --- Notes ------------------------------------------------------------------------------


def _note_values(errors: _Errors, body, visibility) -> tuple[str, str]:
    body = _text(errors, "body", body, MAX_BODY, required=True,
                 empty_message="Write something in the note.")
    if visibility not in Visibility.values:
        errors.add("visibility", "Use private (only you read it) or shared (both of you do).")
    return body, visibility


def note_create(*, actor, relationship: Relationship, body: str,
                visibility: str = Visibility.PRIVATE) -> Note:
    """A note in the mentorship by one of its parties. A private note is its author's
    alone; a shared one is read by the other party too, who is told about it."""
    errors = _Errors()
    body, visibility = _note_values(errors, body, visibility)
    errors.raise_if_any()
    if actor.pk not in (relationship.mentee_id, relationship.mentor_id):
        raise ValidationFailed("Notes are written by the mentorship's two parties.",
                               field="relationship_id")
    if visibility == Visibility.SHARED and not relationship.is_open:
        raise Conflict("This mentorship has closed: new notes can only be private.")
    with transaction.atomic():
        note = Note.objects.create(relationship=relationship, author=actor, body=body,
                                   visibility=visibility)
        audit_log(actor=actor, action="journal.note.created", target=note)
        if visibility == Visibility.SHARED:
            _notify_shared_note(actor, note)
    return note


def _notify_shared_note(actor, note: Note) -> None:
    notify(recipient=note.relationship.other_party(actor), kind="note.shared",
           title=f"{actor.display_name} shared a note with you",
           url=reverse("journal:notes", args=[note.relationship_id]))


def note_update(*, actor, note: Note, body=UNSET, visibility=UNSET) -> Note:
    """Change a note (its author only). Making a private note shared tells the other
    party; making a shared note private takes it back from them."""
    errors = _Errors()
    new_body = note.body if body is UNSET else body
    new_visibility = note.visibility if visibility is UNSET else visibility
    new_body, new_visibility = _note_values(errors, new_body, new_visibility)
    errors.raise_if_any()
    newly_shared = note.is_private and new_visibility == Visibility.SHARED
    if newly_shared and not note.relationship.is_open:
        raise Conflict("This mentorship has closed: its notes can no longer be shared.")
    with transaction.atomic():
        note.body, note.visibility = new_body, new_visibility
        note.save(update_fields=["body", "visibility", "updated_at"])
        audit_log(actor=actor, action="journal.note.updated", target=note)
        if newly_shared:
            _notify_shared_note(actor, note)
    return note


def note_delete(*, actor, note: Note) -> None:
    with transaction.atomic():
        audit_log(actor=actor, action="journal.note.deleted", target=note)
        note.delete()
