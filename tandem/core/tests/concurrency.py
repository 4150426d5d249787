"""Running functions in parallel threads, each on its own database connection, for the
tests that race real transactions (PostgreSQL only: SQLite serialises every writer at
BEGIN IMMEDIATE, and its in-memory test database has no busy wait)."""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connection, connections


def require_postgres() -> None:
    """These tests are marked ``postgres``: the SQLite pass of ``make test`` leaves them
    out and the PostgreSQL pass runs them. Run by hand on SQLite they skip; under CI a
    missing PostgreSQL is a failure, never a silent skip."""
    if connection.vendor != "postgresql":
        message = "races real transactions, which needs PostgreSQL (DATABASE_URL)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def run_concurrently(functions, *, refused: tuple[type[BaseException], ...],
                     start_together: bool = True) -> list[str]:
    """Run each function in its own thread; return, in order, "done", "refused" (it
    raised one of ``refused``) or the repr of any other exception (a bug to show)."""
    barrier = threading.Barrier(len(functions)) if start_together else None
    outcomes = [""] * len(functions)

    def run(index, fn):
        try:
            if barrier is not None:
                barrier.wait(timeout=10)
            fn()
            outcomes[index] = "done"
        except refused:
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
