"""Checks every service applies to raw input before its own rules."""

from __future__ import annotations

from tandem.core.errors import ValidationFailed

NUL_MESSAGE = "Contains a NUL character (\\x00), which text cannot hold."


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


def reject_nul_characters(values: dict) -> None:
    """PostgreSQL refuses NUL characters in text (SQLite would store them silently), so
    they are refused up front, by field name, on every database alike."""
    errors = [{"field": field, "message": NUL_MESSAGE}
              for field, value in values.items() if _has_nul(value)]
    if errors:
        raise ValidationFailed(errors[0]["message"], field=errors[0]["field"], errors=errors)
