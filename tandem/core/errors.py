"""Domain errors raised by services and mapped once to pages (a form message) and to the
API (a 4xx JSON body with a field and a reason)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404


class DomainError(Exception):
    """A rule of the product was broken by the request. ``field`` names the input at fault."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None, errors=None):
        super().__init__(message)
        self.message = message
        self.field = field
        # A list of {"field": ..., "message": ...} for several faults at once.
        self.errors = errors or ([{"field": field, "message": message}] if field else [])


class ValidationFailed(DomainError):
    status = 422


class Conflict(DomainError):
    """The object is not in a state that allows this (e.g. a withdrawn request)."""

    status = 409


class NotFound(Http404):
    """The object does not exist or the user may not see it: both answer 404.
    A subclass of Http404, so a page that lets it escape answers 404 by itself.
    When the request ends in a 404 because of it, the denial goes to the audit log
    (tandem.core.middleware.AuditDenialsMiddleware)."""

    def __init__(self, *args):
        super().__init__(*args)
        from tandem.core.audit import note_denial

        note_denial("not_found")


class Forbidden(PermissionDenied):
    """The user may see the object but not change it (403); audited like NotFound."""

    def __init__(self, *args):
        super().__init__(*args)
        from tandem.core.audit import note_denial

        note_denial("forbidden")


def errors_from_django(exc) -> list[dict]:
    """Turn a django ValidationError (with or without a field dict) into our error list."""
    if hasattr(exc, "error_dict"):
        return [
            {"field": field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": None, "message": message} for message in exc.messages]


class FieldErrors:
    """Collects field errors while a service checks its input, so one answer names every
    fault at once: ``errors.add("title", "Give it a title.")`` for each, then
    ``errors.raise_if_any()`` raises one ``ValidationFailed`` listing them all."""

    def __init__(self):
        self.items: list[dict] = []

    def add(self, field: str, message: str) -> None:
        self.items.append({"field": field, "message": message})

    def has(self, field: str) -> bool:
        return any(item["field"] == field for item in self.items)

    def text(self, value, field: str, limit: int, *, required: bool, empty: str = "") -> str:
        """``value`` stripped, or an error: not text, empty when ``required``, longer
        than ``limit`` (``tandem.core.validation.check_text``, the one text check)."""
        # Imported here: tandem.core.validation imports this module for ValidationFailed.
        from tandem.core.validation import EMPTY_MESSAGE, check_text

        return check_text(value, field=field, limit=limit, required=required,
                          empty=empty or EMPTY_MESSAGE, errors=self)

    def raise_if_any(self) -> None:
        if self.items:
            first = self.items[0]
            message = first["message"] if len(self.items) == 1 else "Please correct the errors."
            raise ValidationFailed(message, field=first["field"], errors=self.items)
