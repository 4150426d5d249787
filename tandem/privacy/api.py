"""The data-rights API (tag ``privacy``): download everything I gave Tandem as JSON, and
delete my account (with a confirmation: my email address or my password)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import logout
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict, StrictStr

from tandem.accounts.api import router as accounts_router
from tandem.accounts.schemas import ErrorOut
from tandem.privacy import services
from tandem.privacy.exporting import plain

router = Router(tags=["privacy"])
ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ExportOut(Schema):
    format: str = Field(description='Always "tandem-export"')
    format_version: int
    generated_at: str = Field(description="ISO 8601, UTC")
    user_id: int
    data: dict[str, Any] = Field(description="Each app's part, keyed by the app's name")
    record_markdown: str = Field(description="The record, as Markdown")


class EraseIn(Schema):
    model_config = ConfigDict(extra="forbid")
    confirmation: StrictStr = Field(max_length=500,
                                    description="My email address or my password")


@router.get("/me/export", response={200: ExportOut, **ERRORS},
            summary="Download everything I gave Tandem")
def export(request):
    return plain(services.export_build(actor=request.user))


# DELETE /api/me lives on the path the accounts router already serves (GET /api/me), so
# it is registered there: two routers cannot share one path. Its tag says where it belongs.
@accounts_router.delete("", response={204: None, **ERRORS}, summary="Delete my account",
                        tags=["privacy"],
                        description="Ends my mentorships, deletes what I wrote and anonymises the "
                                    "account; the other party keeps their own content. Cannot be "
                                    "undone.")
def erase(request, payload: EraseIn):
    services.account_erase(actor=request.user, confirmation=payload.confirmation)
    if hasattr(request, "session"):
        logout(request)
    return Status(204, None)
