from __future__ import annotations

from datetime import date, datetime, time

from ninja import Field, Schema
from pydantic import ConfigDict, StrictBool, StrictInt

STRICT = ConfigDict(extra="forbid")


class AgendaOut(Schema):
    id: int
    text: str
    author_id: int
    created_at: datetime


class ActionOut(Schema):
    id: int
    text: str
    owner_id: int
    due_date: date | None
    done_at: datetime | None


class MeetingOut(Schema):
    id: int
    relationship_id: int
    series_id: int | None
    starts_at: datetime = Field(description="UTC")
    ends_at: datetime
    timezone: str
    local_start: str = Field(description="The start on the meeting's own clock, ISO 8601")
    duration_minutes: int
    channel: str
    place: str
    status: str
    cancel_reason: str
    moved: bool
    sequence: int
    uid: str

    @staticmethod
    def resolve_local_start(obj) -> str:
        from zoneinfo import ZoneInfo

        return obj.starts_at.astimezone(ZoneInfo(obj.timezone)).isoformat()

    @staticmethod
    def resolve_moved(obj) -> bool:
        return obj.is_moved


class MeetingDetailOut(MeetingOut):
    notes: str
    agenda: list[AgendaOut]
    actions: list[ActionOut]

    @staticmethod
    def resolve_agenda(obj) -> list:
        return list(obj.agenda.all())

    @staticmethod
    def resolve_actions(obj) -> list:
        return list(obj.actions.all())


class ScheduleIn(Schema):
    model_config = STRICT
    day: date
    at: time = Field(description="Local time on the clock of `tz`")
    tz: str = Field(description="IANA timezone, e.g. Europe/Berlin")
    duration_minutes: StrictInt = 60
    channel: str = "video"
    place: str = ""
    held: StrictBool = Field(False, description="Log a meeting that already took place")


class SeriesIn(Schema):
    model_config = STRICT
    day: date = Field(description="Date of the first meeting")
    at: time
    tz: str
    frequency: str = Field(description="DAILY, WEEKLY or MONTHLY")
    interval: StrictInt = 1
    count: StrictInt = Field(description="Number of meetings, 2 to 60")
    duration_minutes: StrictInt = 60
    channel: str = "video"
    place: str = ""


class SeriesOut(Schema):
    id: int
    uid: str
    frequency: str
    interval: int
    count: int
    timezone: str
    first_start: datetime
    meetings: list[MeetingOut]

    @staticmethod
    def resolve_meetings(obj) -> list:
        return list(obj.occurrences.order_by("starts_at"))


class MoveIn(Schema):
    model_config = STRICT
    day: date
    at: time = Field(description="On the meeting's own clock")


class CancelIn(Schema):
    model_config = STRICT
    reason: str


class RecordIn(Schema):
    model_config = STRICT
    outcome: str = Field(description="held or missed")


class NotesIn(Schema):
    model_config = STRICT
    notes: str


class TextIn(Schema):
    model_config = STRICT
    text: str


class ActionIn(Schema):
    model_config = STRICT
    text: str
    owner_id: StrictInt
    due_date: date | None = None


class DoneIn(Schema):
    model_config = STRICT
    done: StrictBool


class FromActionIn(Schema):
    model_config = STRICT
    goal_id: StrictInt


class OfferIn(Schema):
    model_config = STRICT
    slots: list[datetime] = Field(description="One to three start times, with offsets")
    duration_minutes: StrictInt = 60
    channel: str | None = Field(None, description="Default: the agreement's channel")
    place: str = Field("", description="Default: the agreement's meeting place, when the "
                                       "channel is the agreement's")


class OfferOut(Schema):
    id: int
    offered_by_id: int
    slots: list[datetime]
    duration_minutes: int
    status: str
    meeting_id: int | None


class PickIn(Schema):
    model_config = STRICT
    index: StrictInt = Field(description="Which offered time, from 0")


class SlotsOut(Schema):
    duration_minutes: int
    slots: list[datetime]


class FeedOut(Schema):
    url: str = Field(description="The secret subscription URL; shown only now")
