"""No staff page, API response or CSV export of health shows anything anyone wrote: notes,
goals, feedback, reports, requests' messages, meeting notes, agendas or reflections."""

from datetime import time, timedelta

from django.utils import timezone

from tandem.feedback import services as feedback
from tandem.growth.services import goal_comment_add
from tandem.health.tests.test_pages import _age
from tandem.journal.services import note_create
from tandem.meetings import services as meetings
from tandem.mentorships.models import Agreement
from tandem.mentorships.services import (
    reflection_submit,
    relationship_complete,
    request_accept,
    request_create,
)
from tests.authz.health import MATRIX

MARK = "ZQXMARKER"


def _written_everywhere(personas):
    """Content with MARK in every kind of writing: (active rel, closed rel2, quiet rel3)."""
    from tandem.growth.services import goal_create

    goal = goal_create(actor=personas.mentee, title=f"{MARK} goal title", why=f"{MARK} why",
                       visibility="mentors")
    req = request_create(actor=personas.mentee, mentor=personas.mentor,
                         message=f"{MARK} request message", goal_ids=[goal.pk])
    rel = request_accept(actor=personas.mentor, request=req)
    from tandem.mentorships.services import agreement_confirm

    agreement_confirm(actor=rel.mentee, relationship=rel, version=1)
    agreement_confirm(actor=rel.mentor, relationship=rel, version=1)
    today = timezone.localdate()
    Agreement.objects.filter(relationship=rel).update(
        start_date=today - timedelta(weeks=4), end_date=today + timedelta(weeks=20))
    meeting = meetings.meeting_schedule(actor=rel.mentee, relationship=rel,
                                        day=today - timedelta(days=2), at=time(9, 0),
                                        tz="UTC", held=True)
    meetings.meeting_notes_update(actor=rel.mentee, meeting=meeting, notes=f"{MARK} notes")
    meetings.agenda_add(actor=rel.mentee, meeting=meeting, text=f"{MARK} agenda")
    note_create(actor=rel.mentor, relationship=rel, body=f"{MARK} private note")
    note_create(actor=rel.mentee, relationship=rel, body=f"{MARK} shared note",
                visibility="shared")
    goal_comment_add(actor=rel.mentor, relationship=rel, goal=goal, text=f"{MARK} comment")
    feedback.feedback_give(actor=rel.mentor, relationship=rel, kind="positive",
                           body=f"{MARK} feedback body")
    feedback.feedback_request_create(actor=rel.mentee, relationship=rel,
                                     topic=f"{MARK} topic", details=f"{MARK} details")
    feedback.report_submit(actor=rel.mentee, relationship=rel, due_date=today,
                           went_well=f"{MARK} went well", obstacles=f"{MARK} obstacles",
                           satisfaction=2, cadence_fit="right")
    feedback.mentor_feedback_give(actor=rel.mentee, relationship=rel,
                                  what_helped=f"{MARK} helped")
    # A second mentorship, closed with reflections, and a quiet one at risk.
    req2 = request_create(actor=personas.mentee2, mentor=personas.mentor2,
                          message=f"{MARK} second message")
    rel2 = request_accept(actor=personas.mentor2, request=req2)
    relationship_complete(actor=rel2.mentee, relationship=rel2)
    reflection_submit(actor=rel2.mentee, relationship=rel2, achieved=f"{MARK} achieved",
                      rating=4, would_recommend=True, private_remark=f"{MARK} remark")
    req3 = request_create(actor=personas.mentee2, mentor=personas.mentor,
                          message=f"{MARK} third message")
    rel3 = request_accept(actor=personas.mentor, request=req3)
    _age(rel3, 80)
    return rel, rel2, rel3


def test_it_shows_no_content_to_staff(personas, client_for, api_client):
    rel, _rel2, rel3 = _written_everywhere(personas)
    staff, api = client_for(personas.staff), api_client(personas.staff)
    bodies = []
    for key in MATRIX:
        if "program" in key:  # a program's, below
            continue
        if " " in key:  # an API operation
            method, path = key.split(" ", 1)
            path = path.replace("{relationship_id}", str(rel.pk))
            if method == "GET":
                bodies.append((key, api.get(path)))
        else:
            from django.urls import reverse

            if key == "health:export":
                for table in ("participants", "relationships", "health", "requests",
                              "meetings", "reports", "goals", "feedback", "satisfaction",
                              "trends", "at-risk"):
                    bodies.append((table, staff.get(reverse(key, args=[table]))))
            elif key in ("health:nudge", "health:relationship"):
                bodies.append((key, staff.get(reverse(key, args=[rel.pk]))))
                bodies.append((key, staff.get(reverse(key, args=[rel3.pk]))))
            else:
                bodies.append((key, staff.get(reverse(key))))
    bodies.append(("home", staff.get("/")))
    seen = 0
    for key, response in bodies:
        text = response.content.decode()
        assert MARK not in text, key
        seen += response.status_code == 200
    assert seen >= 14
    # The figures did count them.
    dashboard = api.get("/api/health/dashboard").json()
    tables = {t["key"]: t["rows"] for t in dashboard["tables"]}
    assert ["Positive feedback from mentors", 1] in tables["feedback"]
    at_risk = api.get("/api/health/at-risk").json()
    assert {r["relationship_id"] for r in at_risk} >= {rel.pk, rel3.pk}


TABLES = ("participants", "relationships", "health", "requests", "meetings", "reports",
          "goals", "feedback", "satisfaction", "trends", "at-risk")


def test_it_shows_no_content_to_a_programs_coordinator(personas, client_for, api_client):
    from django.urls import reverse

    from tandem.mentorships.models import Relationship
    from tandem.programs import services as programs

    rel, rel2, rel3 = _written_everywhere(personas)
    today = timezone.localdate()
    program = programs.program_create(
        actor=personas.coordinator, name="Cohort", applications_open=today,
        applications_close=today + timedelta(days=3), starts_on=today + timedelta(days=5),
        ends_on=today + timedelta(days=100))
    Relationship.objects.filter(pk__in=[rel.pk, rel2.pk, rel3.pk]).update(program=program)
    coordinator, api = client_for(personas.coordinator), api_client(personas.coordinator)
    bodies = []
    for key in MATRIX:
        if "program" not in key:
            continue
        if " " in key:
            method, path = key.split(" ", 1)
            if method == "GET":
                bodies.append((key, api.get(path.replace("{program_id}", str(program.pk)))))
        elif key == "health:program_export":
            for table in TABLES:
                bodies.append((table, coordinator.get(reverse(key, args=[program.pk, table]))))
        elif key == "health:program_nudge":
            for r in (rel, rel3):
                bodies.append((key, coordinator.get(reverse(key, args=[program.pk, r.pk]))))
        else:
            bodies.append((key, coordinator.get(reverse(key, args=[program.pk]))))
    bodies.append(("program home", coordinator.get(reverse("programs:detail",
                                                           args=[program.pk]))))
    seen = 0
    for key, response in bodies:
        assert MARK not in response.content.decode(), key
        seen += response.status_code == 200
    assert seen == len(bodies)
    # The figures did count them, and the quiet mentorship is on the list.
    dashboard = api.get(f"/api/health/programs/{program.pk}/dashboard").json()
    tables = {t["key"]: t["rows"] for t in dashboard["tables"]}
    assert ["Positive feedback from mentors", 1] in tables["feedback"]
    at_risk = api.get(f"/api/health/programs/{program.pk}/at-risk").json()
    assert {r["relationship_id"] for r in at_risk} >= {rel.pk, rel3.pk}
    # Another coordinator's program answers 404 to Cora.
    assert api_client(personas.coordinator).get(
        f"/api/health/programs/{program.pk + 1000}/dashboard").status_code == 404
