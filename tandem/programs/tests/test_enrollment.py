from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.programs import services
from tandem.programs.models import Participant


def test_it_lets_a_mentee_apply_with_answers(personas, client_for, program):
    c = client_for(personas.mentee)
    page = c.get(f"/programs/{program.pk}/")
    assert b"Apply as a mentee" in page.content
    bad = c.post(f"/programs/{program.pk}/apply/?role=mentee", {"role": "mentee"})
    assert bad.status_code == 400 and b"Please answer this question" in bad.content
    ok = c.post(f"/programs/{program.pk}/apply/", {"role": "mentee", "answer_0": "Speaking"})
    assert ok.status_code == 302
    part = Participant.objects.get(program=program, user=personas.mentee)
    assert part.answers == [{"question": "What do you want to learn?", "answer": "Speaking"}]
    assert personas.coordinator.notifications.filter(kind="program.application").exists()
    assert c.get(f"/programs/{program.pk}/application/").status_code == 200
    with pytest.raises(Conflict):
        services.participant_apply(actor=personas.mentee, program=program, role="mentee",
                                   answers=["Again"])


def test_it_lets_a_mentor_set_a_capacity_that_raises_their_profile(personas, program):
    part = services.participant_apply(actor=personas.mentor, program=program, role="mentor",
                                      capacity=5)
    personas.mentor.profile.refresh_from_db()
    assert part.capacity == 5 and personas.mentor.profile.mentor_capacity >= 5
    with pytest.raises(ValidationFailed) as exc:
        services.participant_update(actor=personas.mentor, participant=part, capacity=99)
    assert exc.value.field == "capacity"


def test_it_keeps_closed_invite_only_and_domain_programs_closed(personas, program):
    today = timezone.localdate()
    program.applications_close = today - timedelta(days=1)
    program.applications_open = today - timedelta(days=5)
    program.save()
    with pytest.raises(Conflict):
        services.participant_apply(actor=personas.mentee, program=program, role="mentee",
                                   answers=["x"])
    program.applications_close = today
    program.join_rule, program.email_domain = "domain", "acme.test"
    program.save()
    with pytest.raises(Conflict):
        services.participant_apply(actor=personas.mentee, program=program, role="mentee",
                                   answers=["x"])


def test_it_hides_domain_programs_from_other_domains(personas, client_for, program):
    program.join_rule, program.email_domain = "domain", "acme.test"
    program.save()
    assert client_for(personas.mentee).get(f"/programs/{program.pk}/").status_code == 404


def test_it_invites_by_email_and_the_invitee_accepts(personas, client_for, program):
    program.join_rule = "invite"
    program.save()
    c = client_for(personas.coordinator)
    response = c.post(f"/programs/{program.pk}/invitations/",
                      {"email": "  OSCAR@example.com ", "role": "mentor", "capacity": 3})
    assert response.status_code == 302
    invitation = program.invitations.get()
    assert invitation.email == "oscar@example.com"
    assert personas.outsider.notifications.filter(kind="program.invited").exists()
    assert c.post(f"/programs/{program.pk}/invitations/",
                  {"email": "oscar@example.com", "role": "mentor"}).status_code == 400
    assert c.post(f"/programs/{program.pk}/invitations/",
                  {"email": "not an email", "role": "mentor"}).status_code == 400
    # Someone else cannot accept it, and does not even see the program.
    other = client_for(personas.mentee)
    assert other.post(f"/programs/invitations/{invitation.pk}/accept/").status_code == 404
    assert other.get(f"/programs/{program.pk}/").status_code == 404
    oscar = client_for(personas.outsider)
    assert b"You are invited" in oscar.get(f"/programs/{program.pk}/").content
    assert oscar.post(f"/programs/invitations/{invitation.pk}/accept/").status_code == 302
    part = Participant.objects.get(program=program, user=personas.outsider)
    assert (part.role, part.capacity, part.source) == ("mentor", 3, "invited")
    with pytest.raises(Conflict):
        services.invitation_accept(actor=personas.outsider, invitation=invitation)
    with pytest.raises(Forbidden):
        services.invitation_decline(actor=personas.mentee, invitation=invitation)


def test_it_applies_and_withdraws_through_the_api(personas, api_client, program):
    api = api_client(personas.mentee2)
    bad = api.post(f"/api/programs/{program.pk}/application", {"role": "boss"})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} >= {"role"}
    ok = api.post(f"/api/programs/{program.pk}/application",
                  {"role": "mentee", "answers": ["Rust"]})
    assert ok.status_code == 201 and ok.json()["answers"][0]["answer"] == "Rust"
    assert api.get(f"/api/programs/{program.pk}/application").json()["status"] == "active"
    assert api.post(f"/api/programs/{program.pk}/application/withdraw").status_code == 200
    assert api.post(f"/api/programs/{program.pk}/application/withdraw").status_code == 409
    again = api.post(f"/api/programs/{program.pk}/application",
                     {"role": "mentee", "answers": ["Rust again"]})
    assert again.status_code == 201
    coordinator = api_client(personas.coordinator)
    rows = coordinator.get(f"/api/programs/{program.pk}/participants?role=mentee").json()
    assert [r["email"] for r in rows] == [personas.mentee2.email]


def test_it_lists_participants_in_constant_queries(personas, client_for, program,
                                                   query_budget):
    from tandem.accounts.tests.factories import make_mentee

    c = client_for(personas.coordinator)

    def make(n):
        for _ in range(n):
            services.participant_apply(actor=make_mentee(), program=program, role="mentee",
                                       answers=["x"])

    query_budget(make=make, call=lambda: c.get(f"/programs/{program.pk}/participants/"))
