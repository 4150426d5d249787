"""The scheduler that keeps expiry, reminders and automatic resume running. (It lives in
tandem/core; the jobs it queues are mostly the mentorship lifecycle's.)"""

from unittest import mock

from tandem.core.management.commands import scheduler


def test_it_keeps_scheduling_after_a_failed_iteration(caplog):
    naps: list[float] = []
    # The task object is a frozen dataclass, so the scheduler's reference to it is replaced.
    with mock.patch.object(scheduler, "run_periodic_jobs") as jobs:
        jobs.enqueue.side_effect = [RuntimeError("database is locked"), None]
        scheduler.loop(iterations=2, sleep=naps.append, interval=30)
    assert jobs.enqueue.call_count == 2
    assert naps == [30, 30]
    assert "database is locked" in caplog.text
