from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict, StrictInt

from tandem.accounts.schemas import ErrorOut
from tandem.feedback import selectors, services
from tandem.feedback.permissions import access_report
from tandem.mentorships.permissions import access_relationship

router = Router(tags=["reports"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
STRICT = ConfigDict(extra="forbid")


class GoalProgressIn(Schema):
    model_config = STRICT
    goal_id: StrictInt
    status: str = Field(description="not_started, in_progress, achieved or dropped")
    percent: StrictInt = Field(description="0 to 100")


class NeedIn(Schema):
    model_config = STRICT
    need: str
    action: str = Field(description="keep, change or add")


class ReportIn(Schema):
    model_config = STRICT
    due_date: date
    went_well: str
    obstacles: str = ""
    goal_progress: list[GoalProgressIn] = []
    needs: list[NeedIn] = []
    satisfaction: StrictInt = Field(description="1 to 5")
    cadence_fit: str = Field(description="right, too_often or too_rare")
    proposed_objectives: list[str] = Field([], description="Mentee only: opens an amendment")


class GoalProgressOut(Schema):
    goal_id: int
    title: str
    status: str
    percent: int


class NeedOut(Schema):
    need: str
    action: str


class ReportOut(Schema):
    id: int
    relationship_id: int
    author_id: int
    due_date: date
    goal_progress: list[GoalProgressOut]
    went_well: str
    obstacles: str
    needs: list[NeedOut]
    satisfaction: int
    cadence_fit: str
    proposed_objectives: list[str]
    created_at: datetime


class PeriodOut(Schema):
    due_date: date
    mine: ReportOut | None
    theirs: ReportOut | None
    writable: bool
    overdue: bool


@router.get("/mentorships/{relationship_id}/reports", response={200: list[PeriodOut], **ERRORS},
            summary="Report due dates, with both parties' reports")
def list_reports(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    return selectors.periods(rel, request.user)


@router.post("/mentorships/{relationship_id}/reports", response={201: ReportOut, **ERRORS},
             summary="Write my report for a due date")
def submit_report(request, relationship_id: int, payload: ReportIn):
    rel = access_relationship(request.user, relationship_id, write=True)
    data = payload.model_dump()
    return Status(201, services.report_submit(actor=request.user, relationship=rel, **data))


@router.get("/reports/{report_id}", response={200: ReportOut, **ERRORS}, summary="One report")
def get_report(request, report_id: int):
    report = access_report(request.user, report_id)
    [report] = selectors.visible_reports(report.relationship, request.user, [report])
    return report
