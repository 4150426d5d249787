from tandem.mentorships.services import relationship_complete
from tandem.notifications.models import Notification
from tandem.plans.models import PlanItem
from tandem.plans.tests.helpers import item, mentorship


def test_it_builds_a_plan_over_the_api(personas, api_client):
    rel = mentorship(personas)
    goal = personas.mentee.career_goals.first()
    mentor = api_client(personas.mentor)
    response = mentor.post(f"/api/mentorships/{rel.pk}/plan/items", {
        "goal_id": goal.pk, "kind": "skill", "title": "Code review", "current_level": 2,
        "target_level": 4})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["current_label"], body["target_label"], body["goal_title"]) == (
        "2 Beginner", "4 Proficient", "Lead a team")
    item_id = body["id"]

    mentee = api_client(personas.mentee)
    body = mentee.post(f"/api/plan-items/{item_id}/level", {"level": 3}).json()
    assert [(h["from_label"], h["to_label"]) for h in body["history"]] == [
        ("", "2 Beginner"), ("2 Beginner", "3 Practising")]
    action = mentee.post(f"/api/plan-items/{item_id}/actions",
                         {"text": "Review two PRs a week", "due_date": "2030-02-01"})
    assert action.status_code == 201
    done = mentee.post(f"/api/plan-actions/{action.json()['id']}/done", {"done": True})
    assert done.json()["done_at"]
    resource = mentor.post(f"/api/plan-items/{item_id}/resources", {
        "kind": "article", "title": "How to do a code review",
        "url": "https://google.github.io/eng-practices/review/reviewer/"})
    assert resource.status_code == 201
    person = mentor.post(f"/api/plan-items/{item_id}/resources", {
        "kind": "person", "person_name": "Priya", "person_why": "Reviews beautifully"})
    assert person.json()["title"] == "Priya"

    plan = mentee.get(f"/api/mentorships/{rel.pk}/plan").json()
    assert [(i["title"], len(i["actions"]), len(i["resources"])) for i in plan] == [
        ("Code review", 1, 2)]
    patched = mentor.patch(f"/api/plan-items/{item_id}", {"target_level": 5, "title": "Reviews"})
    assert (patched.json()["target_label"], patched.json()["title"]) == ("5 Expert", "Reviews")
    assert mentor.delete(f"/api/plan-resources/{person.json()['id']}").status_code == 204
    assert mentor.delete(f"/api/plan-actions/{action.json()['id']}").status_code == 204
    assert mentor.delete(f"/api/plan-items/{item_id}").status_code == 204
    assert not PlanItem.objects.exists()


def test_it_answers_bad_input_with_named_fields(personas, api_client):
    rel = mentorship(personas)
    added = item(rel)
    client = api_client(personas.mentor)
    url = f"/api/mentorships/{rel.pk}/plan/items"
    noahs_goal = personas.mentee2.career_goals.first()
    cases = [
        ({"goal_id": noahs_goal.pk, "kind": "skill", "title": "X"}, "goal_id"),
        ({"goal_id": 2**62, "kind": "skill", "title": "X"}, "goal_id"),
        ({"goal_id": "1", "kind": "skill", "title": "X"}, "goal_id"),
        ({"goal_id": added.goal_id, "kind": "skill", "title": "X", "target_level": 6},
         "target_level"),
        ({"goal_id": added.goal_id, "kind": "skill", "title": "X", "current_level": True},
         "current_level"),
        ({"goal_id": added.goal_id, "kind": "skill", "title": "a\x00b"}, "title"),
        ({"goal_id": added.goal_id, "kind": "skill", "title": "X", "colour": "red"}, "colour"),
    ]
    for body, field in cases:
        response = client.post(url, body)
        assert response.status_code == 422, (body, response.json())
        assert field in {e["field"] for e in response.json()["errors"]}, (body, response.json())
    response = client.post(f"/api/plan-items/{added.pk}/level", {"level": 0})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "level"
    response = client.patch(f"/api/plan-items/{added.pk}", {"title": None})
    assert response.status_code == 422
    response = client.post(f"/api/plan-items/{added.pk}/resources",
                           {"kind": "course", "title": "X", "url": "javascript:alert(1)"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "url"
    response = client.post(f"/api/plan-items/{added.pk}/actions",
                           {"text": "Go", "due_date": "9999-01-01"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "due_date"
    assert client.get("/api/plan-items/99999999999999999999").status_code in (404, 422)
    assert PlanItem.objects.count() == 1


def test_it_hides_a_plan_from_everyone_but_the_two_parties(personas, api_client):
    rel = mentorship(personas)
    added = item(rel)
    for outsider in (personas.mentee2, personas.mentor2, personas.outsider,
                     personas.coordinator, personas.staff):
        client = api_client(outsider)
        assert client.get(f"/api/mentorships/{rel.pk}/plan").status_code == 404
        assert client.get(f"/api/plan-items/{added.pk}").status_code == 404
        assert client.post(f"/api/plan-items/{added.pk}/level", {"level": 3}).status_code == 404
    assert api_client(None).get(f"/api/plan-items/{added.pk}").status_code == 401


def test_it_answers_409_once_the_mentorship_has_ended(personas, api_client):
    rel = mentorship(personas)
    added = item(rel)
    relationship_complete(actor=rel.mentor, relationship=rel)
    client = api_client(personas.mentee)
    response = client.post(f"/api/plan-items/{added.pk}/level", {"level": 3})
    assert response.status_code == 409 and "read-only" in response.json()["detail"]
    assert client.get(f"/api/plan-items/{added.pk}").status_code == 200


def test_it_hides_the_title_of_a_goal_made_private_later(personas, api_client):
    rel = mentorship(personas)
    added = item(rel)
    goal = added.goal
    goal.visibility = "private"
    goal.save()
    body = api_client(personas.mentor).get(f"/api/plan-items/{added.pk}").json()
    assert body["goal_title"] == "A goal that is no longer shared"
    body = api_client(personas.mentee).get(f"/api/plan-items/{added.pk}").json()
    assert body["goal_title"] == goal.title


def test_it_notifies_once_per_batch(personas, api_client):
    rel = mentorship(personas)
    item(rel, title="One")
    item(rel, title="Two")
    assert Notification.objects.filter(recipient=personas.mentee,
                                       kind="plan.items_added").count() == 1


def test_it_costs_the_same_queries_for_a_long_plan(personas, api_client, query_budget):
    rel = mentorship(personas)
    client = api_client(personas.mentor)

    def make(n):
        from tandem.plans import services

        for _ in range(n):
            added = item(rel, title=f"Item {PlanItem.objects.count()}")
            services.action_add(actor=rel.mentor, item=added, text="Do it")
            services.resource_add(actor=rel.mentor, item=added, kind="book", title="A book")

    query_budget(make=make, call=lambda: client.get(f"/api/mentorships/{rel.pk}/plan"),
                 small=3, large=12)
