"""The health API: a mentorship's health for its parties; the community's figures, the
at-risk list and nudges for staff."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict, StrictStr

from tandem.core.schemas import ERRORS
from tandem.health import figures, selectors, services
from tandem.health.permissions import (
    access_community,
    access_community_relationship,
    access_program_health,
    access_program_relationship,
)
from tandem.health.rules import rules_for
from tandem.mentorships.permissions import access_relationship

router = Router(tags=["health"])
STRICT = ConfigDict(extra="forbid")


class ReasonOut(Schema):
    code: str = Field(description="meeting, reports, feedback_requests, satisfaction, "
                                  "agreement or inactive")
    level: str = Field(description="needs_attention or at_risk")
    text: str


class HealthOut(Schema):
    relationship_id: int
    tracked: bool = Field(description="False while paused or closed: no rule applies")
    state: str = Field(description="healthy, needs_attention or at_risk")
    reasons: list[ReasonOut]
    last_activity_at: datetime | None
    last_meeting_held_at: datetime | None
    inactive_days: int | None
    overdue_reports: int
    old_open_feedback_requests: int
    suggested_action: str | None = Field(description="nudge, check_in or rematch")


class RulesOut(Schema):
    meeting_attention_intervals: float
    meeting_risk_intervals: float
    report_lookback_days: int
    reports_overdue_attention: int
    reports_overdue_risk: int
    feedback_request_days: int
    satisfaction_drop: float
    satisfaction_low: int
    agreement_attention_days: int
    agreement_risk_days: int
    inactive_attention_days: int
    inactive_risk_days: int
    auto_pause_days: int
    auto_pause_notice_days: int


class RelationshipHealthOut(HealthOut):
    rules: RulesOut


class AtRiskOut(HealthOut):
    mentee_name: str
    mentor_name: str
    started_at: datetime
    last_nudged_at: datetime | None
    suggested_action_label: str


class TableOut(Schema):
    key: str
    title: str
    columns: list[str]
    rows: list[list[str | int | float | None]]


class DashboardOut(Schema):
    scope: str
    generated_at: datetime
    health: dict[str, int]
    tables: list[TableOut]


class NudgeIn(Schema):
    model_config = STRICT
    message: StrictStr = Field("", description="Optional, to both parties (at most 1000 "
                                                "characters); empty: the standard text")


class NudgeOut(Schema):
    id: int
    relationship_id: int
    automatic: bool
    created_at: datetime


def _health(h) -> dict:
    f = h.facts
    return {"relationship_id": h.relationship_id, "tracked": h.tracked, "state": h.state,
            "reasons": [{"code": r.code, "level": r.level, "text": r.text} for r in h.reasons],
            "last_activity_at": f.last_activity_at, "last_meeting_held_at": f.last_held_at,
            "inactive_days": h.inactive_days, "overdue_reports": len(f.overdue_reports),
            "old_open_feedback_requests": f.old_open_requests,
            "suggested_action": h.suggested_action}


@router.get("/mentorships/{relationship_id}/health",
            response={200: RelationshipHealthOut, **ERRORS},
            summary="A mentorship's health, with its reasons and the rules")
def relationship_health(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    return {**_health(selectors.health_of(rel)), "rules": rules_for(rel).as_dict()}


def _at_risk_rows(healths) -> list[dict]:
    return [{**_health(h), "mentee_name": h.relationship.mentee.display_name,
             "mentor_name": h.relationship.mentor.display_name,
             "started_at": h.relationship.started_at,
             "last_nudged_at": h.relationship.last_nudged_at,
             "suggested_action_label": h.suggested_action_label}
            for h in healths]


def _dashboard(scope) -> dict:
    data = figures.figures_for(scope)
    return {"scope": data["scope"], "generated_at": data["generated_at"],
            "health": data["health"],
            "tables": [{"key": t.key, "title": t.title, "columns": t.columns, "rows": t.rows}
                       for t in data["tables"]]}


@router.get("/health/at-risk", response={200: list[AtRiskOut], **ERRORS},
            summary="Staff: active mentorships needing attention or at risk")
def at_risk(request):
    access_community(request.user)
    return _at_risk_rows(selectors.at_risk())


@router.get("/health/programs/{program_id}/at-risk", response={200: list[AtRiskOut], **ERRORS},
            summary="Coordinators: a program's mentorships needing attention or at risk")
def program_at_risk(request, program_id: int):
    from tandem.health.views import program_at_risk_list

    program = access_program_health(request.user, program_id)
    return _at_risk_rows(program_at_risk_list(program))


@router.get("/health/programs/{program_id}/dashboard", response={200: DashboardOut, **ERRORS},
            summary="Coordinators: a program's figures (counts, never content)")
def program_dashboard(request, program_id: int):
    program = access_program_health(request.user, program_id)
    return _dashboard(figures.program_scope(program))


@router.post("/health/programs/{program_id}/mentorships/{relationship_id}/nudge",
             response={201: NudgeOut, **ERRORS},
             summary="Coordinators: nudge both parties of a program's mentorship")
def program_nudge(request, program_id: int, relationship_id: int, payload: NudgeIn):
    _program, rel = access_program_relationship(request.user, program_id, relationship_id,
                                                write=True)
    return Status(201, services.nudge_send(actor=request.user, relationship=rel,
                                           message=payload.message))


@router.get("/health/dashboard", response={200: DashboardOut, **ERRORS},
            summary="Staff: the open community's figures (counts, never content)")
def dashboard(request):
    access_community(request.user)
    return _dashboard(figures.community_scope())


@router.post("/health/mentorships/{relationship_id}/nudge",
             response={201: NudgeOut, **ERRORS},
             summary="Staff: nudge both parties of a mentorship")
def nudge(request, relationship_id: int, payload: NudgeIn):
    rel = access_community_relationship(request.user, relationship_id, write=True)
    return Status(201, services.nudge_send(actor=request.user, relationship=rel,
                                           message=payload.message))
