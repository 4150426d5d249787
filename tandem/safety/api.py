"""The safety API (tag ``safety``): report a problem, follow my reports; for staff and
coordinators the review queue, moving a report through review, and freezing and
unfreezing accounts. Reporter ids reach staff only (coordinators see them when the
reporter asked to be contacted); the reported person never sees a report."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict, StrictBool, StrictInt, StrictStr

from tandem.core.errors import NotFound
from tandem.core.schemas import ERRORS, ErrorOut
from tandem.safety import selectors, services
from tandem.safety.permissions import access_person, access_report, is_reviewer

router = Router(tags=["safety"])
STRICT = ConfigDict(extra="forbid")


class ReportIn(Schema):
    model_config = STRICT
    category: StrictStr = Field(description="harassment, discrimination, "
                                            "inappropriate_content, spam_or_scam, "
                                            "safety_concern or other")
    details: StrictStr = Field(description="What happened, up to 5000 characters")
    wants_contact: StrictBool = False
    profile_id: StrictInt | None = Field(None, description="The person's profile id")
    relationship_id: StrictInt | None = Field(None, description="One of my mentorships")
    message_id: StrictInt | None = Field(None, description="A message written to me in "
                                                           "one of my conversations")


class MyReportOut(Schema):
    id: int
    subject: str
    reported_user_id: int | None
    reported_name: str
    relationship_id: int | None
    message_id: int | None
    quoted_text: str = Field(description="The reported message's text when it was reported")
    category: str
    details: str
    wants_contact: bool
    status: str
    created_at: datetime
    closed_at: datetime | None

    @staticmethod
    def resolve_reported_name(obj) -> str:
        return obj.reported_user.display_name if obj.reported_user else ""


class ReviewOut(Schema):
    id: int
    subject: str
    scope: str
    reported_user_id: int | None
    reported_name: str
    reported_frozen: bool
    relationship_id: int | None
    message_id: int | None
    quoted_text: str = Field(description="The reported message's text when it was reported; "
                                         "nothing else of the conversation")
    reporter_id: int | None = Field(description="Staff only, or when the reporter asked "
                                                "to be contacted")
    category: str
    details: str
    wants_contact: bool
    status: str
    handled_by_id: int | None
    reviewed_at: datetime | None
    closed_at: datetime | None
    outcome_note: str
    action_taken: str
    created_at: datetime


def _review_out(viewer, report) -> dict:
    user = report.reported_user
    return {
        "id": report.pk, "subject": report.subject, "scope": report.scope,
        "reported_user_id": report.reported_user_id,
        "reported_name": user.display_name if user else "",
        "reported_frozen": bool(user and not user.is_active),
        "relationship_id": report.relationship_id,
        "message_id": report.message_id, "quoted_text": report.quoted_text,
        "reporter_id": report.reporter_id if selectors.shows_reporter(viewer, report) else None,
        "category": report.category, "details": report.details,
        "wants_contact": report.wants_contact, "status": report.status,
        "handled_by_id": report.handled_by_id, "reviewed_at": report.reviewed_at,
        "closed_at": report.closed_at, "outcome_note": report.outcome_note,
        "action_taken": report.action_taken, "created_at": report.created_at,
    }


class ReportStatusIn(Schema):
    model_config = STRICT
    status: StrictStr = Field(description="in_review or closed")
    outcome_note: StrictStr = Field("", description="Required to close; reviewers only")
    action_taken: StrictStr = Field("", description="Required to close: none, warned, "
                                                    "frozen or other")


class FreezeIn(Schema):
    model_config = STRICT
    reason: StrictStr = Field(description="Why, up to 2000 characters")
    report_id: StrictInt | None = Field(None, description="A report about this person")


class UnfreezeIn(Schema):
    model_config = STRICT
    note: StrictStr = ""


class FreezeOut(Schema):
    id: int
    user_id: int
    frozen_by_id: int | None
    frozen_at: datetime
    reason: str
    report_id: int | None
    unfrozen_at: datetime | None
    unfrozen_by_id: int | None
    unfreeze_note: str


class SafetyAccountOut(Schema):
    id: int
    display_name: str
    is_active: bool
    frozen: bool
    freezes: list[FreezeOut]


@router.post("/safety/reports", response={201: MyReportOut, **ERRORS, 429: ErrorOut},
             summary="Report a person, one of my mentorships or a message to me")
def create_report(request, payload: ReportIn):
    return Status(201, services.report_create(actor=request.user, **payload.model_dump()))


@router.get("/safety/reports/mine", response={200: list[MyReportOut], **ERRORS},
            summary="The reports I made, and their status")
def my_reports(request):
    return list(selectors.reports_mine(request.user))


@router.get("/safety/reports", response={200: list[ReviewOut], **ERRORS},
            summary="The review queue (staff and coordinators)")
def review_queue(request, status: str = "active"):
    if not is_reviewer(request.user):
        raise NotFound
    if status not in selectors.QUEUE_FILTERS:
        from tandem.core.errors import ValidationFailed

        raise ValidationFailed(f"Use one of {', '.join(selectors.QUEUE_FILTERS)}.",
                               field="status")
    return [_review_out(request.user, r)
            for r in selectors.review_queue(request.user, status)[:500]]


@router.get("/safety/reports/{safety_report_id}", response={200: ReviewOut, **ERRORS},
            summary="One report, for its reviewers")
def get_report(request, safety_report_id: int):
    report = access_report(request.user, safety_report_id, review=True)
    return _review_out(request.user, report)


@router.post("/safety/reports/{safety_report_id}/status", response={200: ReviewOut, **ERRORS},
             summary="Move a report through review")
def update_report(request, safety_report_id: int, payload: ReportStatusIn):
    report = access_report(request.user, safety_report_id, write=True, review=True)
    report = services.report_update(actor=request.user, report=report, **payload.model_dump())
    return _review_out(request.user, report)


def _account(person) -> dict:
    freezes = list(selectors.freezes_of(person))
    return {"id": person.pk, "display_name": person.display_name,
            "is_active": person.is_active, "frozen": any(f.is_current for f in freezes),
            "freezes": freezes}


@router.get("/safety/people/{safety_user_id}", response={200: SafetyAccountOut, **ERRORS},
            summary="An account's state and freeze history")
def get_account(request, safety_user_id: int):
    return _account(access_person(request.user, safety_user_id))


@router.post("/safety/people/{safety_user_id}/freeze", response={201: FreezeOut, **ERRORS},
             summary="Freeze an account")
def freeze_account(request, safety_user_id: int, payload: FreezeIn):
    person = access_person(request.user, safety_user_id, write=True)
    return Status(201, services.account_freeze(actor=request.user, user=person,
                                               **payload.model_dump()))


@router.post("/safety/people/{safety_user_id}/unfreeze", response={200: FreezeOut, **ERRORS},
             summary="Unfreeze an account")
def unfreeze_account(request, safety_user_id: int, payload: UnfreezeIn):
    person = access_person(request.user, safety_user_id, write=True)
    return services.account_unfreeze(actor=request.user, user=person, **payload.model_dump())
