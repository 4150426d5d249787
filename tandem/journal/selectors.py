"""Reads of journal entries and notes, scoped to the viewer and prefetched: a page costs
the same few queries however many entries there are."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from tandem.accounts.models import CareerGoal
from tandem.journal.models import JournalEntry, JournalTag, Note, Visibility


def _entries():
    return (JournalEntry.objects
            .select_related("author__profile", "shared_with__mentee__profile",
                            "shared_with__mentor__profile")
            .prefetch_related(Prefetch("tags", queryset=JournalTag.objects.order_by("name")),
                              Prefetch("goals", queryset=CareerGoal.objects.order_by(
                                  "position", "id"))))


def entries_of(user, *, tag: str = "", goal_id: int | None = None):
    """The user's own journal, newest first, optionally only one tag's or one goal's."""
    entries = _entries().filter(author=user)
    if tag:
        entries = entries.filter(tags__name=tag)
    if goal_id is not None:
        entries = entries.filter(goals__pk=goal_id)
    return entries.order_by("-entry_date", "-id")


def tags_of(user) -> list[str]:
    """Every tag the user has used, for the filter."""
    return list(JournalTag.objects.filter(entry__author=user).values_list("name", flat=True)
                .distinct().order_by("name"))


def entries_shared_in(relationship):
    """Entries either party shared into the mentorship, newest first."""
    return _entries().filter(shared_with=relationship).order_by("-entry_date", "-id")


def shared_goal_ids(relationship) -> set[int]:
    from tandem.growth.selectors import goals_shared_with

    return set(goals_shared_with(relationship).values_list("pk", flat=True))


def visible_goals(entry: JournalEntry, viewer, shared_ids: set[int] | None = None):
    """The entry's linked goals as ``viewer`` may see them: all of them for the author;
    for the other party only the goals the mentee shares in that mentorship (a private
    goal linked to a shared entry stays private)."""
    goals = list(entry.goals.all())
    if viewer.pk == entry.author_id:
        return goals
    if entry.shared_with is None:
        return []
    if shared_ids is None:
        shared_ids = shared_goal_ids(entry.shared_with)
    return [g for g in goals if g.pk in shared_ids]


def with_visible_goals(entries, viewer, relationship=None) -> list[JournalEntry]:
    """Entries with ``.visible_goals`` set, in one extra query at most."""
    entries = list(entries)
    shared_ids = shared_goal_ids(relationship) if relationship is not None else None
    for entry in entries:
        if viewer.pk == entry.author_id:
            entry.visible_goals = list(entry.goals.all())
        else:
            entry.visible_goals = visible_goals(entry, viewer, shared_ids)
    return entries


@dataclass
class NotesView:
    private: list[Note]
    shared: list[Note]


def notes_for(relationship, viewer) -> NotesView:
    """My private notes and our shared notes, newest first, in one query."""
    notes = list(Note.objects.select_related("author__profile")
                 .filter(Q(visibility=Visibility.SHARED) | Q(author=viewer),
                         relationship=relationship).order_by("-created_at", "-id"))
    return NotesView(private=[n for n in notes if n.is_private],
                     shared=[n for n in notes if not n.is_private])


def note_counts(relationship, viewer) -> dict:
    return Note.objects.filter(relationship=relationship).aggregate(
        private=Count("pk", filter=Q(visibility=Visibility.PRIVATE, author=viewer)),
        shared=Count("pk", filter=Q(visibility=Visibility.SHARED)))
