"""Things that must happen once, however many schedulers run the job at the same moment.

Two ways, both safe on SQLite and PostgreSQL alike, and under concurrency:

- ``once``: record the event as a row whose unique constraint says what "once" means (a
  reminder per key and person, a health event per mentorship and key). The insert that
  loses the race fails, and the caller does nothing.
- ``claim``: mark a row as handled with a conditional UPDATE (``WHERE reminder_sent_at
  IS NULL``); only one worker's UPDATE changes it.

The caller runs the side effect (a notification, an audit entry) after a True, inside
the same ``transaction.atomic()`` block as the record or claim, so a failure there rolls
the record back and the event can happen on the next run::

    with transaction.atomic():
        if not once(ReminderSent, key=key, user=person):
            return False
        notify(recipient=person, ...)
"""

from __future__ import annotations

from django.db import IntegrityError, models, transaction


def once(model: type[models.Model], /, **fields) -> bool:
    """Insert the ``model`` row (``fields``) that records an event; False when its unique
    constraint says the event was recorded already, by an earlier run or a concurrent
    one. The insert runs in its own savepoint, so a refused one leaves the caller's
    transaction usable (PostgreSQL would abort it otherwise)."""
    try:
        with transaction.atomic():
            model._default_manager.create(**fields)
    except IntegrityError:
        return False
    return True


def claim(queryset: models.QuerySet, /, **changes) -> bool:
    """Apply ``changes`` to the rows of ``queryset`` in one conditional UPDATE; True when
    it changed a row. The filter says what "not yet handled" means, so of two workers
    that read the same row, only the first UPDATE matches it and wins."""
    return queryset.update(**changes) > 0
