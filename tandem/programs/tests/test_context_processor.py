"""The header's "Programs" entry (issue 18, item 1): shown to coordinators, staff and the
people who take part in a program, hidden from everyone else; the flag costs no query for
anonymous people, coordinators and staff, and at most one for anyone else however many
programs there are (none once cached, see tandem.core.cache)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from tandem.programs.context_processors import programs
from tandem.programs.models import Participant, ParticipantStatus
from tandem.programs.services import participant_apply, program_create
from tandem.programs.tests.conftest import program_data

pytestmark = pytest.mark.django_db


def role_of(user) -> bool:
    request = RequestFactory().get("/")
    request.user = user
    return bool(programs(request)["program_role"])


def test_it_costs_nothing_for_anonymous_people_coordinators_and_staff(
        personas, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert role_of(AnonymousUser()) is False
        assert role_of(personas.coordinator) is True
        assert role_of(personas.staff) is True


def test_it_hides_programs_from_a_mentee_who_takes_part_in_none(
        personas, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert role_of(personas.mentee) is False


def test_it_shows_programs_to_participants_and_named_coordinators_in_one_query(
        personas, django_assert_num_queries):
    many = [program_create(actor=personas.coordinator, **program_data(name=f"Cohort {n}"))
            for n in range(3)]
    for program in many:
        participant_apply(actor=personas.mentee, program=program, role="mentee",
                          answers=["Leadership"])
    many[0].coordinators.add(personas.mentor)  # coordinates without the account flag
    with django_assert_num_queries(1):
        assert role_of(personas.mentee) is True
    with django_assert_num_queries(1):
        assert role_of(personas.mentor) is True
    with django_assert_num_queries(1):
        assert role_of(personas.mentee2) is False


def test_it_forgets_a_program_the_person_withdrew_from(personas):
    program = program_create(actor=personas.coordinator, **program_data())
    participant_apply(actor=personas.mentee, program=program, role="mentee",
                      answers=["Leadership"])
    Participant.objects.filter(user=personas.mentee).update(status=ParticipantStatus.WITHDRAWN)
    assert role_of(personas.mentee) is False


def test_it_puts_programs_in_the_header_only_for_the_role(personas, client_for):
    program = program_create(actor=personas.coordinator, **program_data())
    participant_apply(actor=personas.mentee2, program=program, role="mentee",
                      answers=["Leadership"])
    link = 'href="/programs/" >Programs<'
    mentee = client_for(personas.mentee).get("/goals/").content.decode()
    assert link not in mentee and ">Join a program<" in mentee  # under Community
    assert link in client_for(personas.mentee2).get("/goals/").content.decode()
    assert link in client_for(personas.coordinator).get("/goals/").content.decode()
    safety = 'href="/safety/'
    assert safety not in client_for(personas.mentee).get("/goals/").content.decode()
    assert safety in client_for(personas.coordinator).get("/goals/").content.decode()
    assert safety in client_for(personas.staff).get("/goals/").content.decode()


def test_a_program_dashboard_marks_programs_only(personas, program, client_for):
    """health serves a program's dashboard under /programs/: only Programs is current for a
    staff member, not also the Staff group's Community health."""
    from tandem.core.tests.test_navigation_section import current_entries

    page = client_for(personas.staff).get(f"/programs/{program.pk}/dashboard/")
    assert page.status_code == 200
    body = page.content.decode()
    assert current_entries(body) == ["Programs"]
    assert 'nav-group-button is-current" data-testid="nav-group-staff"' not in body


def test_it_costs_no_query_once_cached_until_the_person_joins(
        personas, django_assert_num_queries):
    assert role_of(personas.mentee) is False  # counted and cached
    with django_assert_num_queries(0):
        assert role_of(personas.mentee) is False
    program = program_create(actor=personas.coordinator, **program_data())
    participant_apply(actor=personas.mentee, program=program, role="mentee",
                      answers=["Leadership"])
    with django_assert_num_queries(1):
        assert role_of(personas.mentee) is True
