"""The data-rights API (tag ``privacy``): download everything I gave Tandem as JSON.
Deleting my account (``DELETE /api/me``) is in tandem/accounts/api.py, on the path it
shares with ``GET /api/me``; it calls tandem.privacy.services too."""

from __future__ import annotations

from typing import Any

from ninja import Field, Router, Schema

from tandem.core.exporting import plain
from tandem.core.schemas import READ_ERRORS
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
