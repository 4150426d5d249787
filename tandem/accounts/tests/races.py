"""Racing real transactions against a limit check (PostgreSQL only: SQLite serialises
every writer at BEGIN IMMEDIATE, and its in-memory test database has no busy wait)."""

from __future__ import annotations

import threading

from tandem.core.errors import ValidationFailed
from tandem.core.tests.concurrency import require_postgres, run_concurrently


def race_past_a_check(monkeypatch, manager, functions) -> list[str]:
    """Run ``functions`` in parallel threads, each holding at ``manager.create`` (after
    its limit check) until all have arrived or a second has passed. Without a lock, every
    thread counts the same rows and all insert; with one, the others wait at the lock
    and count again. PostgreSQL only: SQLite serialises writers at BEGIN IMMEDIATE."""
    require_postgres()
    barrier = threading.Barrier(len(functions))
    create = manager.create

    def create_when_all_arrive(*args, **kwargs):
        try:
            barrier.wait(timeout=1)
        except threading.BrokenBarrierError:
            pass  # the others are waiting for our lock: go on alone
        return create(*args, **kwargs)

    monkeypatch.setattr(manager, "create", create_when_all_arrive)
    return run_concurrently(functions, refused=(ValidationFailed,), start_together=False)
