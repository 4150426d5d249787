"""The notifications API (tag ``notifications``): the notification center (filter by type
and read state, mark read or unread, mark all read) and email preferences."""

from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field, StrictBool, StrictStr, create_model

from tandem.core.errors import ValidationFailed
from tandem.core.schemas import ERRORS
from tandem.notifications import selectors, services
from tandem.notifications.models import EmailMode, Group
from tandem.notifications.permissions import access_notification

router = Router(tags=["notifications"])
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000


class NotificationOut(Schema):
    id: int
    kind: str
    group: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None


class NotificationPage(Schema):
    unread: int  # all unread, whatever the filter
    count: int  # how many match the filter
    results: list[NotificationOut]


@router.get("", response={200: NotificationPage, **ERRORS}, summary="My notifications")
def list_notifications(request, type: str | None = None, unread: bool | None = None,
                       unread_only: bool = False, limit: int = 50, offset: int = 0):
    """Newest first. ``type``: one group, as named in the email preferences (requests,
    mentorships, agreements, meetings, reminders, reports, growth, advocacy, safety,
    messages, circles, other); ``unread=true`` only unread, ``unread=false`` only read
    (``unread_only=true`` is the older spelling of ``unread=true``); ``limit`` up to 200
    and ``offset`` to page."""
    errors = []
    try:
        group = services.check_group(type)
    except ValidationFailed as exc:
        errors += exc.errors
        group = None
    if not 0 <= offset <= MAX_OFFSET:
        errors.append({"field": "offset", "message": f"From 0 to {MAX_OFFSET}."})
    if errors:
        raise ValidationFailed(errors[0]["message"], field=errors[0]["field"], errors=errors)
    if unread_only and unread is None:
        unread = True
    rows = selectors.notifications_of(request.user, group=group, unread=unread)
    limit = max(1, min(limit, MAX_LIMIT))
    return {"unread": selectors.unread_count(request.user), "count": rows.count(),
            "results": list(rows[offset:offset + limit])}


@router.post("/{notification_id}/read", response={200: NotificationOut, **ERRORS},
             summary="Mark one read")
def read_notification(request, notification_id: int):
    notification = access_notification(request.user, notification_id, write=True)
    return services.notification_mark_read(actor=request.user, notification=notification)


@router.post("/{notification_id}/unread", response={200: NotificationOut, **ERRORS},
             summary="Mark one unread")
def unread_notification(request, notification_id: int):
    notification = access_notification(request.user, notification_id, write=True)
    return services.notification_mark_unread(actor=request.user, notification=notification)


@router.post("/read-all", response={204: None, **ERRORS}, summary="Mark all read")
def read_all(request, type: str | None = None):
    """Every unread notification, or only those of one ``type`` (group)."""
    services.notifications_mark_all_read(actor=request.user, group=type)
    return Status(204, None)


# Both schemas are built from ``Group``, the one list of email types that the settings
# page also shows, so a new type appears in the page and the API together.
class _Strict(Schema):
    model_config = ConfigDict(extra="forbid")


PreferencesPatch = create_model(
    "PreferencesPatch", __base__=_Strict,
    __doc__='Modes: "immediately", "daily" (one digest email a day) or "off".',
    **{group: (StrictStr | None, Field(None, description=label))
       for group, label in Group.choices},
    weekly_digest=(StrictBool | None, None),
)

PreferencesIO = create_model(
    "PreferencesIO", __base__=Schema,
    __doc__='Email mode per type: "immediately", "daily" or "off"; and the weekly summary.',
    **{group: (str, Field(EmailMode.IMMEDIATELY.value, description=label))
       for group, label in Group.choices},
    weekly_digest=(bool, True),
)


@router.get("/preferences", response={200: PreferencesIO, **ERRORS},
            summary="How each type of notification is emailed")
def get_preferences(request):
    return services.email_settings_of(request.user)


@router.patch("/preferences", response={200: PreferencesIO, **ERRORS},
              summary="Change how types of notifications are emailed")
def set_preferences(request, payload: PreferencesPatch):
    changes = payload.model_dump(exclude_unset=True)
    weekly = changes.pop("weekly_digest", None)
    null = [{"field": group, "message": "Use immediately, daily or off."}
            for group, mode in changes.items() if mode is None]
    if null:
        raise ValidationFailed(null[0]["message"], field=null[0]["field"], errors=null)
    return services.email_preferences_set(actor=request.user, modes=changes,
                                          weekly_digest=weekly)
