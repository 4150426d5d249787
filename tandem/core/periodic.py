"""The periodic jobs and the task that runs them. ``tandem scheduler`` (started by
``tandem serve``) enqueues ``run_periodic_jobs`` every TANDEM_SCHEDULER_INTERVAL seconds;
a worker runs it.

Each app registers its jobs from its ``AppConfig.ready()`` with
``tandem.core.registry.register_job``; this module names none of them. Each job is
idempotent and claims its rows with conditional updates, so two schedulers or an overlap
do no harm. Each runs on its own: it is timed, its name and duration are logged, and a job
that fails is logged with its traceback without stopping the ones after it."""

from __future__ import annotations

import logging
import time

from django_tasks import task

from tandem.core import registry

logger = logging.getLogger(__name__)


def periodic_jobs() -> dict:
    """{name: function} of every registered job, in the order a round runs them."""
    return {job.name: job.function for job in registry.jobs()}


def run_all() -> dict:
    """Run every job once, in order. Returns {name: its result, or "failed"}."""
    results = {}
    for name, job in periodic_jobs().items():
        started = time.monotonic()
        try:
            results[name] = job()
        except Exception:  # one failing job must not stop the others
            logger.exception("periodic job %s failed after %.3f s", name,
                             time.monotonic() - started)
            results[name] = "failed"
        else:
            logger.info("periodic job %s: %s in %.3f s", name, results[name],
                        time.monotonic() - started)
    return results


@task()
def run_periodic_jobs() -> dict:
    return run_all()
