from __future__ import annotations

from datetime import date, datetime

from ninja import Router, Schema, Status
from pydantic import ConfigDict, StrictBool, StrictInt

from tandem.accounts.permissions import access_goal
from tandem.accounts.schemas import ErrorOut
from tandem.growth import services
from tandem.growth.permissions import access_milestone
from tandem.meetings.permissions import access_action_item

router = Router(tags=["goals"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
STRICT = ConfigDict(extra="forbid")


class MilestoneIn(Schema):
    model_config = STRICT
    title: str
    due_date: date | None = None


class MilestoneOut(Schema):
    id: int
    goal_id: int
    title: str
    due_date: date | None
    done_at: datetime | None
    source_action_id: int | None


class DoneIn(Schema):
    model_config = STRICT
    done: StrictBool


class FromActionIn(Schema):
    model_config = STRICT
    goal_id: StrictInt


@router.get("/me/goals/{goal_id}/milestones", response={200: list[MilestoneOut], **ERRORS},
            summary="A goal's milestones")
def list_milestones(request, goal_id: int):
    return list(access_goal(request.user, goal_id).milestones.all())


@router.post("/me/goals/{goal_id}/milestones", response={201: MilestoneOut, **ERRORS},
             summary="Add a milestone")
def add_milestone(request, goal_id: int, payload: MilestoneIn):
    goal = access_goal(request.user, goal_id, write=True)
    return Status(201, services.milestone_add(actor=request.user, goal=goal,
                                              **payload.model_dump()))


@router.post("/milestones/{milestone_id}/done", response={200: MilestoneOut, **ERRORS},
             summary="Mark a milestone done or open")
def milestone_done(request, milestone_id: int, payload: DoneIn):
    milestone = access_milestone(request.user, milestone_id, write=True)
    return services.milestone_set_done(actor=request.user, milestone=milestone,
                                       done=payload.done)


@router.delete("/milestones/{milestone_id}", response={204: None, **ERRORS},
               summary="Remove a milestone")
def delete_milestone(request, milestone_id: int):
    milestone = access_milestone(request.user, milestone_id, write=True)
    services.milestone_delete(actor=request.user, milestone=milestone)
    return Status(204, None)


@router.post("/actions/{action_id}/milestone", response={201: MilestoneOut, **ERRORS},
             tags=["meetings"], summary="Turn a meeting's action item into a goal milestone")
def action_to_milestone(request, action_id: int, payload: FromActionIn):
    action = access_action_item(request.user, action_id, write=True)
    return Status(201, services.milestone_from_action(actor=request.user, action=action,
                                                      goal_id=payload.goal_id))
