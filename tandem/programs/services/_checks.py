"""Field checks shared by the program and re-match services: each adds its faults to
an ``Errors`` collection and returns the clean value (or None)."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

from django.utils import timezone

from tandem.core.errors import FieldErrors as Errors
from tandem.core.validation import TOO_LONG_COUNTED, check_text


def _control(value: str) -> bool:
    return any(unicodedata.category(c) == "Cc" for c in value)


def _text(errors: Errors, data: dict, field: str, limit: int, *, required: bool,
          single_line: bool = True) -> str | None:
    value = data.get(field, "")
    clean = check_text(value, field=field, limit=limit, required=required,
                       too_long=TOO_LONG_COUNTED, single_line=single_line, errors=errors)
    return clean if value is None or isinstance(value, str) else None


def _int(errors: Errors, data: dict, field: str, low: int, high: int, *,
         nullable: bool = False):
    value = data.get(field)
    if value is None and nullable:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        errors.add(field, f"A whole number from {low} to {high}.")
        return None
    return value


def _bool(errors: Errors, data: dict, field: str):
    value = data.get(field)
    if not isinstance(value, bool):
        errors.add(field, "Must be true or false.")
        return None
    return value


def _date(errors: Errors, data: dict, field: str, *, nullable: bool = False):
    value = data.get(field)
    if value is None and nullable:
        return None
    if not isinstance(value, date):
        errors.add(field, "Give a date.")
        return None
    today = timezone.localdate()
    if not today - timedelta(days=3650) <= value <= today + timedelta(days=3650):
        errors.add(field, "Give a date within ten years of today.")
        return None
    return value


def _lines(errors: Errors, data: dict, field: str, *, limit: int, most: int) -> list[str] | None:
    value = data.get(field) or []
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        errors.add(field, "Give a list of texts.")
        return None
    lines = [v.strip() for v in value if v.strip()]
    if len(lines) > most:
        errors.add(field, f"At most {most} entries.")
    for index, line in enumerate(lines):
        if len(line) > limit:
            errors.add(field, f"Entry {index + 1} is longer than {limit} characters.")
        elif _control(line):
            errors.add(field, f"Entry {index + 1}: use a single line.")
    return lines
