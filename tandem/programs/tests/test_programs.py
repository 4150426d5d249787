from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import enable_totp
from tandem.core.errors import Forbidden, ValidationFailed
from tandem.programs import services
from tandem.programs.models import Program
from tandem.programs.tests.conftest import program_data


def test_it_creates_a_program_with_its_creator_as_coordinator(personas):
    program = services.program_create(actor=personas.coordinator, **program_data())
    assert list(program.coordinators.all()) == [personas.coordinator]
    assert program.weight("skills") == 4
    assert str(program) == f"Program #{program.pk}"


def test_it_refuses_people_who_are_not_coordinators(personas):
    with pytest.raises(Forbidden):
        services.program_create(actor=personas.mentee, **program_data())


def test_it_names_every_bad_field_at_once(personas):
    today = timezone.localdate()
    with pytest.raises(ValidationFailed) as exc:
        services.program_create(actor=personas.coordinator, **program_data(
            name="", applications_close=today - timedelta(days=30),
            weights={"skills": 11, "luck": 1}, join_rule="domain", email_domain=""))
    fields = {e["field"] for e in exc.value.errors}
    assert {"name", "weights.skills", "weights.luck"} <= fields
    with pytest.raises(ValidationFailed) as exc:
        services.program_create(actor=personas.coordinator, **program_data(
            applications_close=today - timedelta(days=30), join_rule="domain",
            ends_on=today))
    fields = {e["field"] for e in exc.value.errors}
    assert {"applications_close", "email_domain", "ends_on"} <= fields
    assert not Program.objects.exists()


@pytest.mark.parametrize("field,value", [
    ("name", "x" * 121), ("name", "a\x00b"), ("description", "\x00"),
    ("applications_open", timezone.localdate() + timedelta(days=99999)),
    ("max_timezone_gap", 10**20), ("min_score", float("nan")), ("default_capacity", True),
    ("mentee_questions", ["q"] * 11), ("mentee_questions", "not a list"),
])
def test_it_refuses_odd_input(personas, field, value):
    with pytest.raises(ValidationFailed) as exc:
        services.program_create(actor=personas.coordinator, **program_data(**{field: value}))
    assert exc.value.errors[0]["field"].split(".")[0] == field


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture],
          deadline=None)
@given(name=st.text(max_size=200))
def test_it_never_fails_on_any_name(personas, client_for, name):
    c = client_for(personas.coordinator)
    today = timezone.localdate()
    response = c.post("/programs/new/", {
        "name": name, "applications_open": today, "applications_close": today,
        "starts_on": today + timedelta(days=1), "ends_on": today + timedelta(days=30),
        "join_rule": "open", "min_overlap_hours": 0, "default_capacity": 2,
        "request_expiry_days": 14, "report_every_weeks": 4,
        **{f"weight_{t}": 1 for t in ("skills", "goals", "language", "timezone",
                                      "availability", "industry", "seniority",
                                      "preference")}})
    assert response.status_code in (302, 400)


def test_it_shows_coordinators_their_own_programs_only(personas, client_for, program):
    from tandem.accounts.tests.factories import make_user

    other = make_user(email="carl@example.com", name="Carl Coordinator")
    other.is_coordinator = True
    other.save(update_fields=["is_coordinator"])
    enable_totp(other)  # coordinators must use two-factor authentication
    assert client_for(other).get(f"/programs/{program.pk}/participants/").status_code == 404
    assert client_for(other).get(f"/programs/{program.pk}/edit/").status_code == 404
    page = client_for(personas.coordinator).get("/programs/")
    assert b"Spring cohort" in page.content
    assert b"Spring cohort" not in client_for(other).get("/programs/").content.split(
        b"Open for applications")[0]
    assert client_for(personas.staff).get(f"/programs/{program.pk}/edit/").status_code == 200


def test_it_edits_a_program_through_the_page(personas, client_for, program):
    c = client_for(personas.coordinator)
    page = c.get(f"/programs/{program.pk}/edit/")
    form = page.context["form"].initial
    data = {k: ("\n".join(v) if isinstance(v, list) else ("" if v is None else v))
            for k, v in form.items()}
    data = {k: v for k, v in data.items() if v is not False}
    data["name"] = "Spring cohort 2"
    data["weight_skills"] = 9
    response = c.post(f"/programs/{program.pk}/edit/", data)
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.name == "Spring cohort 2" and program.weight("skills") == 9
    data["weight_skills"] = 12
    assert c.post(f"/programs/{program.pk}/edit/", data).status_code == 400


def test_it_adds_a_coordinator_who_then_sees_the_program(personas, client_for, program):
    from tandem.accounts.tests.factories import make_user

    other = make_user(email="carl@example.com", name="Carl Coordinator")
    other.is_coordinator = True
    other.save(update_fields=["is_coordinator"])
    enable_totp(other)  # coordinators must use two-factor authentication
    with pytest.raises(ValidationFailed):
        services.coordinator_add(actor=personas.coordinator, program=program,
                                 email=personas.mentee.email)
    services.coordinator_add(actor=personas.coordinator, program=program, email=other.email)
    assert client_for(other).get(f"/programs/{program.pk}/edit/").status_code == 200
    assert other.notifications.filter(kind="program.coordinator_added").exists()


def test_it_creates_and_reads_programs_through_the_api(personas, api_client, program):
    api = api_client(personas.coordinator)
    response = api.post("/api/programs", {**{k: str(v) for k, v in program_data().items()
                                              if k not in ("mentee_questions",
                                                           "mentor_questions",
                                                           "agreement_objectives")},
                                           "weights": {"skills": 7}, "approval_required": True})
    assert response.status_code == 201, response.json()
    assert response.json()["weights"]["skills"] == 7
    detail = api.get(f"/api/programs/{program.pk}").json()
    assert detail["figures"]["mentees"] == 0
    bad = api.patch(f"/api/programs/{program.pk}", {"weights": {"skills": "high"}})
    assert bad.status_code == 422
    bad = api.patch(f"/api/programs/{program.pk}", {"surprise": 1})
    assert bad.status_code == 422
    assert api.get("/api/programs/99999999999999999999").status_code in (404, 422)
    # An open program: others read its public part only.
    public = api_client(personas.mentor).get(f"/api/programs/{program.pk}").json()
    assert public["access"] == "public" and "figures" not in public
    assert len(api.get("/api/programs").json()) == 2


def test_it_lists_programs_in_constant_queries(personas, client_for, query_budget):
    c = client_for(personas.coordinator)

    def make(n):
        for i in range(n):
            services.program_create(actor=personas.coordinator, **program_data(name=f"P{i}"))

    query_budget(make=make, call=lambda: c.get("/programs/"))
