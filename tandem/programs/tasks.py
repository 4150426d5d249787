"""Background work of programs: checking and importing a CSV file, and matching runs.
Tasks take ids and reload their rows; a task run twice does nothing the second time
(each claims its row with a conditional UPDATE first)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from tandem.programs.models import ImportJob, ImportStatus


@task()
def process_import(job_id: int) -> str:
    """Check a queued file; import it when every row is valid, or its valid rows when the
    coordinator chose that. A file with errors waits for the coordinator's choice."""
    from tandem.programs import csv_import

    if not ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
            status=ImportStatus.CHECKING, processed_rows=0, updated_at=timezone.now()):
        return "claimed elsewhere"
    job = ImportJob.objects.select_related("program", "created_by").get(pk=job_id)
    try:
        valid = csv_import.check(job)
        if job.errors and not job.import_valid:
            ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.INVALID,
                                                       updated_at=timezone.now())
            return "invalid"
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.IMPORTING,
                                                   processed_rows=0)
        csv_import.import_rows(job, valid)
    except Exception:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED,
                                                   updated_at=timezone.now())
        raise
    return "done"


@task()
def execute_run(run_id: int) -> str:
    from tandem.programs.services import run_execute

    return run_execute(run_id=run_id).status
