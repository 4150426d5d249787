"""The goals API (tag ``goals``): my career goals and their milestones, goals inside a
mentorship (sharing, comments and their acknowledgement) and strengths and growth areas."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict, StrictBool

from tandem.accounts.selectors import goals_of
from tandem.core.schemas import ACCESS_ERRORS, ERRORS, READ_ERRORS
from tandem.growth import selectors, services
from tandem.growth.permissions import (
    access_goal,
    access_goal_comment,
    access_milestone,
    access_own_goal_in,
    access_shared_goal,
)
from tandem.growth.schemas import GoalIn, GoalOut, GoalPatch, MilestoneOut
from tandem.mentorships.permissions import access_relationship

router = Router(tags=["goals"])
STRICT = ConfigDict(extra="forbid")


# --- My career goals ----------------------------------------------------------------------
# These answered under the accounts router (/api/me) before career goals moved here; their
# operation ids are kept, so clients generated from the description keep their method names.


def _my_goals_out(user, goals):
    """Goals with their progress and who sees them, in a fixed number of queries."""
    goals = selectors.decorate(goals)
    shared = selectors.sharing_of(user, goals)
    for goal in goals:
        goal.shared_with = [rel.pk for rel in shared[goal.pk]]
    return goals


def _my_goal_out(user, goal_id):
    return _my_goals_out(user, goals_of(user).filter(pk=goal_id))[0]


@router.get("/me/goals", response={200: list[GoalOut], **READ_ERRORS},
            summary="My career goals", operation_id="tandem_accounts_api_list_goals")
def list_goals(request):
    return _my_goals_out(request.user, goals_of(request.user))


@router.post("/me/goals", response={201: GoalOut, **ACCESS_ERRORS},
             summary="Add a career goal", operation_id="tandem_accounts_api_create_goal")
def create_goal(request, payload: GoalIn):
    goal = services.goal_create(actor=request.user, **payload.model_dump())
    return Status(201, _my_goal_out(request.user, goal.pk))


@router.get("/me/goals/{goal_id}", response={200: GoalOut, **READ_ERRORS},
            summary="One career goal", operation_id="tandem_accounts_api_get_goal")
def get_goal(request, goal_id: int):
    return _my_goal_out(request.user, access_goal(request.user, goal_id).pk)


@router.patch("/me/goals/{goal_id}", response={200: GoalOut, **ACCESS_ERRORS},
              summary="Change a goal", operation_id="tandem_accounts_api_update_goal")
def update_goal(request, goal_id: int, payload: GoalPatch):
    goal = access_goal(request.user, goal_id, write=True)
    services.goal_update(actor=request.user, goal=goal,
                         changes=payload.model_dump(exclude_unset=True))
    return _my_goal_out(request.user, goal.pk)


@router.delete("/me/goals/{goal_id}", response={204: None, **ACCESS_ERRORS},
               summary="Remove a goal", operation_id="tandem_accounts_api_delete_goal")
def delete_goal(request, goal_id: int):
    goal = access_goal(request.user, goal_id, write=True)
    services.goal_delete(actor=request.user, goal=goal)
    return Status(204, None)


# --- Milestones ---------------------------------------------------------------------------


class MilestoneIn(Schema):
    model_config = STRICT
    title: str
    due_date: date | None = Field(None, description="From today on, e.g. 2027-03-01")


class DoneIn(Schema):
    model_config = STRICT
    done: StrictBool


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


# --- Goals inside a mentorship ------------------------------------------------------------


class CommentIn(Schema):
    model_config = STRICT
    text: str = Field(description="Markdown, at most 4000 characters")


class CommentOut(Schema):
    id: int
    goal_id: int
    relationship_id: int
    author_id: int
    author_name: str
    text: str = Field(description="Markdown as written")
    created_at: datetime
    read_at: datetime | None = Field(description="When the other party acknowledged it")


class RelationshipGoalOut(Schema):
    id: int
    title: str
    why: str
    measure: str
    target_date: date | None
    horizon: str
    status: str
    closed_at: datetime | None
    progress: int | None
    progress_source: str
    milestones: list[MilestoneOut]
    unread_comments: int = Field(description="Comments of the other party I have not read")
    comments: list[CommentOut]


class AcknowledgedOut(Schema):
    acknowledged: int


def _comment_out(comment):
    comment.author_name = comment.author.display_name
    return comment


def _goal_out(goal):
    goal.milestones_list = list(goal.milestones.all())
    goal.unread_comments = goal.unread
    goal.comments_list = [_comment_out(c) for c in goal.thread]
    return {**{f: getattr(goal, f) for f in (
        "id", "title", "why", "measure", "target_date", "horizon", "status", "closed_at",
        "progress", "progress_source", "unread_comments")},
        "milestones": goal.milestones_list, "comments": goal.comments_list}


@router.get("/mentorships/{relationship_id}/goals",
            response={200: list[RelationshipGoalOut], **ERRORS},
            summary="The goals shared with a mentorship, with milestones and comments")
def relationship_goals(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    return [_goal_out(g) for g in selectors.relationship_goals(rel, request.user)]


@router.put("/mentorships/{relationship_id}/goals/{shared_goal_id}/share",
            response={200: RelationshipGoalOut, **ERRORS},
            summary="Share one of my goals with this mentorship (mentee)")
def share_goal(request, relationship_id: int, shared_goal_id: int):
    rel = access_relationship(request.user, relationship_id, write=True)
    goal = access_own_goal_in(request.user, rel, shared_goal_id, write=True)
    services.goal_share(actor=request.user, goal=goal, relationship=rel)
    return next(_goal_out(g) for g in selectors.relationship_goals(rel, request.user)
                if g.pk == goal.pk)


@router.delete("/mentorships/{relationship_id}/goals/{shared_goal_id}/share",
               response={204: None, **ERRORS},
               summary="Stop sharing one of my goals with this mentorship (mentee)")
def unshare_goal(request, relationship_id: int, shared_goal_id: int):
    rel = access_relationship(request.user, relationship_id, write=True)
    goal = access_shared_goal(request.user, rel, shared_goal_id, write=True)
    services.goal_unshare(actor=request.user, goal=goal, relationship=rel)
    return Status(204, None)


@router.get("/mentorships/{relationship_id}/goals/{shared_goal_id}/comments",
            response={200: list[CommentOut], **ERRORS}, summary="Comments on a shared goal")
def list_comments(request, relationship_id: int, shared_goal_id: int):
    rel = access_relationship(request.user, relationship_id)
    goal = access_shared_goal(request.user, rel, shared_goal_id)
    return [_comment_out(c) for c in selectors.comments_on(rel, goal)]


@router.post("/mentorships/{relationship_id}/goals/{shared_goal_id}/comments",
             response={201: CommentOut, **ERRORS}, summary="Comment on a shared goal")
def add_comment(request, relationship_id: int, shared_goal_id: int, payload: CommentIn):
    rel = access_relationship(request.user, relationship_id, write=True)
    goal = access_shared_goal(request.user, rel, shared_goal_id)
    comment = services.goal_comment_add(actor=request.user, relationship=rel, goal=goal,
                                        text=payload.text)
    return Status(201, _comment_out(comment))


@router.post("/mentorships/{relationship_id}/goals/{shared_goal_id}/comments/read",
             response={200: AcknowledgedOut, **ERRORS},
             summary="Acknowledge every comment of the other party on a goal")
def acknowledge_all(request, relationship_id: int, shared_goal_id: int):
    rel = access_relationship(request.user, relationship_id, write=True)
    goal = access_shared_goal(request.user, rel, shared_goal_id)
    return {"acknowledged": services.goal_comments_acknowledge(actor=request.user,
                                                               relationship=rel, goal=goal)}


@router.post("/goal-comments/{goal_comment_id}/acknowledge",
             response={200: CommentOut, **ERRORS},
             summary="Acknowledge a comment of the other party")
def acknowledge(request, goal_comment_id: int):
    comment = access_goal_comment(request.user, goal_comment_id, write=True)
    return _comment_out(services.goal_comment_acknowledge(actor=request.user, comment=comment))


# --- Strengths and growth areas ------------------------------------------------------------


class AssessmentItemIn(Schema):
    model_config = STRICT
    name: str = Field(description="At most 120 characters")
    note: str = Field("", description="At most 1000 characters")


class AssessmentIn(Schema):
    model_config = STRICT
    strengths: list[AssessmentItemIn] = Field([], description="At most 10")
    growth_areas: list[AssessmentItemIn] = Field([], description="At most 10")


class AssessmentItemOut(Schema):
    name: str
    note: str


class ChangesOut(Schema):
    added: list[str]
    dropped: list[str]
    kept: list[str]


class SnapshotOut(Schema):
    id: int
    relationship_id: int
    author_id: int
    role: str = Field(description="mentee (self-assessment) or mentor")
    created_at: datetime
    strengths: list[AssessmentItemOut]
    growth_areas: list[AssessmentItemOut]
    strengths_changes: ChangesOut = Field(description="Compared with the author's previous")
    growth_areas_changes: ChangesOut


class AssessmentsOut(Schema):
    mentee: SnapshotOut | None = Field(description="The mentee's latest self-assessment")
    mentor: SnapshotOut | None = Field(description="The mentor's latest assessment")
    history: list[SnapshotOut] = Field(description="Every snapshot, newest first")


def _snapshot_out(snap):
    return {"id": snap.pk, "relationship_id": snap.relationship_id, "author_id": snap.author_id,
            "role": snap.role, "created_at": snap.created_at,
            "strengths": snap.strengths, "growth_areas": snap.growth_areas,
            "strengths_changes": vars(snap.changes["strength"]),
            "growth_areas_changes": vars(snap.changes["growth"])}


@router.get("/mentorships/{relationship_id}/assessments",
            response={200: AssessmentsOut, **ERRORS},
            summary="Strengths and growth areas: both parties' latest, and the history")
def list_assessments(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    found = selectors.latest_snapshots(rel)
    return {"mentee": found["mentee"] and _snapshot_out(found["mentee"]),
            "mentor": found["mentor"] and _snapshot_out(found["mentor"]),
            "history": [_snapshot_out(s) for s in found["history"]]}


@router.post("/mentorships/{relationship_id}/assessments",
             response={201: SnapshotOut, **ERRORS},
             summary="Save a new snapshot of my view of strengths and growth areas")
def save_assessment(request, relationship_id: int, payload: AssessmentIn):
    rel = access_relationship(request.user, relationship_id, write=True)
    snapshot = services.assessment_save(actor=request.user, relationship=rel,
                                        **payload.model_dump())
    found = next(s for s in selectors.snapshots(rel) if s.pk == snapshot.pk)
    return Status(201, _snapshot_out(found))
