"""Who reads and changes journal entries and notes.

An entry: its author, and (when shared) both parties of the mentorship it is shared
with. A note: its author, and (when shared) the other party. Anyone else, including
coordinators and staff, gets 404: a private thing's existence is never revealed. Only the
author changes either; the other party, who can see a shared one, gets 403."""

from __future__ import annotations

from django.db.models import Q

from tandem.core.errors import Forbidden, NotFound
from tandem.core.permissions import parse_id
from tandem.journal.models import JournalEntry, Note, Visibility
from tandem.mentorships.models import involving_q


def access_entry(user, entry_id, *, write: bool = False) -> JournalEntry:
    if not user.is_authenticated:
        raise NotFound
    entry = (JournalEntry.objects
             .select_related("author__profile", "shared_with__mentee__profile",
                             "shared_with__mentor__profile")
             .prefetch_related("tags", "goals")
             .filter(Q(author=user) | involving_q(user, prefix="shared_with__"),
                     pk=parse_id(entry_id)).first())
    if entry is None:
        raise NotFound
    if write and entry.author_id != user.pk:
        raise Forbidden
    return entry


def access_note(user, note_id, *, write: bool = False) -> Note:
    if not user.is_authenticated:
        raise NotFound
    shared = Q(visibility=Visibility.SHARED) & involving_q(user, prefix="relationship__")
    note = (Note.objects
            .select_related("author__profile", "relationship__mentee__profile",
                            "relationship__mentor__profile")
            .filter(Q(author=user) | shared, pk=parse_id(note_id)).first())
    if note is None:
        raise NotFound
    if write and note.author_id != user.pk:
        raise Forbidden
    return note
