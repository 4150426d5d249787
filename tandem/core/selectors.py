"""Reads of the audit log, for staff's search page and API."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import QuerySet

from tandem.core.errors import FieldErrors
from tandem.core.models import AuditEntry

PAGE_SIZE = 50
FILTERS = ("actor", "action", "target_type", "target_id", "since", "until", "ip")


@dataclass(frozen=True)
class AuditFilters:
    """What staff search the log by; every field optional. ``actor`` is part of an email
    address, ``action`` a prefix (``accounts.login``), ``since``/``until`` whole days in
    UTC (both included)."""

    actor: str = ""
    action: str = ""
    target_type: str = ""
    target_id: str = ""
    since: date | None = None
    until: date | None = None
    ip: str = ""

    def check(self) -> AuditFilters:
        errors = FieldErrors()
        for name, limit in (("actor", 254), ("action", 100), ("target_type", 100),
                            ("target_id", 64), ("ip", 45)):
            value = getattr(self, name)
            if not isinstance(value, str) or len(value) > limit or "\x00" in value:
                errors.add(name, f"At most {limit} characters of text.")
        if self.ip and not errors.has("ip"):
            try:
                ipaddress.ip_address(self.ip.strip())
            except ValueError:
                errors.add("ip", "Give an IPv4 or IPv6 address.")
        if self.since and self.until and self.since > self.until:
            errors.add("until", "The end date is before the start date.")
        errors.raise_if_any()
        return self


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def audit_search(filters: AuditFilters) -> QuerySet[AuditEntry]:
    """Matching entries, newest first (one query per page: no joins needed, the actor's
    email is kept on the entry)."""
    entries = AuditEntry.objects.all()
    if filters.actor.strip():
        entries = entries.filter(actor_label__icontains=filters.actor.strip())
    if filters.action.strip():
        entries = entries.filter(action__startswith=filters.action.strip())
    if filters.target_type.strip():
        entries = entries.filter(target_type__iexact=filters.target_type.strip())
    if filters.target_id.strip():
        entries = entries.filter(target_id=filters.target_id.strip())
    if filters.since:
        entries = entries.filter(at__gte=_day_start(filters.since))
    if filters.until and filters.until < date.max:
        entries = entries.filter(at__lt=_day_start(filters.until + timedelta(days=1)))
    if filters.ip.strip():
        entries = entries.filter(ip_address=str(ipaddress.ip_address(filters.ip.strip())))
    return entries.order_by("-at", "-id")
