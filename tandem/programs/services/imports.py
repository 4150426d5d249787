"""CSV imports of participants.

The parsing and row rules live in csv_import.py; here: start, decide, discard."""

from __future__ import annotations

import unicodedata

from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import User
from tandem.core.audit import audit_log
from tandem.core.errors import Conflict
from tandem.programs.models import ImportJob, ImportStatus, Program


def import_start(*, actor: User, program: Program, filename: str, data: bytes) -> ImportJob:
    """Store an uploaded CSV file and check it in the background. The header is checked
    at once (a file without the required columns is refused); rows are checked by the
    task, which imports the file when every row is valid."""
    from tandem.programs import csv_import

    text, total = csv_import.read_file(data)
    filename = "".join(c for c in (filename or "")[:200] if not unicodedata.category(c)
                       .startswith("C"))
    with transaction.atomic():
        job = ImportJob.objects.create(program=program, created_by=actor, filename=filename,
                                       content=text, total_rows=total)
        audit_log(actor=actor, action="programs.import.started", target=job,
                  data={"rows": total})
        transaction.on_commit(lambda: _enqueue_import(job.pk))
    return job


def _enqueue_import(job_id: int) -> None:
    from tandem.programs.tasks import process_import

    process_import.enqueue(job_id)


def import_valid_rows(*, actor: User, job: ImportJob) -> ImportJob:
    """The coordinator's choice, after a check found errors: import the valid rows."""
    with transaction.atomic():
        changed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.INVALID).update(
            status=ImportStatus.QUEUED, import_valid=True, updated_at=timezone.now())
        if not changed:
            raise Conflict("Only a checked file with errors waits for this choice.")
        job.status, job.import_valid = ImportStatus.QUEUED, True
        audit_log(actor=actor, action="programs.import.valid_rows_chosen", target=job)
        transaction.on_commit(lambda: _enqueue_import(job.pk))
    return job


def import_discard(*, actor: User, job: ImportJob) -> ImportJob:
    with transaction.atomic():
        changed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.INVALID).update(
            status=ImportStatus.DISCARDED, content="", updated_at=timezone.now())
        if not changed:
            raise Conflict("Only a checked file with errors can be discarded.")
        job.status = ImportStatus.DISCARDED
        audit_log(actor=actor, action="programs.import.discarded", target=job)
    return job
