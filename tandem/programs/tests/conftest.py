from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone


def program_data(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "name": "Spring cohort", "description": "Twelve weeks of mentoring.",
        "applications_open": today - timedelta(days=7),
        "applications_close": today + timedelta(days=7),
        "matching_date": today + timedelta(days=8),
        "starts_on": today + timedelta(days=10), "ends_on": today + timedelta(days=100),
        "mentee_questions": ["What do you want to learn?"],
        "mentor_questions": [],
        "agreement_objectives": ["Meet every two weeks"],
    }
    data.update(overrides)
    return data


@pytest.fixture
def program(personas):
    from tandem.programs.services import program_create

    return program_create(actor=personas.coordinator, **program_data())


@pytest.fixture
def cohort(personas, program):
    """Mia and Noah as mentees, Marta and Omar as mentors (one place each)."""
    from tandem.programs.services import participant_apply

    for user in (personas.mentee, personas.mentee2):
        participant_apply(actor=user, program=program, role="mentee",
                          answers=["Leadership"])
    for user in (personas.mentor, personas.mentor2):
        participant_apply(actor=user, program=program, role="mentor", capacity=1)
    return program


@pytest.fixture
def ready_run(personas, cohort, django_capture_on_commit_callbacks):
    from tandem.programs.services import run_start

    with django_capture_on_commit_callbacks(execute=True):
        run = run_start(actor=personas.coordinator, program=cohort)
    run.refresh_from_db()
    return run
