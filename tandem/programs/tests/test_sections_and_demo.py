from __future__ import annotations

from tandem.mentorships.models import Relationship
from tandem.programs import services
from tandem.programs.sections import dashboard_section, relationship_section


def test_it_adds_a_program_card_to_program_mentorships_only(personas, ready_run, client_for):
    services.run_publish(actor=personas.coordinator, run=ready_run)
    rel = Relationship.objects.get(program=ready_run.program, mentee=personas.mentee)
    section = relationship_section(viewer=personas.mentee, relationship=rel)
    assert section["program"] == ready_run.program and not section["asked"]
    other = Relationship.objects.create(mentee=personas.outsider, mentor=personas.mentor2,
                                        started_at=rel.started_at)
    assert relationship_section(viewer=personas.outsider, relationship=other) is None
    page = client_for(personas.mentee).get(f"/mentorships/{rel.pk}/")
    assert b"This mentorship is part of" in page.content


def test_it_shows_invitations_and_programs_on_the_dashboard(personas, program, client_for):
    services.invitation_create(actor=personas.coordinator, program=program,
                               email=personas.outsider.email, role="mentee")
    section = dashboard_section(viewer=personas.outsider)
    assert [i.program for i in section["invitations"]] == [program]
    # The coordinator's programs are on the program status card (health's), not here.
    assert dashboard_section(viewer=personas.coordinator) is None
    assert dashboard_section(viewer=personas.mentee2) is None
    assert b"You are invited to" in client_for(personas.outsider).get("/").content


def test_it_fills_the_demo_with_two_programs(personas, db):
    from tandem.accounts.tests.factories import make_mentee, make_mentor, make_user
    from tandem.programs.demo import demo_records
    from tandem.programs.models import Program

    carla = make_user(email="coordinator@demo.tandem.test", name="Carla Coordinator")
    carla.is_coordinator = True
    carla.save(update_fields=["is_coordinator"])
    for i in range(6):
        make_mentee(email=f"demo-mentee{i}@example.com", name=f"Mentee {i}")
        make_mentor(email=f"demo-mentor{i}@example.com", name=f"Mentor {i}")
    counts = demo_records(mentee=personas.mentee, mentor=personas.mentor, relationship=None)
    assert counts["programs"] == 2 and counts["program participants"] >= 12
    assert counts["program mentorships"] >= 1
    finished = Program.objects.get(name="New managers 2025")
    assert finished.runs.get().status == "published"
    assert Program.objects.get(name="Women in Tech: autumn cohort").runs.count() == 0
