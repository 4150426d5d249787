"""The demo's running program has a history its dashboard can show: meetings held,
progress reports with their satisfaction; the demo coordinator's home page carries no
mentee checklist."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.accounts.models import User
from tandem.health.tests.test_program_figures import _Tables, expected_tables
from tandem.programs.models import Program


@pytest.fixture
def demo(demo_data):
    return User.objects.get(email="coordinator@demo.tandem.test")


def test_the_demo_programs_dashboard_has_meetings_reports_and_satisfaction(demo,
                                                                          client_for):
    program = Program.objects.get(name="New managers 2025")
    parser = _Tables()
    parser.feed(client_for(demo).get(
        reverse("health:program_dashboard", args=[program.pk])).content.decode())
    tables = {key: {row[0]: row[1:] for row in rows[1:]}
              for key, rows in parser.tables.items()}
    assert int(tables["meetings"]["Held"][0]) >= 4
    assert int(tables["reports"]["Reports written in all"][0]) >= 4
    answers, average = tables["satisfaction"]["Progress reports (satisfaction)"][:2]
    assert int(answers) >= 4 and average != "—"
    assert int(tables["participants"]["Mentees in an active or paused mentorship"][0]) >= 1
    # And each figure is what the models say.
    expected = expected_tables(program)
    for key in ("participants", "meetings", "reports", "satisfaction", "requests"):
        assert parser.tables[key][1:] == expected[key], key


def test_the_demo_coordinator_is_not_shown_the_mentee_checklist(demo, client_for):
    page = client_for(demo).get("/").content.decode()
    assert "Carla Coordinator" in page
    assert "Find a mentor and ask them" not in page and "Getting started" not in page
