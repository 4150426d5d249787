"""The admin's pages for meetings, program applications, invitations, imports and matching
runs: each list and change page answers 200 for staff, shows the metadata, and shows none
of the private content (notes, places, reasons, answers, file rows, per-person reasons).
Each is read-only: the services that change them tell people and write the audit log."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone

SECRET = "Zq7-private-"


@pytest.fixture
def world(personas):
    from tandem.meetings import services as meetings
    from tandem.meetings.models import Meeting
    from tandem.mentorships.services import request_accept, request_create
    from tandem.programs import services as programs
    from tandem.programs.models import ImportJob, Invitation, MatchingRun, Participant

    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hi")
    rel = request_accept(actor=personas.mentor, request=req)
    meeting = meetings.meeting_schedule(
        actor=rel.mentor, relationship=rel, day=timezone.localdate() + timedelta(days=3),
        at=time(10, 0), tz="UTC", place=f"https://meet.example/{SECRET}place")
    meetings.meeting_notes_update(actor=rel.mentee, meeting=meeting, notes=f"{SECRET}notes")
    meetings.agenda_add(actor=rel.mentee, meeting=meeting, text=f"{SECRET}agenda")
    Meeting.objects.filter(pk=meeting.pk).update(cancel_reason=f"{SECRET}reason")

    today = timezone.localdate()
    program = programs.program_create(
        actor=personas.coordinator, name="Spring cohort", applications_open=today,
        applications_close=today + timedelta(days=3), starts_on=today + timedelta(days=5),
        ends_on=today + timedelta(days=100))
    participant = Participant.objects.create(
        program=program, user=personas.mentee2, role="mentee", team=f"{SECRET}team",
        answers=[{"question": "Why?", "answer": f"{SECRET}answer"}])
    invitation = Invitation.objects.create(program=program, email="ivy@example.com",
                                           role="mentor", capacity=2,
                                           invited_by=personas.coordinator)
    job = ImportJob.objects.create(program=program, created_by=personas.coordinator,
                                   filename="people.csv", content=f"email\n{SECRET}row",
                                   status="invalid", total_rows=3, processed_rows=3,
                                   valid_rows=2, errors=[{"row": 2, "field": "email",
                                                          "reason": f"{SECRET}bad row"}])
    run = MatchingRun.objects.create(program=program, number=1, started_by=personas.coordinator,
                                     status="ready", mentees=4, mentors=2, total_score=7.5,
                                     unmatched={str(personas.mentee2.pk): f"{SECRET}why"})
    return {"meetings/meeting": (meeting, "Scheduled"),
            "programs/participant": (participant, "noah@example.com"),
            "programs/invitation": (invitation, "ivy@example.com"),
            "programs/importjob": (job, "people.csv"),
            "programs/matchingrun": (run, "7.5")}


@pytest.mark.parametrize("model", ["meetings/meeting", "programs/participant",
                                   "programs/invitation", "programs/importjob",
                                   "programs/matchingrun"])
def test_it_shows_metadata_and_no_private_content(model, world, personas, client_for):
    obj, shown = world[model]
    client = client_for(personas.staff)
    for url in (f"/admin/{model}/", f"/admin/{model}/{obj.pk}/change/"):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert shown in page, url
        assert SECRET not in page, url
    assert client.get(f"/admin/{model}/add/").status_code == 403
    assert client.post(f"/admin/{model}/{obj.pk}/delete/", {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_it_keeps_the_admin_pages_from_everyone_else(world, personas, client_for):
    obj, _ = world["programs/participant"]
    for person in (personas.coordinator, personas.mentee):
        response = client_for(person).get(f"/admin/programs/participant/{obj.pk}/change/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
