"""Small helpers for the apps' ``export_data`` hooks: rows as JSON-ready dicts."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal


def plain(value):
    """``value`` as JSON-ready data: dates and times in ISO 8601, containers recursed."""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [plain(v) for v in value]
    return value


def rows(queryset, *fields) -> list[dict]:
    """The rows of ``queryset`` with ``fields`` (``values()`` names), JSON-ready."""
    return [plain(row) for row in queryset.values(*fields)]
