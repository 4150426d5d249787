"""The circles API (tag ``circles``): every operation the pages have. Content is for a
circle's active members (404 for anyone else); health figures for coordinators and
staff."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, StrictBool, StrictInt, StrictStr

from tandem.accounts.models import User
from tandem.circles import matching, selectors, services
from tandem.circles.models import Circle, MemberStatus
from tandem.circles.permissions import (
    access_circle,
    access_circle_summary,
    access_health,
    access_meeting,
    access_membership,
    access_program_circles,
    access_resource,
    health_circles,
)
from tandem.core.errors import ValidationFailed
from tandem.core.schemas import ERRORS
from tandem.core.validation import is_id

router = Router(tags=["circles"])
STRICT = ConfigDict(extra="forbid")


# --- Schemas --------------------------------------------------------------------------


class CircleIn(Schema):
    model_config = STRICT
    topic: StrictStr
    mentor_led: StrictBool = Field(False, description="True: you mentor it (mentor role "
                                                      "needed); false: a peer circle")
    description: StrictStr = Field("", description="Markdown")
    size_limit: StrictInt = Field(6, description="Members at most, 2-20 (mentors not "
                                                 "counted)")
    join_mode: StrictStr = Field("invitation", description="invitation, request or program")
    meeting_every_weeks: StrictInt = 2
    meeting_minutes: StrictInt = 60
    meeting_channel: StrictStr = Field("video", description="video, in_person, phone or chat")
    meeting_where: StrictStr = ""
    program_id: StrictInt | None = Field(None, description="A program you are an enrolled "
                                                           "mentor of")


class CirclePatch(Schema):
    model_config = STRICT
    topic: StrictStr | None = None
    description: StrictStr | None = None
    size_limit: StrictInt | None = None
    join_mode: StrictStr | None = None
    meeting_every_weeks: StrictInt | None = None
    meeting_minutes: StrictInt | None = None
    meeting_channel: StrictStr | None = None
    meeting_where: StrictStr | None = None


class CircleOut(Schema):
    id: int
    topic: str
    description: str
    is_peer: bool
    organiser_id: int | None
    program_id: int | None
    size_limit: int
    member_count: int
    join_mode: str
    meeting_every_weeks: int
    meeting_minutes: int
    meeting_channel: str
    meeting_where: str
    state: str
    closed_at: datetime | None
    created_at: datetime


class MembershipOut(Schema):
    id: int
    circle_id: int
    user_id: int
    name: str
    role: str
    status: str
    source: str
    joined_at: datetime | None
    ended_at: datetime | None

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.user.display_name


class InviteIn(Schema):
    model_config = STRICT
    user_id: StrictInt
    role: StrictStr = Field("member", description="member or mentor")
    message: StrictStr = ""


class RequestIn(Schema):
    model_config = STRICT
    message: StrictStr = ""


class AnswerIn(Schema):
    model_config = STRICT
    accept: StrictBool


class LeaveIn(Schema):
    model_config = STRICT
    successor_id: StrictInt | None = Field(
        None, description="Who runs the circle after you, when you are its last leader")


class AgreementIn(Schema):
    model_config = STRICT
    text: StrictStr = Field(description="Markdown")


class ConfirmationOut(Schema):
    user_id: int
    at: datetime


class AgreementOut(Schema):
    version: int
    text: str
    written_by_id: int | None
    created_at: datetime
    confirmations: list[ConfirmationOut]

    @staticmethod
    def resolve_confirmations(obj) -> list:
        return list(obj.confirmations.all())


class ScheduleIn(Schema):
    model_config = STRICT
    first_at: datetime = Field(description="ISO 8601 with an offset")
    count: StrictInt = 6
    every_weeks: StrictInt | None = None


class MeetingOut(Schema):
    id: int
    circle_id: int
    starts_at: datetime
    minutes: int
    status: str
    held_at: datetime | None


class AgendaOut(Schema):
    id: int
    author_id: int
    text: str
    created_at: datetime


class NoteOut(Schema):
    author_id: int
    text: str
    updated_at: datetime


class AttendanceOut(Schema):
    user_id: int
    present: bool


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaOut]
    notes: list[NoteOut]
    attendance: list[AttendanceOut]


class TextIn(Schema):
    model_config = STRICT
    text: StrictStr


class AttendanceIn(Schema):
    model_config = STRICT
    present: list[StrictInt] = Field(description="User ids of the members who came")


class PostIn(Schema):
    model_config = STRICT
    body: StrictStr = Field(description="Markdown")


class PostOut(Schema):
    id: int
    author_id: int
    author: str
    body: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj) -> str:
        return obj.author.display_name


class PostPage(Schema):
    posts: list[PostOut]
    more: bool


class PostFilters(Schema):
    model_config = STRICT
    before: int | None = Field(None, description="Posts older than this id")
    after: int | None = Field(None, description="Posts newer than this id (polling)")


class ResourceIn(Schema):
    model_config = STRICT
    title: StrictStr
    url: StrictStr = ""
    note: StrictStr = ""


class ResourceOut(Schema):
    id: int
    circle_id: int
    added_by_id: int
    title: str
    url: str
    note: str
    created_at: datetime


class GoalsIn(Schema):
    model_config = STRICT
    goal_ids: list[StrictInt]


class SharedGoalOut(Schema):
    user_id: int
    goal_id: int
    title: str
    status: str


class HealthOut(Schema):
    circle_id: int
    topic: str
    program_id: int | None
    is_peer: bool
    state: str
    members: int
    size_limit: int
    mentors: int
    meetings_held: int
    attendance_rate: float | None
    posts_30_days: int
    last_activity: datetime | None
    signal: str
    reasons: list[str]


class ProposalRowOut(Schema):
    user_id: int
    name: str
    circle_id: int
    circle: str
    score: float
    reasons: list[str]


class UnplacedOut(Schema):
    user_id: int
    reason: str


class ProposalOut(Schema):
    rows: list[ProposalRowOut]
    unmatched: list[UnplacedOut]


class AssignmentItem(Schema):
    model_config = STRICT
    user_id: StrictInt
    circle_id: StrictInt


class AssignmentIn(Schema):
    model_config = STRICT
    assignments: list[AssignmentItem]


class ListFilters(Schema):
    model_config = STRICT
    q: str = Field("", max_length=100, description="Search the open circles by topic")


class CircleListOut(Schema):
    mine: list[CircleOut]
    invitations: list[CircleOut]
    requested: list[CircleOut]
    open: list[CircleOut]


# --- Circles --------------------------------------------------------------------------


@router.get("/circles", response={200: CircleListOut, **ERRORS},
            summary="My circles, invitations, requests and the open circles I may ask to join")
def list_circles(request, filters: Query[ListFilters]):
    memberships = selectors.my_memberships(request.user)

    def of(status):
        return [m.circle for m in memberships if m.status == status]

    return {"mine": of(MemberStatus.ACTIVE), "invitations": of(MemberStatus.INVITED),
            "requested": of(MemberStatus.REQUESTED),
            "open": selectors.open_circles(request.user, q=filters.q)}


@router.post("/circles", response={201: CircleOut, **ERRORS}, summary="Start a circle")
def create_circle(request, payload: CircleIn):
    data = payload.model_dump()
    program_id = data.pop("program_id")
    program = None
    if program_id is not None:
        from tandem.programs.models import Program

        program = Program.objects.filter(pk=program_id).first() \
            if is_id(program_id) else None
        if program is None:
            raise ValidationFailed("No such program.", field="program_id")
    return Status(201, services.circle_create(actor=request.user, program=program, **data))


@router.get("/circles/health", response={200: list[HealthOut], **ERRORS},
            summary="Figures of the circles you coordinate (staff: all), never content")
def circles_health(request):
    access_health(request.user)
    return [_health(h) for h in selectors.health(health_circles(request.user))]


@router.get("/circles/{circle_id}", response={200: CircleOut, **ERRORS},
            summary="A circle: its members in full, the invited and anyone it takes "
                    "requests from its summary")
def get_circle(request, circle_id: int):
    circle, _ = access_circle_summary(request.user, circle_id)
    return circle


@router.patch("/circles/{circle_id}", response={200: CircleOut, **ERRORS},
              summary="Change the circle (its leaders)")
def update_circle(request, circle_id: int, payload: CirclePatch):
    circle = access_circle(request.user, circle_id, write=True)
    return services.circle_update(actor=request.user, circle=circle,
                                  changes=payload.model_dump(exclude_unset=True))


@router.post("/circles/{circle_id}/close", response={200: CircleOut, **ERRORS},
             summary="Close the circle (its leaders): read-only afterwards")
def close_circle(request, circle_id: int):
    circle = access_circle(request.user, circle_id, write=True)
    return services.circle_close(actor=request.user, circle=circle)


@router.post("/circles/{circle_id}/leave", response={200: MembershipOut, **ERRORS},
             summary="Leave the circle; its last leader names a successor")
def leave_circle(request, circle_id: int, payload: LeaveIn):
    circle = access_circle(request.user, circle_id)
    return services.circle_leave(actor=request.user, circle=circle,
                                 successor=payload.successor_id)


# --- Members --------------------------------------------------------------------------


@router.get("/circles/{circle_id}/members", response={200: list[MembershipOut], **ERRORS},
            summary="Everyone in, invited to, asking to join or gone from the circle")
def list_members(request, circle_id: int):
    return selectors.members_of(access_circle(request.user, circle_id))


@router.post("/circles/{circle_id}/invitations", response={201: MembershipOut, **ERRORS},
             summary="Invite someone (the circle's leaders)")
def invite(request, circle_id: int, payload: InviteIn):
    circle = access_circle(request.user, circle_id, write=True)
    user = User.objects.filter(pk=payload.user_id, is_active=True).first() \
        if is_id(payload.user_id) else None
    if user is None:
        raise ValidationFailed("No such person.", field="user_id")
    return Status(201, services.member_invite(actor=request.user, circle=circle, user=user,
                                              role=payload.role, message=payload.message))


@router.post("/circles/{circle_id}/requests", response={201: MembershipOut, **ERRORS},
             summary="Ask to join a circle that takes requests")
def request_to_join(request, circle_id: int, payload: RequestIn):
    circle, _ = access_circle_summary(request.user, circle_id)
    return Status(201, services.membership_request(actor=request.user, circle=circle,
                                                   message=payload.message))


@router.post("/circles/{circle_id}/invitation", response={200: MembershipOut, **ERRORS},
             summary="Accept or decline your invitation to the circle")
def answer_invitation(request, circle_id: int, payload: AnswerIn):
    circle, _ = access_circle_summary(request.user, circle_id)
    return services.invitation_respond(actor=request.user, circle=circle,
                                       accept=payload.accept)


@router.post("/circle-memberships/{membership_id}/decide",
             response={200: MembershipOut, **ERRORS},
             summary="Accept or decline a request to join (the circle's leaders)")
def decide(request, membership_id: int, payload: AnswerIn):
    membership = access_membership(request.user, membership_id)
    return services.request_decide(actor=request.user, membership=membership,
                                   accept=payload.accept)


@router.post("/circle-memberships/{membership_id}/remove",
             response={200: MembershipOut, **ERRORS},
             summary="Remove a member or withdraw an invitation (the circle's leaders)")
def remove(request, membership_id: int):
    membership = access_membership(request.user, membership_id)
    return services.member_remove(actor=request.user, membership=membership)


# --- Agreement ------------------------------------------------------------------------


@router.get("/circles/{circle_id}/agreement", response={200: list[AgreementOut], **ERRORS},
            summary="Every version of the agreement, newest first, with who confirmed when")
def get_agreement(request, circle_id: int):
    return selectors.agreement_history(access_circle(request.user, circle_id))


@router.post("/circles/{circle_id}/agreement", response={201: AgreementOut, **ERRORS},
             summary="Propose a new version (counts as your confirmation)")
def propose_agreement(request, circle_id: int, payload: AgreementIn):
    circle = access_circle(request.user, circle_id)
    services.agreement_propose(actor=request.user, circle=circle, text=payload.text)
    return Status(201, selectors.current_agreement(circle))


@router.post("/circles/{circle_id}/agreement/confirm", response={200: AgreementOut, **ERRORS},
             summary="Confirm the version in force")
def confirm_agreement(request, circle_id: int):
    circle = access_circle(request.user, circle_id)
    services.agreement_confirm(actor=request.user, circle=circle)
    return selectors.current_agreement(circle)


# --- Meetings -------------------------------------------------------------------------


def _meeting_detail(meeting):
    agenda, notes, attendance = selectors.meeting_detail(meeting)
    return {"id": meeting.pk, "circle_id": meeting.circle_id, "starts_at": meeting.starts_at,
            "minutes": meeting.minutes, "status": meeting.status, "held_at": meeting.held_at,
            "agenda": agenda, "notes": notes,
            "attendance": [{"user_id": u, "present": p} for u, p in attendance.items()]}


@router.get("/circles/{circle_id}/meetings", response={200: list[MeetingOut], **ERRORS},
            summary="The circle's meetings, in order")
def list_meetings(request, circle_id: int):
    return selectors.meetings_of(access_circle(request.user, circle_id))


@router.post("/circles/{circle_id}/meetings", response={201: list[MeetingOut], **ERRORS},
             summary="Plan a series of meetings ahead (the circle's leaders)")
def schedule(request, circle_id: int, payload: ScheduleIn):
    circle = access_circle(request.user, circle_id, write=True)
    return Status(201, services.meetings_schedule(actor=request.user, circle=circle,
                                                  **payload.model_dump()))


@router.get("/circle-meetings/{circle_meeting_id}", response={200: MeetingDetailOut, **ERRORS},
            summary="A meeting with its agenda, notes and attendance")
def get_meeting(request, circle_meeting_id: int):
    return _meeting_detail(access_meeting(request.user, circle_meeting_id))


@router.post("/circle-meetings/{circle_meeting_id}/agenda", response={201: AgendaOut, **ERRORS},
             summary="Add a topic to the agenda")
def add_agenda(request, circle_meeting_id: int, payload: TextIn):
    meeting = access_meeting(request.user, circle_meeting_id)
    return Status(201, services.agenda_add(actor=request.user, meeting=meeting,
                                           text=payload.text))


@router.put("/circle-meetings/{circle_meeting_id}/notes",
            response={200: MeetingDetailOut, **ERRORS},
            summary="Write your notes of the meeting (empty text removes them)")
def save_notes(request, circle_meeting_id: int, payload: TextIn):
    meeting = access_meeting(request.user, circle_meeting_id)
    services.note_save(actor=request.user, meeting=meeting, text=payload.text)
    return _meeting_detail(meeting)


@router.put("/circle-meetings/{circle_meeting_id}/attendance",
            response={200: MeetingDetailOut, **ERRORS},
            summary="Record who came (the circle's leaders, once it has started)")
def record_attendance(request, circle_meeting_id: int, payload: AttendanceIn):
    meeting = access_meeting(request.user, circle_meeting_id, write=True)
    services.attendance_record(actor=request.user, meeting=meeting, present=payload.present)
    return _meeting_detail(meeting)


@router.post("/circle-meetings/{circle_meeting_id}/cancel", response={200: MeetingOut, **ERRORS},
             summary="Cancel a scheduled meeting (the circle's leaders)")
def cancel_meeting(request, circle_meeting_id: int):
    meeting = access_meeting(request.user, circle_meeting_id, write=True)
    return services.meeting_cancel(actor=request.user, meeting=meeting)


# --- Conversation, resources, goals ---------------------------------------------------


@router.get("/circles/{circle_id}/posts", response={200: PostPage, **ERRORS},
            summary="The conversation, a page of posts oldest first")
def list_posts(request, circle_id: int, filters: Query[PostFilters]):
    circle = access_circle(request.user, circle_id)
    for name in ("before", "after"):
        value = getattr(filters, name)
        if value is not None and not is_id(value):
            raise ValidationFailed("A post id.", field=name)
    posts, more = selectors.posts_page(circle, before=filters.before, after=filters.after)
    return {"posts": posts, "more": more}


@router.post("/circles/{circle_id}/posts", response={201: PostOut, **ERRORS},
             summary="Post to the circle's conversation")
def add_post(request, circle_id: int, payload: PostIn):
    circle = access_circle(request.user, circle_id)
    return Status(201, services.post_add(actor=request.user, circle=circle, body=payload.body))


@router.get("/circles/{circle_id}/resources", response={200: list[ResourceOut], **ERRORS},
            summary="The circle's shared resources")
def list_resources(request, circle_id: int):
    return selectors.resources_of(access_circle(request.user, circle_id))


@router.post("/circles/{circle_id}/resources", response={201: ResourceOut, **ERRORS},
             summary="Share a resource with the circle")
def add_resource(request, circle_id: int, payload: ResourceIn):
    circle = access_circle(request.user, circle_id)
    return Status(201, services.resource_add(actor=request.user, circle=circle,
                                             **payload.model_dump()))


@router.delete("/circle-resources/{circle_resource_id}", response={204: None, **ERRORS},
               summary="Remove a resource (who added it, or the circle's leaders)")
def delete_resource(request, circle_resource_id: int):
    resource = access_resource(request.user, circle_resource_id, write=True)
    services.resource_delete(actor=request.user, resource=resource)
    return Status(204, None)


@router.get("/circles/{circle_id}/goals", response={200: list[SharedGoalOut], **ERRORS},
            summary="The goals members chose to show to the circle")
def list_goals(request, circle_id: int):
    circle = access_circle(request.user, circle_id)
    return [{"user_id": entry["user"].pk, "goal_id": g.pk, "title": g.title,
             "status": g.status}
            for entry in selectors.shared_goals(circle) for g in entry["goals"]]


@router.put("/circles/{circle_id}/goals", response={200: list[SharedGoalOut], **ERRORS},
            summary="Choose exactly which of your goals the circle sees")
def share_goals(request, circle_id: int, payload: GoalsIn):
    circle = access_circle(request.user, circle_id)
    services.goals_share(actor=request.user, circle=circle, goal_ids=payload.goal_ids)
    return list_goals(request, circle_id)


# --- Coordinators ---------------------------------------------------------------------


def _health(h) -> dict:
    c = h.circle
    return {"circle_id": c.pk, "topic": c.topic, "program_id": c.program_id,
            "is_peer": c.is_peer, "state": c.state, "members": h.members,
            "size_limit": c.size_limit, "mentors": h.mentors, "meetings_held": h.meetings_held,
            "attendance_rate": None if h.attendance_rate is None
            else round(h.attendance_rate, 3),
            "posts_30_days": h.posts_30_days, "last_activity": h.last_activity,
            "signal": h.signal, "reasons": h.reasons}


@router.get("/programs/{program_id}/circles", response={200: list[HealthOut], **ERRORS},
            summary="Figures of a program's circles (its coordinators)")
def program_circles(request, program_id: int):
    program = access_program_circles(request.user, program_id)
    return [_health(h) for h in selectors.health(Circle.objects.filter(program=program))]


@router.get("/programs/{program_id}/circles/proposal", response={200: ProposalOut, **ERRORS},
            summary="The engine's proposal of the program's mentees into its circles")
def program_proposal(request, program_id: int):
    program = access_program_circles(request.user, program_id)
    proposal = matching.propose(program)
    return {"rows": [{"user_id": r.mentee.pk, "name": r.mentee.display_name,
                      "circle_id": r.circle.pk, "circle": r.circle.topic, "score": r.score,
                      "reasons": r.reasons} for r in proposal.rows],
            "unmatched": [{"user_id": u.pk, "reason": reason}
                          for u, reason in proposal.unmatched]}


@router.post("/programs/{program_id}/circles/assignments",
             response={201: list[MembershipOut], **ERRORS},
             summary="Confirm mentees into the program's circles: they join and are told")
def program_assign(request, program_id: int, payload: AssignmentIn):
    program = access_program_circles(request.user, program_id)
    pairs = [(a.user_id, a.circle_id) for a in payload.assignments]
    return Status(201, services.program_assign(actor=request.user, program=program,
                                               assignments=pairs))


