"""Getting started lists only the steps of the roles a person has: a coordinator who is
not a mentee is not told to find a mentor; one who also mentors gets the mentor's steps."""

from __future__ import annotations

import pytest

from conftest import enable_totp
from tandem.accounts.tests.factories import make_user
from tandem.mentorships.tests.test_onboarding import BIO, steps_on

pytestmark = pytest.mark.django_db


def _coordinator(**profile):
    user = make_user(email="carla@example.com", name="Carla", **profile)
    user.is_coordinator = True
    user.save(update_fields=["is_coordinator"])
    return enable_totp(user)  # coordinators must use two-factor authentication


def test_a_coordinator_is_not_asked_to_find_a_mentor(client_for):
    coordinator = _coordinator()
    response = client_for(coordinator).get("/")
    assert response.status_code == 200
    assert "Find a mentor and ask them" not in response.content.decode()
    assert steps_on(client_for(coordinator).get("/")) == {"profile": False}


def test_a_coordinator_with_a_profile_sees_no_checklist(client_for):
    coordinator = _coordinator(headline="Runs the mentoring programs", bio=BIO)
    assert "Getting started" not in client_for(coordinator).get("/").content.decode()


def test_a_coordinator_who_mentors_gets_the_mentors_steps(client_for):
    coordinator = _coordinator(is_mentor=True, headline="Programs lead", bio=BIO)
    assert steps_on(client_for(coordinator).get("/")) == {"profile": True, "capacity": False}


def test_staff_are_not_asked_to_find_a_mentor(client_for):
    staff = make_user(email="sam@example.com", name="Sam")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    enable_totp(staff)
    assert "find" not in steps_on(client_for(staff).get("/"))
