import pytest

from tandem.core.errors import Forbidden, ValidationFailed
from tandem.mentorships.services import relationship_complete
from tandem.notifications.models import Notification
from tandem.plans import services
from tandem.plans.models import PlanItem, PlanTemplate
from tandem.plans.tests.helpers import item, mentorship

BUILTIN_NAMES = {"First engineering job", "Becoming a tech lead", "Changing career into tech"}


def test_it_ships_thoughtful_builtin_templates(personas, api_client):
    templates = api_client(personas.mentee).get("/api/plan-templates").json()
    builtin = {t["name"]: t for t in templates if t["builtin"]}
    assert set(builtin) == BUILTIN_NAMES
    for t in builtin.values():
        detail = api_client(personas.outsider).get(f"/api/plan-templates/{t['id']}").json()
        assert 5 <= len(detail["items"]) <= 8
        assert {i["kind"] for i in detail["items"]} == {"knowledge", "skill", "ability"}
        for row in detail["items"]:
            assert 1 <= len(row["actions"]) <= 3 and len(row["resources"]) <= 2
            assert all(r["url"] == "" or r["url"].startswith(("http://", "https://"))
                       for r in row["resources"])
    first = builtin["First engineering job"]["id"]
    assert api_client(personas.mentor).delete(f"/api/plan-templates/{first}").status_code == 403


def test_it_applies_a_template_with_one_notification(personas, api_client):
    rel = mentorship(personas)
    template = PlanTemplate.objects.get(builtin_key="becoming-a-tech-lead")
    goal = personas.mentee.career_goals.first()
    client = api_client(personas.mentee)  # a mentee may start from a template too
    response = client.post(f"/api/mentorships/{rel.pk}/plan/apply-template",
                           {"template_id": template.pk, "goal_id": goal.pk})
    assert response.status_code == 201, response.json()
    items = response.json()
    assert len(items) == template.items.count()
    assert all(i["goal_id"] == goal.pk and i["current_label"] == "1 Aware" for i in items)
    assert all(i["actions"] and i["resources"] for i in items)
    notes = Notification.objects.filter(recipient=personas.mentor, kind="plan.items_added")
    assert notes.count() == 1 and f"{len(items)} items" in notes.get().title
    assert rel.plan_template_applications.get().template_name == "Becoming a tech lead"

    response = client.post(f"/api/mentorships/{rel.pk}/plan/apply-template",
                           {"template_id": template.pk, "goal_id": 10**12})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "goal_id"
    response = client.post(f"/api/mentorships/{rel.pk}/plan/apply-template",
                           {"template_id": 10**12, "goal_id": goal.pk})
    assert response.json()["errors"][0]["field"] == "template_id"


def test_it_saves_a_plan_as_a_template_without_personal_data(personas, api_client):
    rel = mentorship(personas)
    added = item(rel, title="Public speaking", kind="ability", current=2, target=4)
    services.action_add(actor=rel.mentor, item=added, text="Give a lightning talk")
    services.resource_add(actor=rel.mentor, item=added, kind="event", title="PyCon",
                          url="https://pycon.org/")
    services.resource_add(actor=rel.mentor, item=added, kind="person", person_name="Ana",
                          person_why="Keynote speaker")
    mentor = api_client(personas.mentor)
    response = mentor.post("/api/plan-templates", {"name": "Speaking", "relationship_id": rel.pk})
    assert response.status_code == 201, response.json()
    [row] = response.json()["items"]
    assert row["title"] == "Public speaking" and row["target_label"] == "4 Proficient"
    assert row["actions"] == ["Give a lightning talk"]
    assert row["resources"] == [{"kind": "event", "title": "PyCon", "url": "https://pycon.org/"}]
    assert "Ana" not in response.content.decode()
    template_id = response.json()["id"]

    # Only the owner sees it; the mentee may not save one.
    assert api_client(personas.mentor2).get(f"/api/plan-templates/{template_id}").status_code \
        == 404
    assert api_client(personas.mentee).post(
        "/api/plan-templates", {"name": "Mine", "relationship_id": rel.pk}).status_code == 403
    assert api_client(personas.mentor2).post(
        "/api/plan-templates", {"name": "Mine", "relationship_id": rel.pk}).json()[
        "errors"][0]["field"] == "relationship_id"
    names = [t["name"] for t in api_client(personas.mentor2).get("/api/plan-templates").json()]
    assert "Speaking" not in names
    assert mentor.delete(f"/api/plan-templates/{template_id}").status_code == 204


def test_it_lets_a_coordinator_write_a_template_from_items(personas, api_client):
    client = api_client(personas.coordinator)
    body = {"name": "Data analyst", "items": [
        {"kind": "skill", "title": "SQL", "target_level": 4, "actions": ["Write ten queries"],
         "resources": [{"kind": "course", "title": "SQLBolt", "url": "https://sqlbolt.com/"}]}]}
    response = client.post("/api/plan-templates", body)
    assert response.status_code == 201, response.json()
    bad = {"name": "", "items": [{"kind": "trick", "title": "", "target_level": 7,
                                  "resources": [{"kind": "person", "title": "Bob"}]}]}
    response = client.post("/api/plan-templates", bad)
    fields = {e["field"] for e in response.json()["errors"]}
    assert response.status_code == 422
    assert {"name", "items[0].kind", "items[0].title", "items[0].target_level",
            "items[0].resources[0].kind"} <= fields
    assert client.post("/api/plan-templates", {"name": "X", "items": [],
                                               "relationship_id": 1}).status_code == 422
    assert api_client(personas.outsider).post("/api/plan-templates", body).status_code == 403


def test_it_refuses_to_apply_to_a_closed_mentorship(personas):
    rel = mentorship(personas)
    item(rel)
    relationship_complete(actor=rel.mentor, relationship=rel)
    rel.refresh_from_db()
    template = PlanTemplate.objects.filter(owner__isnull=True).first()
    from tandem.core.errors import Conflict

    with pytest.raises(Conflict):
        services.template_apply(actor=rel.mentee, template=template, relationship=rel,
                                goal_id=rel.mentee.career_goals.first().pk)
    # Saving a finished mentorship's plan as a template still works: it reads only.
    saved = services.template_save(actor=rel.mentor, relationship=rel, name="What worked")
    assert saved.items.count() == 1
    with pytest.raises(Forbidden):
        services.template_save(actor=rel.mentee, relationship=rel, name="Mine")
    with pytest.raises(ValidationFailed):
        services.template_apply(actor=personas.mentor2, template=saved, relationship=rel,
                                goal_id=rel.mentee.career_goals.first().pk)
    assert PlanItem.objects.count() == 1
