"""The header of a matching run says what its pairs say now: after publishing, after a
pair is removed, added or swapped; runs are numbered per program; a published run shows
the coordinator the deadline for answering its matches."""

from __future__ import annotations

import importlib
import re
from datetime import timedelta

from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from tandem.programs import services
from tandem.programs.models import MatchingRun, MatchPair
from tandem.programs.tests.conftest import program_data


def _header(client, program) -> str:
    page = client.get(reverse("programs:matching", args=[program.pk])).content.decode()
    found = re.search(r'data-testid="run-summary">(.*?)</p>', page, re.S)
    assert found, page
    return " ".join(found.group(1).split())


def _total(run) -> str:
    live = MatchPair.objects.filter(run=run).exclude(status="removed")
    return f"total score {sum(p.score for p in live):.2f}"


def test_it_counts_the_published_matches_in_the_header(personas, ready_run, client_for):
    client = client_for(personas.coordinator)
    assert _header(client, ready_run.program).startswith("2 proposed pairs from 2 mentees")
    services.run_publish(actor=personas.coordinator, run=ready_run)
    header = _header(client, ready_run.program)
    assert header.startswith("2 matches published from 2 mentees and 2 mentors"), header
    assert "2 started" in header and _total(ready_run) in header
    assert "0 proposed" not in header


def test_it_recounts_the_total_score_after_remove_add_and_swap(personas, ready_run,
                                                               client_for):
    client = client_for(personas.coordinator)
    assert _total(ready_run) in _header(client, ready_run.program)
    first, second = ready_run.pairs.order_by("id")
    services.pair_swap(actor=personas.coordinator, first=first, second=second)
    header = _header(client, ready_run.program)
    assert _total(ready_run) in header and "2 proposed pairs" in header
    first.refresh_from_db()
    services.pair_remove(actor=personas.coordinator, pair=first)
    header = _header(client, ready_run.program)
    assert header.startswith("1 proposed pair ") and _total(ready_run) in header
    pair = services.pair_add(actor=personas.coordinator, run=ready_run,
                             mentee_id=first.mentee_id, mentor_id=first.mentor_id)
    assert pair.score > 0
    header = _header(client, ready_run.program)
    assert header.startswith("2 proposed pairs") and _total(ready_run) in header
    api = client.get(f"/api/matching-runs/{ready_run.pk}").json()
    assert api["total_score"] == round(sum(
        p.score for p in ready_run.pairs.exclude(status="removed")), 4)
    assert api["number"] == 1


def test_it_numbers_runs_per_program(personas, ready_run, client_for,
                                     django_capture_on_commit_callbacks):
    other = services.program_create(actor=personas.coordinator,
                                    **program_data(name="Second cohort"))
    services.participant_apply(actor=personas.outsider, program=other, role="mentee",
                               answers=["Anything"])
    with django_capture_on_commit_callbacks(execute=True):
        first_of_other = services.run_start(actor=personas.coordinator, program=other)
        rerun = services.run_rerun(actor=personas.coordinator, run=ready_run)
    assert (first_of_other.number, ready_run.number, rerun.number) == (1, 1, 2)
    page = client_for(personas.coordinator).get(reverse("programs:matching", args=[other.pk]))
    assert b"Run #1:" in page.content


def test_the_migration_numbers_existing_runs_per_program(personas, program):
    other = services.program_create(actor=personas.coordinator, **program_data(name="B"))
    runs = [MatchingRun.objects.create(program=p) for p in (program, other, program, other,
                                                            program)]
    # As they were before: numbered across programs.
    for index, run in enumerate(runs, start=1):
        MatchingRun.objects.filter(pk=run.pk).update(number=100 + index)
    migration = importlib.import_module("tandem.programs.migrations.0004_run_number")
    migration.number_runs(apps, None)
    numbers = [MatchingRun.objects.get(pk=r.pk).number for r in runs]
    assert numbers == [1, 1, 2, 2, 3]


def test_the_coordinator_sees_the_deadline_of_a_published_run(personas, ready_run,
                                                              client_for):
    program = ready_run.program
    program.approval_required = True
    program.save()
    services.run_publish(actor=personas.coordinator, run=ready_run)
    deadline = ready_run.pairs.get(mentee=personas.mentee).expires_at
    assert deadline > timezone.now() + timedelta(days=program.request_expiry_days - 1)
    page = client_for(personas.coordinator).get(
        reverse("programs:matching", args=[program.pk])).content.decode()
    local = timezone.localtime(deadline)
    assert "Both people answer each match by" in page
    assert f"{local.day} {local:%B %Y, %H:%M}" in page
    assert "2 waiting for both to accept" in _header(client_for(personas.coordinator), program)
