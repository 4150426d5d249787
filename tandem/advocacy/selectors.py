"""Reads for the advocacy features, scoped to what the viewer may see and prefetched, so a
page costs the same number of queries however much the pair has collected."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Case, F, IntegerField, Prefetch, Value, When
from django.utils import timezone

from tandem.accounts.services import tag_normalize
from tandem.advocacy.models import (
    Introduction,
    IntroductionChange,
    IntroductionStatus,
    Opportunity,
    OpportunityChange,
    OpportunityStatus,
    Resource,
    ResourceKind,
)

PAGE_SIZE = 20
FOLLOW_UP_DAYS = 14


def _open_first(open_values):
    return Case(When(status__in=open_values, then=Value(0)), default=Value(1),
                output_field=IntegerField())


def opportunities_of(relationship):
    """The mentorship's opportunities: open ones first, soonest deadline first, each with
    its history of status changes."""
    return (Opportunity.objects.filter(relationship=relationship)
            .select_related("posted_by__profile")
            .prefetch_related(Prefetch("changes", queryset=OpportunityChange.objects
                                       .select_related("actor__profile")))
            .order_by(_open_first([OpportunityStatus.SUGGESTED, OpportunityStatus.APPLIED]),
                      F("deadline").asc(nulls_last=True), "-created_at", "-id"))


def introductions_of(relationship):
    return (Introduction.objects.filter(relationship=relationship)
            .select_related("introduced_by__profile")
            .prefetch_related(Prefetch("changes", queryset=IntroductionChange.objects
                                       .select_related("actor__profile")))
            .order_by(_open_first([IntroductionStatus.PROPOSED, IntroductionStatus.MADE]),
                      "-created_at", "-id"))


def resources_of(relationship):
    return (Resource.objects.filter(relationship=relationship)
            .select_related("added_by__profile").order_by("-created_at", "-id"))


@dataclass
class CommunityPage:
    results: list = field(default_factory=list)
    total: int = 0
    page: int = 1
    page_size: int = PAGE_SIZE
    q: str = ""
    tag: str = ""
    kind: str = ""

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def community_library(*, q: str = "", tag: str = "", kind: str = "", page: int = 1,
                      page_size: int = PAGE_SIZE) -> CommunityPage:
    """Public resources, newest first, filtered by words (all of them, in the title,
    description or tags), a tag and a kind. Three queries: a count, a page of ids, the
    rows. Nothing here says which mentorship a resource came from."""
    # NUL characters cannot be searched for (PostgreSQL refuses them in text).
    q = (q or "").replace("\x00", "").strip()[:200]
    tag = (tag or "").replace("\x00", "")[:100]
    rows = Resource.objects.filter(is_public=True)
    for word in q.lower().split()[:10]:
        rows = rows.filter(search_text__contains=word)
    slug = tag_normalize(tag)[0] if tag else ""
    if slug:
        rows = rows.filter(tag_slugs__contains=f",{slug},")
    if kind in ResourceKind.values:
        rows = rows.filter(kind=kind)
    else:
        kind = ""
    total = rows.count()
    result = CommunityPage(total=total, page=1, page_size=page_size, q=q, tag=slug, kind=kind)
    result.page = min(max(1, page), result.pages)
    start = (result.page - 1) * page_size
    ids = list(rows.order_by("-published_at", "-id").values_list("id", flat=True)
               [start:start + page_size])
    if ids:
        found = {r.pk: r for r in Resource.objects.filter(pk__in=ids)
                 .select_related("added_by__profile")}
        result.results = [found[pk] for pk in ids if pk in found]
    return result


def open_opportunities(relationship) -> list[Opportunity]:
    return list(Opportunity.objects.filter(
        relationship=relationship,
        status__in=[OpportunityStatus.SUGGESTED, OpportunityStatus.APPLIED])
        .order_by(F("deadline").asc(nulls_last=True), "-created_at")[:5])


def introductions_in_progress(relationship) -> list[Introduction]:
    return list(Introduction.objects.filter(
        relationship=relationship,
        status__in=[IntroductionStatus.PROPOSED, IntroductionStatus.MADE])
        .order_by("-created_at")[:5])


def deadlines_soon_q(user, *, days: int = FOLLOW_UP_DAYS):
    today = timezone.localdate()
    return Opportunity.objects.filter(
        relationship__mentee=user, relationship__state__in=["active", "paused"],
        status__in=[OpportunityStatus.SUGGESTED, OpportunityStatus.APPLIED],
        deadline__gte=today, deadline__lte=today + timedelta(days=days))


def introductions_to_follow_up_q(user):
    return Introduction.objects.filter(
        relationship__mentee=user, relationship__state__in=["active", "paused"],
        status__in=[IntroductionStatus.PROPOSED, IntroductionStatus.MADE])


def deadlines_soon(user, *, days: int = FOLLOW_UP_DAYS) -> list[Opportunity]:
    """Open opportunities of the user's running mentorships (as mentee) whose deadline
    falls in the next ``days`` days."""
    return list(deadlines_soon_q(user, days=days)
        .select_related("relationship__mentor__profile").order_by("deadline", "id")[:10])


def introductions_to_follow_up(user) -> list[Introduction]:
    """Introductions the mentor has made (or proposed) to the user, not yet met."""
    return list(introductions_to_follow_up_q(user)
                .select_related("relationship__mentor__profile")
                .order_by("-created_at", "-id")[:10])


def resource_count(relationship) -> int:
    return Resource.objects.filter(relationship=relationship).count()
