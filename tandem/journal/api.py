"""The journal and notes over JSON. The same services and access rules as the pages."""

from __future__ import annotations

from datetime import date, datetime

from django.core.paginator import Paginator
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, StrictInt, StrictStr

from tandem.core.errors import ValidationFailed
from tandem.core.schemas import ERRORS
from tandem.core.validation import is_id
from tandem.journal import selectors, services
from tandem.journal.permissions import access_entry, access_note
from tandem.mentorships.permissions import access_relationship

router = Router(tags=["journal"])
STRICT = ConfigDict(extra="forbid")
PAGE_SIZE = 20


class EntryIn(Schema):
    model_config = STRICT
    title: StrictStr
    body: StrictStr = Field("", description="Markdown")
    entry_date: date | None = Field(None, description="Defaults to today in your timezone; "
                                                      "not in the future")
    tags: list[StrictStr] = Field([], description="Up to 10; stored lower-case")
    goal_ids: list[StrictInt] = Field([], description="Your own career goals")
    visibility: StrictStr = Field("private", description="private or shared")
    relationship_id: StrictInt | None = Field(None, description="The mentorship it is "
                                                                "shared with (shared only)")


class EntryPatch(Schema):
    model_config = STRICT
    title: StrictStr | None = None
    body: StrictStr | None = None
    entry_date: date | None = None
    tags: list[StrictStr] | None = None
    goal_ids: list[StrictInt] | None = None
    visibility: StrictStr | None = None
    relationship_id: StrictInt | None = None


class GoalRef(Schema):
    id: int
    title: str


class EntryOut(Schema):
    id: int
    author_id: int
    entry_date: date
    title: str
    body: str
    tags: list[str]
    goals: list[GoalRef]
    visibility: str
    relationship_id: int | None
    created_at: datetime
    updated_at: datetime


class EntryPage(Schema):
    count: int
    page: int
    pages: int
    results: list[EntryOut]


class EntryFilters(Schema):
    tag: str = Field("", description="Only entries with this tag")
    goal_id: int | None = Field(None, description="Only entries linked to this goal of yours")
    page: int = Field(1, description="Pages of 20, newest first")


def _out(entry, viewer, goals=None) -> dict:
    if goals is None:
        goals = selectors.visible_goals(entry, viewer)
    return {"id": entry.pk, "author_id": entry.author_id, "entry_date": entry.entry_date,
            "title": entry.title, "body": entry.body,
            "tags": [t.name for t in entry.tags.all()],
            "goals": [{"id": g.pk, "title": g.title} for g in goals],
            "visibility": entry.visibility, "relationship_id": entry.shared_with_id,
            "created_at": entry.created_at, "updated_at": entry.updated_at}


def _reload(request, entry_id):
    return _out(access_entry(request.user, entry_id), request.user)


@router.get("/journal", response={200: EntryPage, **ERRORS}, summary="My journal",
            description="Your own entries, newest first, 20 a page; filter by tag or goal.")
def list_entries(request, filters: Query[EntryFilters]):
    unknown = sorted(set(request.GET) - set(EntryFilters.model_fields))
    if unknown:
        errors = [{"field": key, "message": f"Unknown filter {key!r}: use tag, goal_id, page."}
                  for key in unknown]
        raise ValidationFailed(errors[0]["message"], field=unknown[0], errors=errors)
    tag = services.tag_normalize(filters.tag) if "\x00" not in filters.tag else "\x01"
    goal_id = filters.goal_id if filters.goal_id is not None and \
        is_id(filters.goal_id) else (None if filters.goal_id is None else -1)
    page = Paginator(selectors.entries_of(request.user, tag=tag, goal_id=goal_id),
                     PAGE_SIZE).get_page(filters.page)
    return {"count": page.paginator.count, "page": page.number,
            "pages": page.paginator.num_pages,
            "results": [_out(e, request.user, list(e.goals.all())) for e in page]}


@router.post("/journal", response={201: EntryOut, **ERRORS}, summary="Write a journal entry")
def create_entry(request, payload: EntryIn):
    entry = services.entry_create(actor=request.user, **payload.model_dump())
    return Status(201, _reload(request, entry.pk))


@router.get("/journal/{journal_entry_id}", response={200: EntryOut, **ERRORS},
            summary="One journal entry",
            description="Yours, or one shared into a mentorship you are part of.")
def get_entry(request, journal_entry_id: int):
    return _reload(request, journal_entry_id)


@router.patch("/journal/{journal_entry_id}", response={200: EntryOut, **ERRORS},
              summary="Change a journal entry (its author only)")
def update_entry(request, journal_entry_id: int, payload: EntryPatch):
    entry = access_entry(request.user, journal_entry_id, write=True)
    changes = payload.model_dump(exclude_unset=True)
    for key in ("title", "body", "entry_date", "tags", "goal_ids", "visibility"):
        if key in changes and changes[key] is None:
            raise ValidationFailed("Cannot be null.", field=key)
    services.entry_update(actor=request.user, entry=entry, changes=changes)
    return _reload(request, entry.pk)


@router.delete("/journal/{journal_entry_id}", response={204: None, **ERRORS},
               summary="Delete a journal entry (its author only)")
def delete_entry(request, journal_entry_id: int):
    entry = access_entry(request.user, journal_entry_id, write=True)
    services.entry_delete(actor=request.user, entry=entry)
    return Status(204, None)


@router.get("/mentorships/{relationship_id}/journal", response={200: list[EntryOut], **ERRORS},
            summary="Journal entries shared into a mentorship")
def list_shared_entries(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    entries = selectors.with_visible_goals(selectors.entries_shared_in(rel), request.user, rel)
    return [_out(e, request.user, e.visible_goals) for e in entries]


# --- Notes ------------------------------------------------------------------------------


class NoteIn(Schema):
    model_config = STRICT
    body: StrictStr = Field(description="Markdown")
    visibility: StrictStr = Field("private", description="private (only you) or shared "
                                                         "(both parties)")


class NotePatch(Schema):
    model_config = STRICT
    body: StrictStr | None = None
    visibility: StrictStr | None = None


class NoteOut(Schema):
    id: int
    relationship_id: int
    author_id: int
    visibility: str
    body: str
    created_at: datetime
    updated_at: datetime


@router.get("/mentorships/{relationship_id}/notes", response={200: list[NoteOut], **ERRORS},
            tags=["notes"], summary="Notes I may read in a mentorship",
            description="My private notes and both parties' shared notes, newest first.")
def list_notes(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    view = selectors.notes_for(rel, request.user)
    return sorted(view.private + view.shared, key=lambda n: (n.created_at, n.pk), reverse=True)


@router.post("/mentorships/{relationship_id}/notes", response={201: NoteOut, **ERRORS},
             tags=["notes"], summary="Write a note, private or shared")
def create_note(request, relationship_id: int, payload: NoteIn):
    rel = access_relationship(request.user, relationship_id, write=True)
    return Status(201, services.note_create(actor=request.user, relationship=rel,
                                            **payload.model_dump()))


@router.get("/notes/{journal_note_id}", response={200: NoteOut, **ERRORS}, tags=["notes"],
            summary="One note")
def get_note(request, journal_note_id: int):
    return access_note(request.user, journal_note_id)


@router.patch("/notes/{journal_note_id}", response={200: NoteOut, **ERRORS}, tags=["notes"],
              summary="Change a note (its author only)")
def update_note(request, journal_note_id: int, payload: NotePatch):
    note = access_note(request.user, journal_note_id, write=True)
    changes = payload.model_dump(exclude_unset=True)
    for key, value in changes.items():
        if value is None:
            raise ValidationFailed("Cannot be null.", field=key)
    return services.note_update(actor=request.user, note=note, **changes)


@router.delete("/notes/{journal_note_id}", response={204: None, **ERRORS}, tags=["notes"],
               summary="Delete a note (its author only)")
def delete_note(request, journal_note_id: int):
    note = access_note(request.user, journal_note_id, write=True)
    services.note_delete(actor=request.user, note=note)
    return Status(204, None)
