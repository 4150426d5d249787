"""The audit log is read by staff only; to everyone else its pages do not exist (404).
Nobody changes it through the app: there is no write route, and the admin is read-only."""

from __future__ import annotations

from tandem.core.errors import NotFound


def is_auditor(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


def access_audit_log(user) -> None:
    if not is_auditor(user):
        raise NotFound
