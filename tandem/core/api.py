"""The audit log API (tag ``audit``): staff search it; there is no write operation."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.paginator import Paginator
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict, field_validator

from tandem.core import selectors
from tandem.core.errors import ValidationFailed
from tandem.core.permissions import access_audit_log
from tandem.core.schemas import ACCESS_ERRORS

router = Router(tags=["audit"])


class AuditEntryOut(Schema):
    id: int
    at: datetime = Field(description="When, in UTC")
    actor_id: int | None
    actor: str = Field(description="The actor's email address when they acted; empty for "
                                   "the system or an anonymous caller")
    action: str
    target_type: str
    target_id: str
    ip_address: str | None
    data: dict[str, Any]


class AuditPage(Schema):
    count: int
    page: int
    pages: int
    results: list[AuditEntryOut]


class AuditQuery(Schema):
    model_config = ConfigDict(extra="forbid")
    actor: str = Field("", max_length=254, description="Part of the actor's email address")
    action: str = Field("", max_length=100, description="An action or its beginning, "
                                                        "e.g. accounts.login")
    target_type: str = Field("", max_length=100, description="e.g. accounts.user")
    target_id: str = Field("", max_length=64)
    since: date | None = Field(None, description="From this UTC day")
    until: date | None = Field(None, description="Until this UTC day, included")
    ip: str = Field("", max_length=45, description="The caller's address")
    page: int = Field(1, ge=1, le=1_000_000, description=f"Pages of {selectors.PAGE_SIZE}, "
                                                         "newest first")

    @field_validator("since", "until", mode="before")
    @classmethod
    def _iso_day(cls, value):
        """A day written as YYYY-MM-DD, nothing else (not a Unix timestamp)."""
        if value is None or isinstance(value, date):
            return value
        if isinstance(value, str) and len(value) == 10:
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise ValueError("Give a day as YYYY-MM-DD.")


@router.get("/audit", response={200: AuditPage, **ACCESS_ERRORS}, summary="Search the audit log",
            description="Staff only. Entries newest first; every filter is optional.")
def audit_search(request, filters: Query[AuditQuery]):
    access_audit_log(request.user)
    known = set(AuditQuery.model_fields)
    unknown = sorted(set(request.GET) - known)
    if unknown:
        errors = [{"field": key, "message": f"Unknown filter {key!r}."} for key in unknown]
        raise ValidationFailed(errors[0]["message"], field=unknown[0], errors=errors)
    values = filters.model_dump(exclude={"page"})
    found = selectors.audit_search(selectors.AuditFilters(**values).check())
    page = Paginator(found, selectors.PAGE_SIZE).get_page(filters.page)
    return {"count": page.paginator.count, "page": page.number,
            "pages": page.paginator.num_pages,
            "results": [{"id": e.pk, "at": e.at, "actor_id": e.actor_id,
                         "actor": e.actor_label, "action": e.action,
                         "target_type": e.target_type, "target_id": e.target_id,
                         "ip_address": e.ip_address, "data": e.data} for e in page]}
