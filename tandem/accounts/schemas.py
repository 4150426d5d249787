from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import ConfigDict, Field, StrictInt

# Input schemas refuse keys they do not know: a misspelt field ("timezon") is a 422
# naming it, not a 200 that silently changed nothing.
STRICT = ConfigDict(extra="forbid")


class AccountOut(Schema):
    id: int
    email: str
    display_name: str
    is_coordinator: bool
    is_staff: bool
    profile_id: int


class WindowIn(Schema):
    model_config = STRICT

    weekday: StrictInt = Field(description="0 = Monday … 6 = Sunday")
    start: str = Field(description="HH:MM in your timezone", examples=["09:00"])
    end: str = Field(description="HH:MM in your timezone; 24:00 for midnight", examples=["12:00"])


class WindowOut(Schema):
    weekday: int
    start: str
    end: str
    utc_start: int = Field(description="Minutes after Monday 00:00 UTC")
    utc_end: int

    @staticmethod
    def resolve_start(obj) -> str:
        return obj.start_label

    @staticmethod
    def resolve_end(obj) -> str:
        return obj.end_label


class FeedbackPreference(Schema):
    format: str
    style: str
    timing: str
    notes: str


class PublicProfileOut(Schema):
    """What anyone who may see a profile sees. The mentee side (skills wanted, how they
    like feedback) is the person's own: it is in ``ProfileOut``, served at /api/me/profile."""

    id: int
    display_name: str
    headline: str
    bio: str
    is_mentee: bool
    is_mentor: bool
    skills_offered: list[str]
    interests: list[str]
    industries: list[str]
    languages: list[str]
    timezone: str
    utc_offset_minutes: int
    location: str
    experience_years: int | None
    mentor_capacity: int
    places_taken: int
    open_to_requests: bool
    meeting_channels: list[str]
    availability: list[WindowOut]

    @staticmethod
    def resolve_skills_offered(obj) -> list[str]:
        return [t.name for t in obj.skills_offered.all()]

    @staticmethod
    def resolve_interests(obj) -> list[str]:
        return [t.name for t in obj.interests.all()]

    @staticmethod
    def resolve_industries(obj) -> list[str]:
        return [t.name for t in obj.industries.all()]

    @staticmethod
    def resolve_languages(obj) -> list[str]:
        return [lang.code for lang in obj.languages.all()]

    @staticmethod
    def resolve_availability(obj) -> list:
        return list(obj.availability.all())


class ProfileOut(PublicProfileOut):
    skills_wanted: list[str]
    feedback_format: str
    feedback_style: str
    feedback_timing: str
    feedback_notes: str

    @staticmethod
    def resolve_skills_wanted(obj) -> list[str]:
        return [t.name for t in obj.skills_wanted.all()]


class MyProfileOut(ProfileOut):
    completeness: int = Field(description="Percent of the profile filled in")
    missing: list[str]


class ProfileIn(Schema):
    """Send only the fields to change."""

    model_config = STRICT

    display_name: str | None = None
    headline: str | None = None
    bio: str | None = None
    is_mentee: bool | None = None
    is_mentor: bool | None = None
    skills_offered: list[str] | None = None
    skills_wanted: list[str] | None = None
    interests: list[str] | None = None
    industries: list[str] | None = None
    languages: list[str] | None = Field(None, description="ISO 639-1 codes, e.g. en, pt")
    timezone: str | None = Field(None, description="IANA name, e.g. America/Sao_Paulo")
    location: str | None = None
    experience_years: int | None = None
    mentor_capacity: int | None = None
    open_to_requests: bool | None = None
    meeting_channels: list[str] | None = Field(None, description="video, phone, in_person, chat")
    feedback_format: str | None = Field(None, description="written, spoken or either")
    feedback_style: str | None = Field(None, description="direct or gentle")
    feedback_timing: str | None = Field(None, description="in_the_moment or at_meetings")
    feedback_notes: str | None = None


class TokenIn(Schema):
    model_config = STRICT

    name: str


class TokenOut(Schema):
    id: int
    name: str
    hint: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewTokenOut(TokenOut):
    token: str = Field(description="The secret. It is shown only in this response.")
