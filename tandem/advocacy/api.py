"""The advocacy API: opportunities, introductions and resources of a mentorship, and the
community library of public resources."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, StrictBool, StrictStr

from tandem.advocacy import selectors, services
from tandem.advocacy.permissions import (
    access_advocacy,
    access_introduction,
    access_opportunity,
    access_relationship_as_mentor,
    access_resource,
)
from tandem.core.schemas import ERRORS

router = Router(tags=["advocacy"])
STRICT = ConfigDict(extra="forbid")


# --- Opportunities --------------------------------------------------------------------


class OpportunityIn(Schema):
    model_config = STRICT
    kind: StrictStr = Field(description="job, project, event, talk or stretch")
    title: StrictStr
    description: StrictStr = Field("", description="Markdown")
    url: StrictStr = Field("", description="http or https")
    deadline: date | None = None


class OpportunityPatch(Schema):
    model_config = STRICT
    kind: StrictStr | None = None
    title: StrictStr | None = None
    description: StrictStr | None = None
    url: StrictStr | None = None
    deadline: date | None = None


class OpportunityStatusIn(Schema):
    model_config = STRICT
    status: StrictStr = Field(description="suggested, applied, done or declined")
    reason: StrictStr = Field("", description="Why it is not for you (with declined only)")


class ChangeOut(Schema):
    from_status: str
    to_status: str
    at: datetime
    actor_id: int | None


class OpportunityOut(Schema):
    id: int
    relationship_id: int
    posted_by_id: int
    kind: str
    title: str
    description: str
    url: str
    deadline: date | None
    status: str
    status_changed_at: datetime | None
    decline_reason: str
    created_at: datetime
    history: list[ChangeOut]

    @staticmethod
    def resolve_history(obj) -> list:
        return list(obj.changes.all())


@router.get("/mentorships/{relationship_id}/opportunities",
            response={200: list[OpportunityOut], **ERRORS},
            summary="The mentorship's opportunities, open ones first")
def list_opportunities(request, relationship_id: int):
    rel = access_advocacy(request.user, relationship_id)
    return list(selectors.opportunities_of(rel))


@router.post("/mentorships/{relationship_id}/opportunities",
             response={201: OpportunityOut, **ERRORS},
             summary="Pass an opportunity on to the mentee (mentor only)")
def post_opportunity(request, relationship_id: int, payload: OpportunityIn):
    rel = access_relationship_as_mentor(request.user, relationship_id)
    return Status(201, services.opportunity_post(actor=request.user, relationship=rel,
                                                 **payload.model_dump()))


@router.get("/opportunities/{opportunity_id}", response={200: OpportunityOut, **ERRORS},
            summary="One opportunity with its history")
def get_opportunity(request, opportunity_id: int):
    return access_opportunity(request.user, opportunity_id)


@router.patch("/opportunities/{opportunity_id}", response={200: OpportunityOut, **ERRORS},
              summary="Change an opportunity (the person who posted it)")
def update_opportunity(request, opportunity_id: int, payload: OpportunityPatch):
    opportunity = access_opportunity(request.user, opportunity_id, write=True)
    return services.opportunity_update(actor=request.user, opportunity=opportunity,
                                       changes=payload.model_dump(exclude_unset=True))


@router.post("/opportunities/{opportunity_id}/status", response={200: OpportunityOut, **ERRORS},
             summary="Move an opportunity: applied, done, or not for me")
def opportunity_status(request, opportunity_id: int, payload: OpportunityStatusIn):
    opportunity = access_opportunity(request.user, opportunity_id, write=True)
    return services.opportunity_set_status(actor=request.user, opportunity=opportunity,
                                           **payload.model_dump())


@router.delete("/opportunities/{opportunity_id}", response={204: None, **ERRORS},
               summary="Remove an opportunity (the person who posted it)")
def delete_opportunity(request, opportunity_id: int):
    opportunity = access_opportunity(request.user, opportunity_id, write=True)
    services.opportunity_delete(actor=request.user, opportunity=opportunity)
    return Status(204, None)


# --- Introductions --------------------------------------------------------------------


class IntroductionIn(Schema):
    model_config = STRICT
    contact_name: StrictStr
    contact_role: StrictStr = Field("", description="Role or organisation")
    contact_url: StrictStr = Field("", description="A profile link, http or https")
    why: StrictStr
    note: StrictStr = ""


class IntroductionPatch(Schema):
    model_config = STRICT
    contact_name: StrictStr | None = None
    contact_role: StrictStr | None = None
    contact_url: StrictStr | None = None
    why: StrictStr | None = None
    note: StrictStr | None = None
    outcome: StrictStr | None = Field(None, description="How it went (once met)")


class IntroductionStatusIn(Schema):
    model_config = STRICT
    status: StrictStr = Field(description="proposed, made, met or declined")
    outcome: StrictStr = Field("", description="How it went (with met only)")


class IntroductionOut(Schema):
    id: int
    relationship_id: int
    introduced_by_id: int
    contact_name: str
    contact_role: str
    contact_url: str
    why: str
    note: str
    status: str
    status_changed_at: datetime | None
    outcome: str
    created_at: datetime
    history: list[ChangeOut]

    @staticmethod
    def resolve_history(obj) -> list:
        return list(obj.changes.all())


@router.get("/mentorships/{relationship_id}/introductions",
            response={200: list[IntroductionOut], **ERRORS},
            summary="The mentorship's introductions, those in progress first")
def list_introductions(request, relationship_id: int):
    rel = access_advocacy(request.user, relationship_id)
    return list(selectors.introductions_of(rel))


@router.post("/mentorships/{relationship_id}/introductions",
             response={201: IntroductionOut, **ERRORS},
             summary="Propose an introduction to someone in your network (mentor only)")
def propose_introduction(request, relationship_id: int, payload: IntroductionIn):
    rel = access_relationship_as_mentor(request.user, relationship_id)
    return Status(201, services.introduction_propose(actor=request.user, relationship=rel,
                                                     **payload.model_dump()))


@router.get("/introductions/{introduction_id}", response={200: IntroductionOut, **ERRORS},
            summary="One introduction with its history")
def get_introduction(request, introduction_id: int):
    return access_introduction(request.user, introduction_id)


@router.patch("/introductions/{introduction_id}", response={200: IntroductionOut, **ERRORS},
              summary="Change an introduction's details, or say how the meeting went")
def update_introduction(request, introduction_id: int, payload: IntroductionPatch):
    introduction = access_introduction(request.user, introduction_id, write=True)
    return services.introduction_update(actor=request.user, introduction=introduction,
                                        changes=payload.model_dump(exclude_unset=True))


@router.post("/introductions/{introduction_id}/status",
             response={200: IntroductionOut, **ERRORS},
             summary="Move an introduction: made, met (with how it went), or declined")
def introduction_status(request, introduction_id: int, payload: IntroductionStatusIn):
    introduction = access_introduction(request.user, introduction_id, write=True)
    return services.introduction_set_status(actor=request.user, introduction=introduction,
                                            **payload.model_dump())


@router.delete("/introductions/{introduction_id}", response={204: None, **ERRORS},
               summary="Remove an introduction (the mentor who made it)")
def delete_introduction(request, introduction_id: int):
    introduction = access_introduction(request.user, introduction_id, write=True)
    services.introduction_delete(actor=request.user, introduction=introduction)
    return Status(204, None)


# --- Resources ------------------------------------------------------------------------


class ResourceIn(Schema):
    model_config = STRICT
    kind: StrictStr = Field(description="article, book, course, video, tool, podcast, person, "
                                        "event or other")
    title: StrictStr
    url: StrictStr = Field("", description="http or https; optional for a book or a person")
    description: StrictStr = Field("", description="Markdown")
    tags: list[StrictStr] = Field([], description="Up to 10")
    is_public: StrictBool = Field(False, description="Show it in the community library")


class CommunityResourceIn(Schema):
    model_config = STRICT
    kind: StrictStr
    title: StrictStr
    url: StrictStr = ""
    description: StrictStr = ""
    tags: list[StrictStr] = []


class ResourcePatch(Schema):
    model_config = STRICT
    kind: StrictStr | None = None
    title: StrictStr | None = None
    url: StrictStr | None = None
    description: StrictStr | None = None
    tags: list[StrictStr] | None = None
    is_public: StrictBool | None = None


class ResourceOut(Schema):
    id: int
    relationship_id: int | None
    added_by_id: int
    kind: str
    title: str
    url: str
    description: str
    tags: list[str]
    is_public: bool
    published_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        return [tag["name"] for tag in obj.tags]


class CommunityResourceOut(Schema):
    """A public resource as everyone sees it: who recommended it, never where from."""

    id: int
    kind: str
    title: str
    url: str
    description: str
    tags: list[str]
    recommended_by: str
    published_at: datetime | None

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        return [tag["name"] for tag in obj.tags]

    @staticmethod
    def resolve_recommended_by(obj) -> str:
        return obj.added_by.display_name


class CommunityPageOut(Schema):
    total: int
    page: int
    pages: int
    results: list[CommunityResourceOut]


class CommunityFilters(Schema):
    q: str = Field("", description="Words in the title, description or tags")
    tag: str = ""
    kind: str = ""
    page: int = Field(1, ge=1, le=100000)


@router.get("/mentorships/{relationship_id}/resources",
            response={200: list[ResourceOut], **ERRORS},
            summary="The mentorship's resource library")
def list_resources(request, relationship_id: int):
    rel = access_advocacy(request.user, relationship_id)
    return list(selectors.resources_of(rel))


@router.post("/mentorships/{relationship_id}/resources", response={201: ResourceOut, **ERRORS},
             summary="Add a resource to the mentorship's library")
def add_resource(request, relationship_id: int, payload: ResourceIn):
    rel = access_advocacy(request.user, relationship_id, write=True)
    return Status(201, services.resource_add(actor=request.user, relationship=rel,
                                             **payload.model_dump()))


@router.patch("/resources/{resource_id}", response={200: ResourceOut, **ERRORS},
              summary="Change, publish or un-publish a resource (the person who added it)")
def update_resource(request, resource_id: int, payload: ResourcePatch):
    resource = access_resource(request.user, resource_id, write=True)
    return services.resource_update(actor=request.user, resource=resource,
                                    changes=payload.model_dump(exclude_unset=True))


@router.delete("/resources/{resource_id}", response={204: None, **ERRORS},
               summary="Remove a resource (the person who added it)")
def delete_resource(request, resource_id: int):
    resource = access_resource(request.user, resource_id, write=True)
    services.resource_delete(actor=request.user, resource=resource)
    return Status(204, None)


@router.get("/community/resources", response={200: CommunityPageOut, **ERRORS},
            summary="The community library: public resources, searchable")
def community_resources(request, filters: Query[CommunityFilters]):
    page = selectors.community_library(q=filters.q, tag=filters.tag, kind=filters.kind,
                                       page=filters.page)
    return {"total": page.total, "page": page.page, "pages": page.pages,
            "results": page.results}


@router.post("/community/resources", response={201: CommunityResourceOut, **ERRORS},
             summary="Add a resource straight to the community library")
def add_community_resource(request, payload: CommunityResourceIn):
    return Status(201, services.resource_add(actor=request.user, relationship=None,
                                             is_public=True, **payload.model_dump()))
