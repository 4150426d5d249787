from __future__ import annotations

from datetime import date, datetime, time

from ninja import Field, Schema
from pydantic import StrictBool, StrictInt

from tandem.accounts.schemas import STRICT


class PersonOut(Schema):
    id: int = Field(description="The user id")
    profile_id: int
    display_name: str

    @staticmethod
    def resolve_profile_id(obj) -> int:
        return obj.profile.pk

    @staticmethod
    def resolve_display_name(obj) -> str:
        return obj.display_name


class RequestIn(Schema):
    model_config = STRICT

    mentor_profile_id: StrictInt
    message: str
    goal_ids: list[StrictInt] = []
    cadence: str = Field("biweekly", description="weekly, biweekly, monthly or custom")
    channel: str = Field("video", description="video, phone, in_person or chat")


class MessageOut(Schema):
    kind: str
    author_id: int
    body: str
    created_at: datetime


class GoalRef(Schema):
    id: int
    title: str


class RequestOut(Schema):
    id: int
    state: str
    mentee: PersonOut
    mentor: PersonOut
    message: str
    goals: list[GoalRef]
    proposed_cadence: str
    proposed_channel: str
    created_at: datetime
    expires_at: datetime
    first_response_at: datetime | None
    closed_at: datetime | None
    decline_reason: str | None
    decline_text: str
    messages: list[MessageOut]
    relationship_id: int | None

    @staticmethod
    def resolve_goals(obj) -> list:
        return list(obj.goals.all())

    @staticmethod
    def resolve_messages(obj) -> list:
        return list(obj.messages.all())

    @staticmethod
    def resolve_decline_reason(obj) -> str | None:
        return obj.decline_reason.text if obj.decline_reason else None

    @staticmethod
    def resolve_relationship_id(obj) -> int | None:
        rel = getattr(obj, "relationship", None)
        return rel.pk if rel else None


class QuestionIn(Schema):
    model_config = STRICT

    question: str


class ReplyIn(Schema):
    model_config = STRICT

    reply: str


class DeclineIn(Schema):
    model_config = STRICT

    reason_id: StrictInt | None = None
    text: str = ""


class DeclineReasonOut(Schema):
    id: int
    label: str
    text: str


class RelationshipOut(Schema):
    id: int
    state: str
    mentee: PersonOut
    mentor: PersonOut
    my_role: str
    started_at: datetime
    paused_until: date | None
    ended_at: datetime | None
    end_reason: str
    agreement_pending: bool
    needs_attention: list[str]


class PauseIn(Schema):
    model_config = STRICT

    until: date | None = None
    reason: str = ""


class EndIn(Schema):
    model_config = STRICT

    reason: str


class ReflectionIn(Schema):
    model_config = STRICT

    achieved: str
    rating: StrictInt = Field(description="1 to 5")
    would_recommend: StrictBool
    private_remark: str = Field("", description="For the program coordinator only")


class ReflectionOut(Schema):
    achieved: str
    rating: int
    would_recommend: bool
    private_remark: str
    created_at: datetime


class OtherReflectionOut(Schema):
    achieved: str
    rating: int
    would_recommend: bool


class ReflectionsOut(Schema):
    mine: ReflectionOut | None
    other: OtherReflectionOut | None = Field(
        description="The other party's, once both have written theirs (never their private "
                    "remark)")
    other_written: bool


class ObjectiveIO(Schema):
    text: str
    goal_id: int | None = None


class ObjectiveIn(Schema):
    model_config = STRICT

    text: str
    goal_id: StrictInt | None = Field(None, description="One of the mentee's shared goals")


class ChangeOut(Schema):
    field: str
    label: str
    before: str
    after: str


class AgreementOut(Schema):
    version: int
    status: str
    objectives: list[ObjectiveIO]
    channel: str
    meeting_place: str
    cadence: str
    custom_interval_days: int | None
    weekday: int | None
    meeting_time: time | None
    timezone: str
    duration_minutes: int
    feedback_format: str
    feedback_style: str
    feedback_timing: str
    feedback_notes: str
    confidentiality: str
    report_every_weeks: int
    start_date: date
    end_date: date
    changes: list[ChangeOut]
    mentee_confirmed_at: datetime | None
    mentor_confirmed_at: datetime | None
    confirmed_at: datetime | None
    created_at: datetime


class AgreementStateOut(Schema):
    current: AgreementOut | None = Field(description="The confirmed version in force")
    draft: AgreementOut | None = Field(description="The version waiting for confirmation")
    versions: list[int]


class AgreementChangeIn(Schema):
    """Send only the fields to change."""

    model_config = STRICT

    objectives: list[ObjectiveIn] | None = Field(None, description="At most 10")
    channel: str | None = None
    meeting_place: str | None = None
    cadence: str | None = None
    custom_interval_days: StrictInt | None = None
    weekday: StrictInt | None = Field(None, description="0 = Monday … 6 = Sunday")
    meeting_time: str | None = Field(None, description="HH:MM, local to `timezone`")
    timezone: str | None = None
    duration_minutes: StrictInt | None = None
    feedback_format: str | None = None
    feedback_style: str | None = None
    feedback_timing: str | None = None
    feedback_notes: str | None = None
    confidentiality: str | None = None
    report_every_weeks: StrictInt | None = None
    start_date: date | None = Field(None, description="Within a year of today")
    end_date: date | None = None


class ConfirmIn(Schema):
    model_config = STRICT

    version: StrictInt = Field(description="The draft version you read and confirm")


class BecomeMentorIn(Schema):
    model_config = STRICT

    skills: list[str]
    capacity: StrictInt = 1
