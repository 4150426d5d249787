"""The page header's figures of the signed-in person, cached per person.

Every signed-in page shows a few figures in its header (the unread notifications and
messages, whether "Programs" is shown). The apps register them as SQL expressions over
the person's user row (``tandem.core.registry.register_header_figure``); the first page
after a change computes all of them in ONE query on the user table, and the pages after
it read them from Django's cache (Redis, or the file cache every app process on the
machine shares; locmem in tests): no query at all.

Invalidation: each person has a version token in the cache. A write that may change a
figure calls :func:`header_changed` with the people concerned, which gives each a new
random token at once and again once the transaction commits; an entry is used only while
it carries the current token. A page that read the old token while the write was being committed may
still store what it counted under that old token, but no later page uses it: no stale
figure survives a committed write (a plain delete-on-commit would let such a late store
bring the old count back). Entries and tokens also expire after ``TTL`` seconds, a bound
for a change no service announces (a program deleted in the admin).
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.cache.backends.filebased import FileBasedCache
from django.db import transaction
from django.db.models import F, Func, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from tandem.core import registry

TTL = 600
_VERSION = "header:v:{}"
_ENTRY = "header:{}"


def _keys(user_id: int) -> tuple[str, str]:
    return _VERSION.format(user_id), _ENTRY.format(user_id)


def person_figures(user_id: int) -> dict[str, Any]:
    """{name: value} of every registered header figure of the person: from the cache, or
    computed in one query (and then cached) when the cache has nothing current."""
    version_key, entry_key = _keys(user_id)
    found = cache.get_many([version_key, entry_key])
    token, entry = found.get(version_key), found.get(entry_key)
    if token is not None and entry is not None and entry[0] == token:
        return entry[1]
    if token is None:
        # The token is read (or made) BEFORE counting: a write that commits meanwhile
        # replaces it, so what is counted here can never pass for newer than it is.
        token = secrets.token_hex(8)
        if not cache.add(version_key, token, TTL):
            token = cache.get(version_key)
    figures = _compute(user_id)
    if token is not None:
        cache.set(entry_key, (token, figures), TTL)
    return figures


def _compute(user_id: int) -> dict[str, Any]:
    figures = registry.header_figures()
    if not figures:
        return {}
    annotations = {f"header_{name}": expression() for name, expression in figures}
    row = (get_user_model()._default_manager.filter(pk=user_id).annotate(**annotations)
           .values(*annotations).first()) or {}
    return {name: row.get(f"header_{name}") for name, _expression in figures}


def header_figures(request) -> dict[str, Any]:
    """The signed-in person's header figures, once per request (the context processors of
    several apps each read one); {} for anonymous people."""
    figures = getattr(request, "_tandem_header_figures", None)
    if figures is None:
        user = getattr(request, "user", None)
        figures = (person_figures(user.pk) if user is not None and user.is_authenticated
                   else {})
        request._tandem_header_figures = figures
    return figures


def header_changed(*user_ids: int | None) -> None:
    """The header figures of these people may have changed: their cached figures are no
    longer used, from now and again once the current transaction commits.

    The new token after the commit is the one that matters (a page counting in between
    saw the old data); the one set at once serves the rest of this transaction's own
    connection, which sees its writes (and a test, whose transaction never commits)."""
    ids = {pk for pk in user_ids if pk is not None}
    if not ids:
        return
    _renew(ids)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _renew(ids))


def _renew(ids: set[int]) -> None:
    cache.set_many({_keys(pk)[0]: secrets.token_hex(8) for pk in ids}, TTL)


def count_subquery(queryset: QuerySet) -> Coalesce:
    """``COUNT(*)`` of ``queryset`` as an expression (0 when nothing matches), for a
    header figure: ``queryset`` filters on ``OuterRef("pk")``, the person's id."""
    counted = queryset.order_by().annotate(
        header_count=Func(F("pk"), function="COUNT")).values("header_count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


class FileCache(FileBasedCache):
    """Django's file cache (the cache without Redis, shared by the machine's processes),
    counting its files at most once every ``CULL_INTERVAL`` seconds per process instead
    of on every write. The count (to drop a third of the files past ``MAX_ENTRIES``)
    lists the whole folder: 0.7 ms at 300 files, 18 ms at 10,000, and every session save
    and header figure stored paid it. Between two counts the folder may exceed
    ``MAX_ENTRIES`` by what was written meanwhile."""

    CULL_INTERVAL = 30.0

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._next_cull = 0.0

    def _cull(self):
        now = time.monotonic()
        if now < self._next_cull:
            return
        self._next_cull = now + self.CULL_INTERVAL
        super()._cull()  # type: ignore[misc]  # the stubs leave out the private helper
