"""SMART career goals: measure, target date, status with its date, progress by hand or
from milestones, on the My goals page and in the API."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.accounts.models import CareerGoal
from tandem.core.errors import ValidationFailed
from tandem.growth.services import goal_create, goal_update, milestone_add, milestone_set_done


def test_it_keeps_a_smart_goal_and_shows_it_on_my_goals(personas, client_for):
    client = client_for(personas.mentee2)
    target = timezone.localdate() + timedelta(days=90)
    response = client.post("/goals/", {
        "title": "Ship a Rust service", "why": "Rust is where my team is going",
        "measure": "One service in production for a month", "target_date": target.isoformat(),
        "horizon": "6m", "status": "in_progress", "progress": "30", "visibility": "mentors"})
    assert response.status_code == 302
    goal = CareerGoal.objects.get(title="Ship a Rust service")
    assert (goal.measure, goal.target_date, goal.status, goal.progress_manual) == (
        "One service in production for a month", target, "in_progress", 30)
    page = client.get("/goals/").content.decode()
    assert "One service in production for a month" in page
    assert "In progress" in page and "30%" in page and "set by hand" in page
    assert target.strftime("%-d %B %Y") in page


def test_it_refuses_a_past_target_date_for_a_new_goal_but_keeps_an_old_one(personas,
                                                                          client_for):
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationFailed) as exc:
        goal_create(actor=personas.mentee2, title="Old", target_date=yesterday)
    assert exc.value.errors[0]["field"] == "target_date"
    response = client_for(personas.mentee2).post("/goals/", {
        "title": "Old", "horizon": "1y", "visibility": "mentors",
        "target_date": yesterday.isoformat()})
    assert response.status_code == 400 and "Pick a date from today on." in \
        response.content.decode()
    goal = goal_create(actor=personas.mentee2, title="Aged goal",
                       target_date=timezone.localdate() + timedelta(days=2))
    CareerGoal.objects.filter(pk=goal.pk).update(target_date=date(2020, 1, 1))
    goal.refresh_from_db()
    goal_update(actor=personas.mentee2, goal=goal,
                changes={"target_date": date(2020, 1, 1), "title": "Aged goal, renamed"})
    with pytest.raises(ValidationFailed, match="from today on"):
        goal_update(actor=personas.mentee2, goal=goal, changes={"target_date": date(2020, 1, 2)})
    with pytest.raises(ValidationFailed, match="50 years"):
        goal_update(actor=personas.mentee2, goal=goal, changes={"target_date": date(9999, 1, 1)})


def test_it_records_when_a_goal_is_achieved_or_dropped(personas):
    goal = personas.mentee2.career_goals.get()
    goal_update(actor=personas.mentee2, goal=goal, changes={"status": "achieved"})
    goal.refresh_from_db()
    assert goal.closed_at is not None and not goal.is_open
    goal_update(actor=personas.mentee2, goal=goal, changes={"status": "in_progress"})
    goal.refresh_from_db()
    assert goal.closed_at is None


def test_it_says_whether_progress_comes_from_milestones_or_by_hand(personas, api_client):
    goal = personas.mentee2.career_goals.get()
    client = api_client(personas.mentee2)
    assert client.get(f"/api/me/goals/{goal.pk}").json()["progress"] is None
    first = milestone_add(actor=personas.mentee2, goal=goal, title="Read the book")
    milestone_add(actor=personas.mentee2, goal=goal, title="Write a CLI")
    milestone_set_done(actor=personas.mentee2, milestone=first, done=True)
    body = client.get(f"/api/me/goals/{goal.pk}").json()
    assert (body["progress"], body["progress_source"]) == (50, "milestones")
    body = client.patch(f"/api/me/goals/{goal.pk}", {"progress": 80}).json()
    assert (body["progress"], body["progress_source"], body["progress_manual"]) == (
        80, "manual", 80)
    body = client.patch(f"/api/me/goals/{goal.pk}", {"progress": None}).json()
    assert (body["progress"], body["progress_source"]) == (50, "milestones")


def test_it_takes_smart_fields_over_the_api(personas, api_client):
    client = api_client(personas.mentee2)
    target = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = client.post("/api/me/goals", {
        "title": "Give a talk", "measure": "Talk given", "target_date": target,
        "status": "achieved"})
    assert response.status_code == 201
    body = response.json()
    assert body["measure"] == "Talk given" and body["target_date"] == target
    assert body["status"] == "achieved" and body["closed_at"]


@pytest.mark.parametrize("payload,field", [
    ({"title": "X", "progress": 101}, "progress"),
    ({"title": "X", "progress": -1}, "progress"),
    ({"title": "X", "progress": "50"}, "progress"),
    ({"title": "X", "status": "finished"}, "status"),
    ({"title": "X", "measure": "m" * 1001}, "measure"),
    ({"title": "X", "measure": "a\x00b"}, "measure"),
    ({"title": "X", "target_date": "1900-01-01"}, "target_date"),
    ({"title": "X", "target_date": "someday"}, "target_date"),
    ({"title": "X", "visibility": "chosen", "relationship_ids": [2**62 + 5]},
     "relationship_ids"),
    ({"title": "X", "visibility": "everyone"}, "visibility"),
])
def test_it_names_the_bad_field(personas, api_client, payload, field):
    response = api_client(personas.mentee2).post("/api/me/goals", payload)
    assert response.status_code == 422, response.content
    assert field in {e["field"] for e in response.json()["errors"]} | {
        e["field"].split(".")[-1] for e in response.json()["errors"] if e["field"]}
    assert not CareerGoal.objects.filter(title="X").exists()


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_it_never_fails_on_any_text(personas, api_client, text):
    client = api_client(personas.mentee2)
    goal = personas.mentee2.career_goals.get()
    for payload in ({"measure": text}, {"why": text}, {"title": text}):
        response = client.patch(f"/api/me/goals/{goal.pk}", payload)
        assert response.status_code in (200, 422)


def test_it_lists_goals_at_a_constant_cost(personas, client_for, query_budget):
    from tandem.mentorships.services import request_accept, request_create

    mia = personas.mentee
    req = request_create(actor=mia, mentor=personas.mentor, message="Hi",
                         goal_ids=[mia.career_goals.first().pk])
    rel = request_accept(actor=personas.mentor, request=req)
    client = client_for(mia)

    def make(n):
        for _ in range(n):
            index = mia.career_goals.count()
            goal = goal_create(actor=mia, title=f"Goal {index}", visibility="chosen",
                               relationship_ids=[rel.pk])
            milestone_add(actor=mia, goal=goal, title="Step")

    def call():
        assert client.get("/goals/").status_code == 200
        assert client.get("/api/me/goals").status_code == 200

    query_budget(make=make, call=call, small=3, large=20)


def test_it_names_each_text_too_long_and_keeps_them_trimmed(personas):
    with pytest.raises(ValidationFailed) as caught:
        goal_create(actor=personas.mentee, title="Speak at a meetup", why="x" * 2001,
                    measure="y" * 1001)
    assert caught.value.errors == [
        {"field": "why", "message": "At most 2000 characters."},
        {"field": "measure", "message": "At most 1000 characters."}]
    goal = goal_create(actor=personas.mentee, title="Speak at a meetup",
                       why="  To share what I learnt  ", measure=None)
    assert (goal.why, goal.measure) == ("To share what I learnt", "")
