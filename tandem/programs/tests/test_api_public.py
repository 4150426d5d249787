"""An applicant reads a program's public part through the API (name, dates, description
and questions), so they know the answers ``POST .../application`` expects; nothing else,
and 404 for a program they may not see."""

from __future__ import annotations

from tandem.programs import services
from tandem.programs.tests.conftest import program_data

PUBLIC = {"id", "access", "name", "description", "applications_open", "applications_close",
          "matching_date", "starts_on", "ends_on", "mentee_questions", "mentor_questions"}


def test_an_applicant_reads_the_questions_and_applies_with_them(personas, api_client,
                                                                program):
    api = api_client(personas.outsider)
    listed = api.get("/api/programs").json()
    assert [p["id"] for p in listed] == [program.pk]
    assert set(listed[0]) == PUBLIC and listed[0]["access"] == "public"
    detail = api.get(f"/api/programs/{program.pk}")
    assert detail.status_code == 200
    body = detail.json()
    assert set(body) == PUBLIC  # no figures, weights, rules or participants
    assert body["name"] == "Spring cohort"
    assert body["mentee_questions"] == ["What do you want to learn?"]
    assert body["starts_on"] == program.starts_on.isoformat()
    answers = ["Public speaking" for _ in body["mentee_questions"]]
    response = api.post(f"/api/programs/{program.pk}/application",
                        {"role": "mentee", "answers": answers})
    assert response.status_code == 201, response.json()
    # Once in, they still read the public part, and only that.
    assert set(api.get(f"/api/programs/{program.pk}").json()) == PUBLIC


def test_an_invited_person_reads_an_invitation_only_program(personas, api_client):
    program = services.program_create(actor=personas.coordinator,
                                      **program_data(name="Closed", join_rule="invite"))
    assert api_client(personas.outsider).get(f"/api/programs/{program.pk}").status_code == 404
    services.invitation_create(actor=personas.coordinator, program=program,
                               email=personas.outsider.email, role="mentee")
    api = api_client(personas.outsider)
    body = api.get(f"/api/programs/{program.pk}").json()
    assert set(body) == PUBLIC and body["name"] == "Closed"
    assert program.pk in [p["id"] for p in api.get("/api/programs").json()]
    # Someone else, not invited, still gets 404, and does not find it in the list.
    other = api_client(personas.mentor)
    assert other.get(f"/api/programs/{program.pk}").status_code == 404
    assert program.pk not in [p["id"] for p in other.get("/api/programs").json()]


def test_the_coordinator_still_reads_everything(personas, api_client, program):
    api = api_client(personas.coordinator)
    body = api.get(f"/api/programs/{program.pk}").json()
    assert body["access"] == "coordinator" and "figures" in body and "weights" in body
    [listed] = api.get("/api/programs").json()
    assert listed["access"] == "coordinator" and "weights" in listed
