"""API schemas of growth: career goals (``/api/me/goals``) and what other apps'
operations return too (a milestone made from a meeting's action item is answered by the
meetings API)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from pydantic import ConfigDict, Field, StrictInt

# Input schemas refuse keys they do not know: a misspelt field is a 422 naming it.
STRICT = ConfigDict(extra="forbid")


class MilestoneOut(Schema):
    id: int
    goal_id: int
    title: str
    due_date: date | None
    done_at: datetime | None
    source_action_id: int | None


class GoalOut(Schema):
    id: int
    title: str
    why: str = Field(description="Why it matters")
    measure: str = Field(description="How success is measured")
    target_date: date | None
    horizon: str
    status: str = Field(description="not_started, in_progress, achieved or dropped")
    closed_at: datetime | None = Field(description="When it was achieved or dropped")
    progress: int | None = Field(description="Percent: set by hand, else milestones done")
    progress_source: str = Field(description="manual, milestones, or empty: no progress yet")
    progress_manual: int | None = Field(description="The hand-set percent, if any")
    visibility: str = Field(description="private, mentors (all my mentors) or chosen")
    shared_with: list[int] = Field(description="Ids of the mentorships whose mentor sees it")
    position: int
    created_at: datetime
    updated_at: datetime


class GoalIn(Schema):
    model_config = STRICT

    title: str
    why: str = ""
    measure: str = ""
    target_date: date | None = Field(None, description="Not in the past, e.g. 2027-03-01")
    horizon: str = Field("1y", description="3m, 6m, 1y or long")
    status: str = Field("not_started", description="not_started, in_progress, achieved, "
                                                   "dropped")
    progress: StrictInt | None = Field(None, description="0-100 by hand; null: from milestones")
    visibility: str = Field("mentors", description="private, mentors or chosen")
    relationship_ids: list[StrictInt] = Field(
        [], description="With visibility chosen: the mentorships (as mentee) that see it")


class GoalPatch(Schema):
    model_config = STRICT

    title: str | None = None
    why: str | None = None
    measure: str | None = None
    target_date: date | None = None
    horizon: str | None = None
    status: str | None = None
    progress: StrictInt | None = Field(None, description="null: follow the milestones")
    visibility: str | None = None
    relationship_ids: list[StrictInt] | None = None
