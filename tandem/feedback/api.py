from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict, StrictBool, StrictInt, StrictStr

from tandem.core.schemas import ERRORS
from tandem.feedback import selectors, services
from tandem.feedback.permissions import (
    access_contribution,
    access_feedback_entry,
    access_feedback_request,
    access_mentor_feedback,
    access_relationship_as,
    access_report,
)
from tandem.mentorships.permissions import access_relationship

router = Router(tags=["reports"])
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


# --- Feedback both ways ---------------------------------------------------------------

FEEDBACK = ["feedback"]


class FeedbackEntryIn(Schema):
    model_config = STRICT
    kind: str = Field(description="positive or constructive")
    body: StrictStr = Field(description="Markdown")
    goal_id: StrictInt | None = Field(None, description="One of the mentee's shared goals")
    milestone_id: StrictInt | None = Field(None, description="A milestone of a shared goal")
    meeting_id: StrictInt | None = Field(None, description="A meeting of this mentorship that "
                                         "has taken place")
    request_id: StrictInt | None = Field(None, description="The feedback request it answers")


class TieOut(Schema):
    type: str
    id: int
    label: str


class FeedbackEntryOut(Schema):
    id: int
    relationship_id: int
    author_id: int
    kind: str
    body: str
    tied_to: TieOut | None
    request_id: int | None
    acknowledged_at: datetime | None
    reply: str
    replied_at: datetime | None
    reply_editable: bool
    created_at: datetime


class ReplyIn(Schema):
    model_config = STRICT
    reply: StrictStr


class FeedbackRequestIn(Schema):
    model_config = STRICT
    topic: StrictStr
    details: StrictStr = Field("", description="Markdown")
    goal_id: StrictInt | None = None
    link: StrictStr = Field("", description="http or https")
    by_date: date | None = Field(None, description="Today or later")


class FeedbackRequestOut(Schema):
    id: int
    relationship_id: int
    author_id: int
    topic: str
    details: str
    goal_id: int | None
    link: str
    by_date: date | None
    status: str
    overdue: bool = False
    answer_id: int | None = None
    created_at: datetime
    closed_at: datetime | None

    @staticmethod
    def resolve_answer_id(obj) -> int | None:
        answer = getattr(obj, "answer", None)
        return answer.pk if answer is not None else None


class MentorFeedbackIn(Schema):
    model_config = STRICT
    what_helped: StrictStr = ""
    could_be_better: StrictStr = ""
    kudos_consent: StrictBool = Field(False, description="Show what helped on the mentor's "
                                      "public page, with your name")


class MentorFeedbackOut(Schema):
    id: int
    relationship_id: int
    author_id: int
    what_helped: str
    could_be_better: str
    kudos_consent: bool
    created_at: datetime


class ConsentIn(Schema):
    model_config = STRICT
    consent: StrictBool


class ContributionIn(Schema):
    model_config = STRICT
    kind: StrictStr = Field(description="resource, introduction, review or other")
    description: StrictStr
    date: date


class ContributionOut(Schema):
    id: int
    relationship_id: int
    kind: str
    description: str
    date: date
    created_at: datetime


class KudosOut(Schema):
    mentee_name: str
    what_helped: str
    contributions: int
    shared_at: datetime | None


def _entry_out(entry, user):
    [entry] = selectors.feedback_entries(entry.relationship, user, [entry])
    return entry


@router.get("/mentorships/{relationship_id}/feedback", tags=FEEDBACK,
            response={200: list[FeedbackEntryOut], **ERRORS},
            summary="The mentor's feedback to the mentee, newest first")
def list_feedback(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    # Marked before reading, so no reply can change between what the mentor gets here
    # and the moment it is locked.
    services.feedback_replies_mark_read(actor=request.user, relationship=rel)
    return selectors.feedback_entries(rel, request.user)


@router.post("/mentorships/{relationship_id}/feedback", tags=FEEDBACK,
             response={201: FeedbackEntryOut, **ERRORS},
             summary="Give feedback (the mentor), optionally answering a request")
def give_feedback(request, relationship_id: int, payload: FeedbackEntryIn):
    rel = access_relationship_as(request.user, relationship_id, role="mentor")
    entry = services.feedback_give(actor=request.user, relationship=rel, **payload.model_dump())
    return Status(201, _entry_out(entry, request.user))


@router.get("/feedback/{feedback_entry_id}", tags=FEEDBACK,
            response={200: FeedbackEntryOut, **ERRORS}, summary="One feedback entry")
def get_feedback(request, feedback_entry_id: int):
    entry = access_feedback_entry(request.user, feedback_entry_id)
    # The mentor reading the entry reads the reply: from now on it cannot change.
    if services.feedback_replies_mark_read(actor=request.user, relationship=entry.relationship,
                                           entry=entry):
        entry.refresh_from_db(fields=["reply_read_at", "updated_at"])
    return _entry_out(entry, request.user)


@router.post("/feedback/{feedback_entry_id}/acknowledge", tags=FEEDBACK,
             response={200: FeedbackEntryOut, **ERRORS},
             summary="Acknowledge feedback (the mentee): “Got it”")
def acknowledge_feedback(request, feedback_entry_id: int):
    entry = access_feedback_entry(request.user, feedback_entry_id, write=True)
    return _entry_out(services.feedback_acknowledge(actor=request.user, entry=entry),
                      request.user)


@router.put("/feedback/{feedback_entry_id}/reply", tags=FEEDBACK,
            response={200: FeedbackEntryOut, **ERRORS},
            summary="Reply to feedback (the mentee); editable until the mentor has read it")
def reply_feedback(request, feedback_entry_id: int, payload: ReplyIn):
    entry = access_feedback_entry(request.user, feedback_entry_id, write=True)
    return _entry_out(services.feedback_reply(actor=request.user, entry=entry,
                                              reply=payload.reply), request.user)


@router.get("/mentorships/{relationship_id}/feedback-requests", tags=FEEDBACK,
            response={200: list[FeedbackRequestOut], **ERRORS},
            summary="Feedback requests: open ones oldest first, then answered or withdrawn")
def list_feedback_requests(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    open_items, closed = selectors.feedback_requests(rel)
    return open_items + closed


@router.post("/mentorships/{relationship_id}/feedback-requests", tags=FEEDBACK,
             response={201: FeedbackRequestOut, **ERRORS},
             summary="Ask the mentor for feedback (the mentee)")
def create_feedback_request(request, relationship_id: int, payload: FeedbackRequestIn):
    rel = access_relationship_as(request.user, relationship_id, role="mentee")
    return Status(201, services.feedback_request_create(actor=request.user, relationship=rel,
                                                        **payload.model_dump()))


@router.post("/feedback-requests/{feedback_request_id}/withdraw", tags=FEEDBACK,
             response={200: FeedbackRequestOut, **ERRORS},
             summary="Withdraw an open feedback request (the mentee)")
def withdraw_feedback_request(request, feedback_request_id: int):
    item = access_feedback_request(request.user, feedback_request_id, write=True)
    return services.feedback_request_withdraw(actor=request.user, feedback_request=item)


@router.get("/mentorships/{relationship_id}/mentor-feedback", tags=FEEDBACK,
            response={200: list[MentorFeedbackOut], **ERRORS},
            summary="The mentee's feedback to the mentor (giving back), newest first")
def list_mentor_feedback(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    return list(selectors.mentor_feedback_of(rel))


@router.post("/mentorships/{relationship_id}/mentor-feedback", tags=FEEDBACK,
             response={201: MentorFeedbackOut, **ERRORS},
             summary="Give the mentor feedback (the mentee), optionally shared as kudos")
def give_mentor_feedback(request, relationship_id: int, payload: MentorFeedbackIn):
    rel = access_relationship_as(request.user, relationship_id, role="mentee")
    return Status(201, services.mentor_feedback_give(actor=request.user, relationship=rel,
                                                     **payload.model_dump()))


@router.put("/mentor-feedback/{mentor_feedback_id}/kudos", tags=FEEDBACK,
            response={200: MentorFeedbackOut, **ERRORS},
            summary="Give or take back consent to show it as kudos on the mentor's page")
def set_kudos_consent(request, mentor_feedback_id: int, payload: ConsentIn):
    item = access_mentor_feedback(request.user, mentor_feedback_id, write=True)
    return services.mentor_feedback_set_consent(actor=request.user, mentor_feedback=item,
                                                consent=payload.consent)


@router.get("/mentorships/{relationship_id}/contributions", tags=FEEDBACK,
            response={200: list[ContributionOut], **ERRORS},
            summary="What the mentee did for the mentor, newest first")
def list_contributions(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    return list(selectors.contributions_of(rel))


@router.post("/mentorships/{relationship_id}/contributions", tags=FEEDBACK,
             response={201: ContributionOut, **ERRORS},
             summary="Record a contribution to the mentor (the mentee)")
def add_contribution(request, relationship_id: int, payload: ContributionIn):
    rel = access_relationship_as(request.user, relationship_id, role="mentee")
    return Status(201, services.contribution_add(actor=request.user, relationship=rel,
                                                 **payload.model_dump()))


@router.delete("/contributions/{contribution_id}", tags=FEEDBACK,
               response={204: None, **ERRORS}, summary="Remove a contribution (its author)")
def delete_contribution(request, contribution_id: int):
    item = access_contribution(request.user, contribution_id, write=True)
    services.contribution_delete(actor=request.user, contribution=item)
    return Status(204, None)


@router.get("/profiles/{profile_id}/kudos", tags=FEEDBACK,
            response={200: list[KudosOut], **ERRORS},
            summary="Kudos mentees chose to share on a mentor's public page")
def list_kudos(request, profile_id: int):
    from tandem.mentorships.permissions import access_profile

    profile = access_profile(request.user, profile_id)
    return [KudosOut(mentee_name=k.author.display_name, what_helped=k.what_helped,
                     contributions=k.contribution_count or 0, shared_at=k.consented_at)
            for k in selectors.kudos_for(profile.user)] if profile.is_mentor else []
