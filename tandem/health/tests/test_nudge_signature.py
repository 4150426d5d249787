"""A nudge from a program is signed by the program and the coordinator who sent it; one from
staff about a community mentorship comes from the Tandem team."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tandem.health.models import Nudge
from tandem.mentorships.models import Relationship
from tandem.notifications.models import Notification


@pytest.fixture
def program_rel(personas, mentorship):
    from tandem.programs import services as programs

    today = timezone.localdate()
    program = programs.program_create(
        actor=personas.coordinator, name="Spring Mentoring", applications_open=today,
        applications_close=today + timedelta(days=3), starts_on=today + timedelta(days=5),
        ends_on=today + timedelta(days=100))
    Relationship.objects.filter(pk=mentorship.pk).update(program=program)
    return program, Relationship.objects.get(pk=mentorship.pk)


def _notes(rel):
    return [Notification.objects.get(recipient=p, kind="health.nudge")
            for p in (rel.mentee, rel.mentor)]


def test_it_signs_a_program_nudge_with_the_program_and_its_coordinator(
        program_rel, personas, client_for, django_capture_on_commit_callbacks):
    program, rel = program_rel
    name = personas.coordinator.display_name
    with django_capture_on_commit_callbacks(execute=True):
        client_for(personas.coordinator).post(
            reverse("health:program_nudge", args=[program.pk, rel.pk]),
            {"message": "Shall we talk this week?"})
    for note in _notes(rel):
        assert note.title == "A nudge about your mentorship from the Spring Mentoring program"
        assert note.body == (f"Shall we talk this week?\n\n— {name}, for the Spring Mentoring "
                             "program")
        assert "Tandem team" not in note.title + note.body
    assert Nudge.objects.get().sent_by == personas.coordinator
    sent = [m for m in mail.outbox if "nudge" in m.subject.lower()]
    assert len(sent) == 2
    for message in sent:
        assert f"— {name}, for the Spring Mentoring program" in message.body
        assert "Tandem team" not in message.body


def test_it_signs_the_standard_text_too_over_the_api(program_rel, personas, api_client):
    program, rel = program_rel
    response = api_client(personas.coordinator).post(
        f"/api/health/programs/{program.pk}/mentorships/{rel.pk}/nudge", {"message": ""})
    assert response.status_code == 201
    for note in _notes(rel):
        assert note.body.startswith("A friendly nudge: how is your mentorship going?")
        assert note.body.endswith(f"— {personas.coordinator.display_name}, for the Spring "
                                  "Mentoring program")
        assert "Tandem team" not in note.body


def test_it_keeps_the_tandem_team_for_a_community_nudge(mentorship, personas, client_for):
    client_for(personas.staff).post(reverse("health:nudge", args=[mentorship.pk]), {})
    for note in _notes(mentorship):
        assert note.title == "A nudge about your mentorship from the Tandem team"
        assert note.body.startswith("A friendly nudge from the Tandem team")
