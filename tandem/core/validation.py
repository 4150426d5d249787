"""Checks every service applies to raw input before its own rules."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from tandem.core.errors import FieldErrors, ValidationFailed

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


# --- Text that cannot be stored, numbers no column can hold ------------------------------
# Every JSON body, query and path value of the API (tandem.api) and every form field
# (tandem.core.forms) passes these checks before any service sees it.

SURROGATE_MESSAGE = ("Contains a lone surrogate (such as \\ud800): half of a UTF-16 pair, "
                     "which is not a character and cannot be stored.")
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
# An id is a database primary key: a positive 64-bit integer. These are the one definition
# of an id's range: the API's checks, every service's and every access_* (through
# ``tandem.core.permissions.parse_id``) use them.
ID_MIN = 1
ID_MAX = INT64_MAX


def is_id(value) -> bool:
    """True when ``value`` is already an int (not a bool) that a primary key can hold: the
    check a service applies to an id a form or schema has typed."""
    return isinstance(value, int) and not isinstance(value, bool) and ID_MIN <= value <= ID_MAX


def has_surrogate(text: str) -> bool:
    """True when ``text`` holds a lone surrogate (U+D800 to U+DFFF), which JSON's ``\\ud800``
    escape (and some form encodings) can produce but UTF-8 cannot encode: saving it would
    fail in the database driver with a UnicodeEncodeError."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def is_id_name(name: str | None) -> bool:
    """A field that holds ids, by Tandem's naming: ``id``, ``<thing>_id``, ``<things>_ids``."""
    if not name:
        return False
    return name == "id" or name.endswith("_id") or name.endswith("_ids")


def integer_bounds(name: str | None) -> tuple[int, int]:
    """The range an integer named ``name`` must lie in: a 64-bit column, and at least 1
    for an id."""
    return (ID_MIN if is_id_name(name) else INT64_MIN), INT64_MAX


def integer_message(name: str | None) -> str:
    low, high = integer_bounds(name)
    if low == ID_MIN:
        return f"Must be an id: a whole number from {low} to {high}."
    return f"Must be a whole number from {low} to {high}."


def unstorable_input(value, path: tuple = ()) -> list[dict]:
    """Every place in ``value`` (text, numbers, lists, maps, pydantic models, nested) that
    no database could store: a lone surrogate in text (or in a map's key), an integer
    outside its range (see ``integer_bounds``). Each error names its field as a dotted
    path (``goal_ids.0``, ``items.2.title``) with a message."""
    errors: list[dict] = []
    _walk(value, path, errors)
    return errors


class _Key:
    """A map's key in a path: it names the place, but it is data, not a field name, so a
    number under it keeps the range of the map's own name."""

    def __init__(self, key):
        self.key = key

    def __str__(self):
        return str(self.key)


def _name(path: tuple) -> str | None:
    names = [part for part in path if isinstance(part, str)]
    return names[-1] if names else None


def _field(path: tuple) -> str | None:
    return ".".join(str(part) for part in path) or None


def _walk(value, path: tuple, errors: list) -> None:
    if isinstance(value, str):
        if has_surrogate(value):
            errors.append({"field": _field(path), "message": SURROGATE_MESSAGE})
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        low, high = integer_bounds(_name(path))
        if not low <= value <= high:
            errors.append({"field": _field(path), "message": integer_message(_name(path))})
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and has_surrogate(key):
                errors.append({"field": _field(path), "message": SURROGATE_MESSAGE})
            else:
                _walk(item, (*path, _Key(key)), errors)
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            _walk(item, (*path, index), errors)
    elif hasattr(type(value), "model_fields"):  # a pydantic model (a ninja Schema)
        for name, info in type(value).model_fields.items():
            _walk(getattr(value, name, None), (*path, info.alias or name), errors)


class UnstorableText(str):
    """Text that arrived with a lone surrogate, kept with U+FFFD in its place: safe to show
    again on a page, and still known to be refused (``tandem.core.forms``)."""

    __slots__ = ()

    @classmethod
    def of(cls, text: str) -> UnstorableText:
        return cls("".join("\ufffd" if "\ud800" <= char <= "\udfff" else char
                           for char in text))


# --- Text fields: one check for every service, every bad field named ----------------------

TEXT_MESSAGE = "Must be text."
EMPTY_MESSAGE = "This cannot be empty."
TOO_LONG_MESSAGE = "At most {limit} characters."
# The variant that also says how long the text is; ``{limit:,}`` and ``{length:,}`` work too.
TOO_LONG_COUNTED = "At most {limit} characters (this has {length})."
SINGLE_LINE_MESSAGE = "Use a single line without control characters."


@dataclass(frozen=True)
class Text:
    """One text field to check: ``value`` as it arrived and the rules it must meet.
    ``empty`` and ``too_long`` (a format string with ``{limit}`` and ``{length}``) let a
    service keep its own wording; ``nul`` refuses a NUL character with ``NUL_MESSAGE``;
    ``single_line`` refuses control characters (tabs, line breaks)."""

    value: object
    limit: int
    required: bool = True
    empty: str = EMPTY_MESSAGE
    too_long: str = TOO_LONG_MESSAGE
    nul: bool = False
    single_line: bool = False


def text_problem(rule: Text) -> tuple[str, str | None]:
    """``(clean value, None)`` for good text, ``(value, message)`` for bad: ``None`` is
    empty text, anything else not a string is refused (its value ``""``), and text is
    stripped before the empty and length checks."""
    value = "" if rule.value is None else rule.value
    if not isinstance(value, str):
        return "", TEXT_MESSAGE
    if rule.nul and "\x00" in value:
        return "", NUL_MESSAGE
    value = value.strip()
    if rule.required and not value:
        return value, rule.empty
    if len(value) > rule.limit:
        return value, rule.too_long.format(limit=rule.limit, length=len(value))
    if rule.single_line and any(unicodedata.category(c) == "Cc" for c in value):
        return value, SINGLE_LINE_MESSAGE
    return value, None


def check_texts(fields: dict[str, Text], *, errors: FieldErrors | None = None
                ) -> dict[str, str]:
    """Check every field in ``fields`` (name -> ``Text``) and return the clean values by
    name. Each bad field is one error ``{"field", "message"}``: added to ``errors`` when a
    service is collecting its own (it raises them later with ``raise_if_any``), otherwise
    raised at once as one ``ValidationFailed`` that lists every bad field, not the first."""
    collector = FieldErrors() if errors is None else errors
    clean: dict[str, str] = {}
    for field, rule in fields.items():
        clean[field], message = text_problem(rule)
        if message is not None:
            collector.add(field, message)
    if errors is None:
        collector.raise_if_any()
    return clean


def check_text(value, *, field: str, limit: int, required: bool = True,
               empty: str = EMPTY_MESSAGE, too_long: str = TOO_LONG_MESSAGE,
               nul: bool = False, single_line: bool = False,
               errors: FieldErrors | None = None) -> str:
    """One field's form of ``check_texts``: the clean value, or a ``ValidationFailed``
    naming ``field`` (or an error added to ``errors``)."""
    rule = Text(value, limit, required=required, empty=empty, too_long=too_long, nul=nul,
                single_line=single_line)
    return check_texts({field: rule}, errors=errors)[field]


def check_choice(errors: FieldErrors, field: str, value, choices) -> str:
    """``value`` when it is one of ``choices`` (a Django ``TextChoices``); otherwise ""
    and an error on ``field`` that lists the allowed values."""
    if value not in choices.values:
        errors.add(field, f"Use one of {', '.join(choices.values)}.")
        return ""
    return value
