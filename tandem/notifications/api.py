from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema, Status
from pydantic import ConfigDict

from tandem.accounts.schemas import ErrorOut
from tandem.notifications import selectors, services
from tandem.notifications.permissions import access_notification

router = Router(tags=["notifications"])
ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None


class NotificationPage(Schema):
    unread: int
    results: list[NotificationOut]


@router.get("", response={200: NotificationPage, **ERRORS}, summary="My notifications")
def list_notifications(request, unread_only: bool = False, limit: int = 50):
    rows = selectors.notifications_of(request.user)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return {"unread": selectors.unread_count(request.user),
            "results": list(rows[:max(1, min(limit, 200))])}


@router.post("/{notification_id}/read", response={200: NotificationOut, **ERRORS},
             summary="Mark one read")
def read_notification(request, notification_id: int):
    notification = access_notification(request.user, notification_id, write=True)
    return services.notification_mark_read(actor=request.user, notification=notification)


@router.post("/read-all", response={204: None, **ERRORS}, summary="Mark all read")
def read_all(request):
    services.notifications_mark_all_read(actor=request.user)
    return Status(204, None)


class PreferencesPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    requests: str | None = None
    mentorships: str | None = None
    agreements: str | None = None
    meetings: str | None = None
    reminders: str | None = None
    reports: str | None = None
    other: str | None = None


class PreferencesIO(Schema):
    """Email mode per group: "immediately" or "off"."""

    requests: str = "immediately"
    mentorships: str = "immediately"
    agreements: str = "immediately"
    meetings: str = "immediately"
    reminders: str = "immediately"
    reports: str = "immediately"
    other: str = "immediately"


@router.get("/preferences", response={200: PreferencesIO, **ERRORS},
            summary="How each group of notifications is emailed")
def get_preferences(request):
    return selectors.email_preferences_of(request.user)


@router.patch("/preferences", response={200: PreferencesIO, **ERRORS},
              summary="Change how groups of notifications are emailed")
def set_preferences(request, payload: PreferencesPatch):
    return services.email_preferences_set(actor=request.user,
                                          modes=payload.model_dump(exclude_unset=True))
