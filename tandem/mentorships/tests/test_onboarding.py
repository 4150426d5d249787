"""The getting-started checklist on a new person's dashboard."""

from __future__ import annotations

import re

import pytest

from tandem.accounts.services import profile_update
from tandem.accounts.tests.factories import make_mentee, make_mentor, make_user
from tandem.growth.services import goal_create
from tandem.mentorships.services import request_create

pytestmark = pytest.mark.django_db

BIO = "I build data pipelines and want to move into backend engineering next year."


def steps_on(response) -> dict[str, bool]:
    """step key -> done, as the dashboard shows them."""
    html = response.content.decode()
    return {key: "is-done" in classes for classes, key in re.findall(
        r'<li class="checklist-step([^"]*)" data-step="(\w+)"', html)}


def test_it_shows_a_brand_new_person_every_step_to_do_with_its_link(client_for):
    newcomer = make_user(email="new@example.com", name="")
    response = client_for(newcomer).get("/")
    assert response.status_code == 200
    assert steps_on(response) == {"profile": False, "goals": False, "find": False}
    html = response.content.decode()
    assert "Getting started" in html
    assert "0 of 3 steps done. Next: tell people who you are." in html
    for href in ("/profile/", "/goals/", "/mentors/"):
        assert f'href="{href}"' in html


def test_it_ticks_a_mentees_steps_as_they_are_done(client_for, personas):
    mentee = make_user(email="ana@example.com", name="Ana", is_mentee=True)
    client = client_for(mentee)
    assert steps_on(client.get("/")) == {"profile": False, "goals": False, "find": False}

    profile_update(actor=mentee, profile=mentee.profile,
                   changes={"headline": "Data engineer", "bio": BIO})
    goal_create(actor=mentee, title="Move into a backend role", why="It matters.")
    assert steps_on(client.get("/")) == {"profile": True, "goals": True, "find": False}

    request_create(actor=mentee, mentor=personas.mentor, message="Would you mentor me?")
    response = client.get("/")
    assert "Getting started" not in response.content.decode()  # all done: it goes away


def test_a_mentor_is_asked_for_capacity_and_openness_not_to_find_a_mentor(client_for):
    mentor = make_user(email="omar@example.com", name="Omar", is_mentor=True,
                       headline="Staff engineer", bio=BIO)
    client = client_for(mentor)
    # Only a mentor's steps: not the mentee's career goals ("a mentor will ask").
    assert steps_on(client.get("/")) == {"profile": True, "capacity": False}
    assert "Write down your career goals" not in client.get("/").content.decode()

    profile_update(actor=mentor, profile=mentor.profile,
                   changes={"mentor_capacity": 2, "open_to_requests": False})
    assert steps_on(client.get("/"))["capacity"] is False  # closed to requests: not done
    profile_update(actor=mentor, profile=mentor.profile, changes={"open_to_requests": True})
    assert "Getting started" not in client.get("/").content.decode()  # every step done


def test_someone_who_is_both_gets_both_last_steps(client_for):
    person = make_user(email="both@example.com", name="Bo", is_mentor=True, is_mentee=True)
    assert set(steps_on(client_for(person).get("/"))) == {"profile", "goals", "find", "capacity"}


def test_the_established_personas_see_no_checklist(client_for):
    mentor = make_mentor(email="m@example.com", name="Marta", bio=BIO)
    goal_create(actor=mentor, title="Write a book", why="It matters.")
    assert "Getting started" not in client_for(mentor).get("/").content.decode()


def test_it_can_be_hidden_and_stays_hidden(client_for):
    mentee = make_mentee(email="nia@example.com", name="Nia")
    client = client_for(mentee)
    assert "Getting started" in client.get("/").content.decode()

    response = client.post("/", {"onboarding": "dismiss"}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    html = response.content.decode()
    assert "Getting started is hidden." in html
    assert "Getting started</h2>" not in html
    assert "Getting started</h2>" not in client.get("/").content.decode()
    # Hidden on every device: a new session does not bring it back.
    assert "Getting started</h2>" not in client_for(mentee).get("/").content.decode()


def test_an_anonymous_post_to_the_dashboard_goes_to_sign_in(client):
    response = client.post("/", {"onboarding": "dismiss"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_checklist_costs_a_fixed_number_of_queries(client_for, query_budget, personas):
    mentee = make_user(email="q@example.com", name="Q", is_mentee=True)
    client = client_for(mentee)
    made = iter(range(10**6))

    def make(n):
        for _ in range(n):
            goal_create(actor=mentee, title=f"Goal {next(made)}", why="It matters.")

    query_budget(make=make, call=lambda: client.get("/"), small=1, large=6)
