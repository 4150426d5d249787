from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from tandem.core.schemas import ACCESS_ERRORS
from tandem.mentorships.permissions import access_relationship
from tandem.record import selectors

router = Router(tags=["record"])


class EventOut(Schema):
    at: datetime
    kind: str
    title: str
    url: str
    detail: str
    actor: str
    all_day: bool


class TimelineFilters(Schema):
    kind: list[str] = Field([], description="Only these kinds (repeatable): agreement, goal, "
                            "plan, assessment, feedback, meeting, report, journal, note, advocacy")


class RecordOut(Schema):
    generated_at: datetime
    markdown: str


@router.get("/mentorships/{relationship_id}/timeline",
            response={200: list[EventOut], **ACCESS_ERRORS},
            summary="Everything that happened in a mentorship, newest first")
def timeline(request, relationship_id: int, filters: Query[TimelineFilters]):
    rel = access_relationship(request.user, relationship_id)
    kinds = selectors.parse_kinds(filters.kind)
    return selectors.timeline_for(viewer=request.user, relationship=rel, kinds=kinds)


@router.get("/me/record", response={200: RecordOut, **ACCESS_ERRORS},
            summary="My record of development, as one Markdown document")
def record(request):
    return {"generated_at": timezone.now(),
            "markdown": selectors.record_document(user=request.user)}
