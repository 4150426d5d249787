"""What every app's permissions share: reading an id the way every ``access_*`` function
does (``parse_id``), and who may read the audit log.

The audit log is read by staff only; to everyone else its pages do not exist (404).
Nobody changes it through the app: there is no write route, and the admin is read-only."""

from __future__ import annotations

from tandem.core.errors import NotFound
from tandem.core.validation import ID_MAX, ID_MIN


def parse_id(value) -> int:
    """The primary key ``value`` names, read as ``int()`` reads it (an int, or digits with
    optional sign and surrounding whitespace); ``NotFound`` (404) when it is none, or
    lies outside an id's range (``tandem.core.validation.ID_MIN``..``ID_MAX``). An id
    that cannot exist is reported like one that does not: ``access_*`` reveals nothing,
    and no lookup overflows the database driver."""
    try:
        pk = int(value)
    except (TypeError, ValueError, OverflowError):  # None, "abc", inf, too many digits
        raise NotFound from None
    if not ID_MIN <= pk <= ID_MAX:
        raise NotFound
    return pk


def is_auditor(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


def access_audit_log(user) -> None:
    if not is_auditor(user):
        raise NotFound
