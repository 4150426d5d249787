import pytest

from tandem.accounts.models import CareerGoal
from tandem.core.errors import ValidationFailed
from tandem.growth.services import goal_create, goal_update


def test_it_refuses_a_duplicate_title_whatever_its_case(personas):
    with pytest.raises(ValidationFailed) as exc:
        goal_create(actor=personas.mentee, title="  LEAD A TEAM ")
    assert exc.value.errors == [{"field": "title",
                                 "message": "You already have a goal with this title."}]
    assert personas.mentee.career_goals.count() == 2


def test_it_lets_two_people_have_the_same_goal(personas):
    goal = goal_create(actor=personas.mentee2, title="Lead a team")
    assert goal.user == personas.mentee2


def test_it_refuses_renaming_onto_another_goal(personas):
    goal = personas.mentee.career_goals.get(title="Speak at a conference")
    with pytest.raises(ValidationFailed, match="already have"):
        goal_update(actor=personas.mentee, goal=goal, changes={"title": "lead a team"})
    goal_update(actor=personas.mentee, goal=goal, changes={"title": "Speak at a CONFERENCE"})
    goal.refresh_from_db()
    assert goal.title == "Speak at a CONFERENCE"


def test_it_adds_edits_and_removes_goals_in_the_browser(personas, client_for):
    client = client_for(personas.mentee)
    response = client.post("/goals/", {"title": "Write a book", "why": "Share what I know",
                                       "horizon": "long", "visibility": "private"})
    assert response.status_code == 302
    goal = CareerGoal.objects.get(user=personas.mentee, title="Write a book")
    assert goal.visibility == "private" and goal.position == 2

    response = client.post("/goals/", {"title": "write a book", "horizon": "1y",
                                       "visibility": "mentors"})
    assert response.status_code == 400
    assert "You already have a goal with this title." in response.content.decode()

    response = client.post(f"/goals/{goal.pk}/edit/", {"title": "Write two books",
                                                       "horizon": "long", "visibility": "mentors"})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.title == "Write two books"

    assert client.post(f"/goals/{goal.pk}/delete/").status_code == 302
    assert not CareerGoal.objects.filter(pk=goal.pk).exists()


def test_it_hides_another_persons_goal(personas, client_for, api_client):
    goal = personas.mentee.career_goals.first()
    assert client_for(personas.mentee2).post(f"/goals/{goal.pk}/delete/").status_code == 404
    assert api_client(personas.mentor).get(f"/api/me/goals/{goal.pk}").status_code == 404
    assert CareerGoal.objects.filter(pk=goal.pk).exists()


def test_it_manages_goals_over_the_api(personas, api_client):
    client = api_client(personas.mentee2)
    response = client.post("/api/me/goals", {"title": "Get promoted", "horizon": "6m"})
    assert response.status_code == 201
    goal_id = response.json()["id"]
    assert response.json()["visibility"] == "mentors"

    response = client.post("/api/me/goals", {"title": "get promoted"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "title",
                                          "message": "You already have a goal with this title."}]

    response = client.post("/api/me/goals", {"title": "Travel", "horizon": "someday"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "horizon"

    response = client.patch(f"/api/me/goals/{goal_id}", {"visibility": "private"})
    assert response.json()["visibility"] == "private"
    titles = [g["title"] for g in client.get("/api/me/goals").json()]
    assert titles == ["Learn Rust", "Get promoted"]
    assert client.delete(f"/api/me/goals/{goal_id}").status_code == 204
    assert client.get(f"/api/me/goals/{goal_id}").status_code == 404


def test_it_reports_a_missing_title_by_name(personas, api_client):
    response = api_client(personas.mentee2).post("/api/me/goals", {"why": "no title"})
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "title"
    assert body["detail"]


@pytest.mark.parametrize("first,second", [("ÉCRIRE UN LIVRE", "écrire un livre"),
                                          ("Lernen, was Straße heißt", "LERNEN, WAS STRASSE HEISST")])
def test_it_refuses_a_duplicate_title_in_any_script_on_every_database(personas, first, second):
    goal_create(actor=personas.mentee2, title=first)
    with pytest.raises(ValidationFailed, match="already have a goal with this title"):
        goal_create(actor=personas.mentee2, title=second)
    goal = goal_create(actor=personas.mentee2, title="Something else")
    with pytest.raises(ValidationFailed, match="already have a goal with this title"):
        goal_update(actor=personas.mentee2, goal=goal, changes={"title": second})
    assert personas.mentee2.career_goals.count() == 3


@pytest.mark.postgres
def test_it_holds_the_goal_limit_when_requests_race(transactional_db, monkeypatch):
    from tandem.accounts.tests.factories import make_mentee
    from tandem.accounts.tests.races import race_past_a_check
    from tandem.growth.services import MAX_GOALS

    mentee = make_mentee(goals=[f"Goal {n}" for n in range(MAX_GOALS - 1)])
    outcomes = race_past_a_check(
        monkeypatch, CareerGoal.objects,
        [lambda n=n: goal_create(actor=mentee, title=f"Racing goal {n}") for n in range(2)])
    assert sorted(outcomes) == ["done", "refused"], outcomes
    assert CareerGoal.objects.filter(user=mentee).count() == MAX_GOALS
