"""The API's one error body and the status maps every router declares with it.

Every 4xx answer under /api/ is an ``ErrorOut`` (tandem/api.py builds it from domain
errors, 404s, 403s and validation failures). A router declares the statuses an operation
can answer with by spreading one of the maps below into its ``response=``:

    @router.get("/things/{thing_id}", response={200: ThingOut, **ERRORS})

A router whose operations answer with one status more composes it from these pieces
(``{**ERRORS, 429: ErrorOut}``) rather than spelling out a map of its own. The maps list
their statuses in ascending order, the order the OpenAPI description shows them in.
"""

from __future__ import annotations

from ninja import Schema


class ErrorItem(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[ErrorItem]


def error_map(*statuses: int) -> dict[int, type[ErrorOut]]:
    """``{status: ErrorOut}`` for each status, in ascending order."""
    return {status: ErrorOut for status in sorted(set(statuses))}


# Any operation: not signed in (401), the object does not exist or is not the caller's to
# see (404), input it refuses (422, naming the field).
READ_ERRORS = error_map(401, 404, 422)
# ... and the caller may see it but not do this (403): not their role, a frozen account,
# a session write without its CSRF token.
ACCESS_ERRORS = error_map(*READ_ERRORS, 403)
# ... and the object's state does not allow it (409): the standard map.
ERRORS = error_map(*ACCESS_ERRORS, 409)
