from __future__ import annotations

from ninja import Field, Query, Router, Schema

from tandem.accounts.schemas import PublicProfileOut
from tandem.core.errors import ValidationFailed
from tandem.core.schemas import READ_ERRORS
from tandem.directory.selectors import SORTS, DirectoryQuery, mentor_search
from tandem.mentorships.permissions import access_profile

router = Router(tags=["directory"])
profiles_router = Router(tags=["profiles"])


class MentorCard(Schema):
    id: int
    display_name: str
    headline: str
    skills_offered: list[str]
    languages: list[str]
    timezone: str
    utc_offset_minutes: int
    experience_years: int | None
    mentor_capacity: int
    places_taken: int
    open_to_requests: bool
    has_free_places: bool

    @staticmethod
    def resolve_skills_offered(obj) -> list[str]:
        return [t.name for t in obj.skills_offered.all()]

    @staticmethod
    def resolve_languages(obj) -> list[str]:
        return [lang.code for lang in obj.languages.all()]


class MentorPage(Schema):
    count: int
    page: int
    pages: int
    results: list[MentorCard]


class MentorFilters(Schema):
    q: str = Field("", description="Words that must all appear in name, headline, bio or skills")
    skill: list[str] = Field([], description="Skill slugs; a mentor must offer every one")
    language: str = Field("", description="ISO 639-1 code")
    industry: str = Field("", description="Industry slug")
    offset_min: int | None = Field(None, description="Lowest UTC offset, in minutes")
    offset_max: int | None = Field(None, description="Highest UTC offset, in minutes")
    within_hours: int | None = Field(None, description="Within this many hours of my offset")
    overlaps_mine: bool = Field(False, description="Has a weekly window overlapping mine")
    has_free_places: bool = False
    sort: str = Field("available", description=", ".join(SORTS))
    page: int = 1


@router.get("/mentors", response={200: MentorPage, **READ_ERRORS}, summary="Search mentors")
def search_mentors(request, filters: Query[MentorFilters]):
    # Ninja reads only the parameters it knows from a query string (extra="forbid" has no
    # effect there), so a misspelt filter would silently match everyone: refuse it.
    unknown = sorted(set(request.GET) - set(MentorFilters.model_fields))
    if unknown:
        known = ", ".join(MentorFilters.model_fields)
        errors = [{"field": key, "message": f"Unknown filter {key!r}: use {known}."}
                  for key in unknown]
        raise ValidationFailed(errors[0]["message"], field=unknown[0], errors=errors)
    data = filters.model_dump()
    data["skills"] = data.pop("skill")
    page = mentor_search(viewer=request.user, query=DirectoryQuery(**data))
    return {"count": page.total, "page": page.page, "pages": page.pages, "results": page.results}


class SuggestionOut(Schema):
    mentor: MentorCard
    score: float = Field(description="The matching engine's score: higher fits better")
    reasons: list[str] = Field(description="Why, in plain words, the strongest first")


class SuggestionsOut(Schema):
    status: str = Field(description='"ready", "incomplete" (see missing) or "not_mentee"')
    message: str = Field(description="What to do when there is nothing to suggest")
    missing: list[str] = Field(description="What to add to the profile to get suggestions")
    results: list[SuggestionOut]


@router.get("/suggestions", response={200: SuggestionsOut, **READ_ERRORS},
            summary="Mentors suggested for me",
            description="Up to 5 mentors with free places who fit my profile best, scored by "
                        "the matching engine, each with its reasons. Refreshed every few "
                        "minutes, or when I change my profile.")
def suggested_mentors(request):
    unknown = sorted(request.GET)
    if unknown:
        errors = [{"field": key, "message": f"Unknown parameter {key!r}: this takes none."}
                  for key in unknown]
        raise ValidationFailed(errors[0]["message"], field=unknown[0], errors=errors)
    from tandem.directory.suggestions import suggestions_for  # loads the engine: on first use

    found = suggestions_for(request.user)
    return {"status": found.status, "message": found.message, "missing": found.missing,
            "results": [{"mentor": s.profile, "score": s.score, "reasons": s.reasons}
                        for s in found.items]}


@profiles_router.get("/{profile_id}", response={200: PublicProfileOut, **READ_ERRORS},
                     summary="A person's profile",
                     description="What others see of a profile. Your own in full: /api/me/profile.")
def get_profile(request, profile_id: int):
    return access_profile(request.user, profile_id)
