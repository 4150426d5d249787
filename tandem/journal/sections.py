"""What the journal and notes add to the relationship page, the dashboard, the timeline
and a person's own export. Each function costs a fixed number of queries."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from tandem.core.sections import TimelineEvent, day_event_time
from tandem.journal import selectors
from tandem.journal.models import JournalEntry, Note, Visibility

PRIVATE_DETAIL = "Private: only you see this"


def _one_line(text: str, limit: int = 120) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


RELATIONSHIP_TAB = "notes"  # where relationship_section shows (tandem.core.sections)


def relationship_section(*, viewer, relationship) -> dict | None:
    counts = selectors.note_counts(relationship, viewer)
    return {
        "template": "journal/partials/relationship_card.html", "tab": "notes",
        "relationship": relationship,
        "shared_entries": JournalEntry.objects.filter(shared_with=relationship).count(),
        "private_notes": counts["private"],
        "shared_notes": counts["shared"],
    }


def dashboard_probe(*, viewer) -> dict:
    return {"journal.entries": JournalEntry.objects.filter(author=viewer)}


def dashboard_section(*, viewer, home=None) -> dict | None:
    """The viewer's latest journal entries (the card shows even with none, as the way in).
    One query; none when the home's probe says there is no entry."""
    from tandem.core.sections import INFO, home_memo

    home = home_memo(home, viewer)
    recent = (list(JournalEntry.objects.filter(author=viewer).order_by("-entry_date", "-id")
                   .only("pk", "title", "entry_date", "shared_with_id")[:3])
              if home.probe("journal.entries") else [])

    return {"template": "journal/partials/dashboard_card.html", "entries": recent,
            "urgency": INFO}


def timeline_events(*, viewer, relationship) -> list[TimelineEvent]:
    """Entries shared into the mentorship; shared notes; and the viewer's own private
    notes, marked as theirs alone. Never anyone else's private note, nor private entries."""
    events = []
    entries = JournalEntry.objects.filter(shared_with=relationship).select_related(
        "author__profile").prefetch_related("tags")
    for entry in entries:
        at, all_day = day_event_time(entry.entry_date, entry.created_at)
        events.append(TimelineEvent(
            at=at, all_day=all_day, kind="journal", title=f"Journal entry: {_one_line(entry.title, 100)}",
            url=reverse("journal:entry", args=[entry.pk]),
            detail="Shared in this mentorship", actor=entry.author.display_name,
            tags=tuple(t.name for t in entry.tags.all())))
    notes = Note.objects.filter(Q(visibility=Visibility.SHARED) | Q(author=viewer),
                                relationship=relationship).select_related("author__profile")
    url = reverse("journal:notes", args=[relationship.pk])
    for note in notes:
        if note.is_private:
            events.append(TimelineEvent(at=note.created_at, kind="note", title="Private note",
                                        url=url, detail=f"{PRIVATE_DETAIL}. "
                                        f"{_one_line(note.body, 100)}",
                                        actor=note.author.display_name))
        else:
            events.append(TimelineEvent(at=note.created_at, kind="note", title="Shared note",
                                        url=url, detail=_one_line(note.body),
                                        actor=note.author.display_name))
    return events


def record_markdown(*, user) -> str:
    """The user's whole journal and every note they wrote, private ones included: this is
    their own export. Notes others shared with them are theirs to read in Tandem, not
    their record."""
    entries = list(JournalEntry.objects.filter(author=user)
                   .select_related("shared_with__mentee__profile", "shared_with__mentor__profile")
                   .prefetch_related("tags", "goals").order_by("entry_date", "id"))
    notes = list(Note.objects.filter(author=user)
                 .select_related("relationship__mentee__profile",
                                 "relationship__mentor__profile")
                 .order_by("relationship_id", "created_at", "id"))
    if not entries and not notes:
        return ""
    lines: list[str] = []
    if entries:
        lines += ["## Journal", ""]
        for entry in entries:
            lines += [f"### {entry.entry_date:%Y-%m-%d}: {_one_line(entry.title, 200)}", ""]
            shared = (f"shared with {entry.shared_with.other_party(user).display_name}"
                      if entry.shared_with else "private")
            lines.append(f"- Visibility: {shared}")
            tags = [t.name for t in entry.tags.all()]
            if tags:
                lines.append(f"- Tags: {', '.join(tags)}")
            goals = [g.title for g in entry.goals.all()]
            if goals:
                lines.append(f"- Goals: {'; '.join(goals)}")
            if entry.body.strip():
                lines += ["", entry.body.strip()]
            lines.append("")
    if notes:
        lines += ["## My notes", ""]
        current = None
        for note in notes:
            if note.relationship_id != current:
                current = note.relationship_id
                other = note.relationship.other_party(user).display_name
                lines += [f"### Mentorship with {other}", ""]
            label = "private" if note.is_private else "shared"
            lines += [f"#### {timezone.localtime(note.created_at):%Y-%m-%d %H:%M} ({label})", "",
                      note.body.strip(), ""]
    return "\n".join(lines)


# --- Data rights (tandem.privacy) -------------------------------------------------------


def export_data(*, user) -> dict:
    """The person's journal and notes, private ones included: they are their own.
    Nobody else's private notes ever appear here."""
    from tandem.core.exporting import plain, rows

    entries = (JournalEntry.objects.filter(author=user).prefetch_related("tags", "goals")
               .order_by("entry_date", "id"))
    return {
        "journal_entries": [plain({
            "id": e.pk, "entry_date": e.entry_date, "title": e.title, "body": e.body,
            "shared_with_relationship_id": e.shared_with_id,
            "tags": [t.name for t in e.tags.all()], "goal_ids": [g.pk for g in e.goals.all()],
            "created_at": e.created_at, "updated_at": e.updated_at}) for e in entries],
        "notes": rows(Note.objects.filter(author=user).order_by("created_at", "id"),
                      "relationship_id", "visibility", "body", "created_at", "updated_at"),
    }


def erase_user(*, user) -> None:
    """The person's journal entries and notes go, private and shared alike; the other
    party's own journal and notes stay."""
    JournalEntry.objects.filter(author=user).delete()
    Note.objects.filter(author=user).delete()
