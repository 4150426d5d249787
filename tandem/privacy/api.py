"""The data-rights API (tag ``privacy``): download everything I gave Tandem as JSON, and
delete my account (``DELETE /api/me``, on the path it shares with the account's
``GET /api/me``: tandem/api.py joins the two routers' operations on one path)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import logout
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict, StrictStr

from tandem.core.exporting import plain
from tandem.core.schemas import ACCESS_ERRORS, READ_ERRORS
from tandem.privacy import services

router = Router(tags=["privacy"])


class ExportOut(Schema):
    format: str = Field(description='Always "tandem-export"')
    format_version: int
    generated_at: str = Field(description="ISO 8601, UTC")
    user_id: int
    data: dict[str, Any] = Field(description="Each app's part, keyed by the app's name")
    record_markdown: str = Field(description="The record, as Markdown")


@router.get("/me/export", response={200: ExportOut, **READ_ERRORS},
            summary="Download everything I gave Tandem")
def export(request):
    return plain(services.export_build(actor=request.user))


class EraseIn(Schema):
    model_config = ConfigDict(extra="forbid")
    confirmation: StrictStr = Field(max_length=500,
                                    description="My email address or my password")


# The operation id is the one it had when the accounts API answered this path, so clients
# generated from the description keep their method name.
@router.delete("/me", response={204: None, **ACCESS_ERRORS}, summary="Delete my account",
               operation_id="tandem_accounts_api_erase",
               description="Ends my mentorships, deletes what I wrote and anonymises the "
                           "account; the other party keeps their own content. Cannot be "
                           "undone.")
def erase(request, payload: EraseIn):
    services.account_erase(actor=request.user, confirmation=payload.confirmation)
    if hasattr(request, "session"):
        logout(request)
    return Status(204, None)
