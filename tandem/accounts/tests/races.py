"""Racing real transactions against a limit check (PostgreSQL only: SQLite serialises
every writer at BEGIN IMMEDIATE, and its in-memory test database has no busy wait)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from tandem.core.errors import ValidationFailed


def race_past_a_check(monkeypatch, manager, functions) -> list[str]:
    """Run ``functions`` in parallel threads, each holding at ``manager.create`` (after
    its limit check) until all have arrived or a second has passed. Without a lock, every
    thread counts the same rows and all insert; with one, the others wait at the lock
    and count again. PostgreSQL only: SQLite serialises writers at BEGIN IMMEDIATE."""
    if connection.vendor != "postgresql":
        pytest.skip("races real transactions; runs in the PostgreSQL pass of make test")
    barrier = threading.Barrier(len(functions))
    create = manager.create

    def create_when_all_arrive(*args, **kwargs):
        try:
            barrier.wait(timeout=1)
        except threading.BrokenBarrierError:
            pass  # the others are waiting for our lock: go on alone
        return create(*args, **kwargs)

    monkeypatch.setattr(manager, "create", create_when_all_arrive)
    outcomes = [""] * len(functions)

    def run(index, fn):
        try:
            fn()
            outcomes[index] = "done"
        except ValidationFailed:
            outcomes[index] = "refused"
        except Exception as exc:  # anything else is a bug the test must show
            outcomes[index] = repr(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes

