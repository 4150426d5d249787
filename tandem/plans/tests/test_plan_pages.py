from tandem.mentorships.services import relationship_complete
from tandem.plans import services
from tandem.plans.models import PlanAction, PlanItem, PlanResource, PlanTemplate
from tandem.plans.tests.helpers import item, mentorship


def test_it_adds_an_item_from_the_plan_page(personas, client_for):
    rel = mentorship(personas)
    goal = personas.mentee.career_goals.first()
    client = client_for(personas.mentor)
    page = client.get(f"/mentorships/{rel.pk}/plan/").content.decode()
    assert "Add an item" in page and "3 Practising" in page
    response = client.post(f"/mentorships/{rel.pk}/plan/", {
        "goal_id": goal.pk, "kind": "skill", "title": "Running a retro", "current_level": "2",
        "target_level": "4"}, follow=True)
    page = response.content.decode()
    assert "Added to the plan." in page
    assert "Running a retro" in page and "2 Beginner → 4 Proficient" in page
    assert "<progress" in page and "Skill: 1" in page


def test_it_rerenders_the_form_on_bad_input(personas, client_for):
    rel = mentorship(personas)
    goal = personas.mentee.career_goals.first()
    client = client_for(personas.mentor)
    for data in ({"goal_id": goal.pk, "kind": "skill", "title": "", "current_level": "1",
                  "target_level": "3"},
                 {"goal_id": goal.pk, "kind": "skill", "title": "X", "current_level": "9",
                  "target_level": "3"},
                 {"goal_id": "999999", "kind": "skill", "title": "X", "current_level": "1",
                  "target_level": "3"},
                 {"goal_id": goal.pk, "kind": "skill", "title": "a\x00b", "current_level": "1",
                  "target_level": "3"}):
        response = client.post(f"/mentorships/{rel.pk}/plan/", data)
        assert response.status_code == 400, data
        assert "nothing was saved" in response.content.decode()
    assert not PlanItem.objects.exists()


def test_it_shows_the_item_with_history_actions_and_resources(personas, client_for):
    rel = mentorship(personas)
    added = item(rel, title="Public speaking", current=1, target=4)
    mentee = client_for(personas.mentee)
    response = mentee.post(f"/plan-items/{added.pk}/level/", {"level": "3"}, follow=True)
    assert "New level recorded." in response.content.decode()
    mentee.post(f"/plan-items/{added.pk}/actions/", {"text": "Give a lightning talk",
                                                     "due_date": "2030-05-01"})
    action = PlanAction.objects.get()
    mentee.post(f"/plan-actions/{action.pk}/toggle/", {"done": "yes"})
    mentee.post(f"/plan-items/{added.pk}/resources/", {
        "kind": "book", "title": "Talk Like TED", "url": "https://example.org/ted"})
    mentee.post(f"/plan-items/{added.pk}/resources/", {
        "kind": "person", "person_name": "Ana", "person_why": "Gives great keynotes"})
    page = client_for(personas.mentor).get(f"/plan-items/{added.pk}/").content.decode()
    assert "Now <strong>3 Practising</strong>, aiming for <strong>4 Proficient</strong>" in page
    assert "1 Aware → 3 Practising" in page and "Started at 1 Aware" in page
    assert "<svg" in page and "Level over time" in page
    assert "<s>Give a lightning talk</s>" in page
    assert 'href="https://example.org/ted" rel="nofollow noopener noreferrer"' in page
    assert "Ana" in page and "Gives great keynotes" in page

    bad = mentee.post(f"/plan-items/{added.pk}/resources/",
                      {"kind": "article", "title": "X", "url": "javascript:alert(1)"})
    assert bad.status_code == 400 and "http://" in bad.content.decode()
    assert mentee.post(f"/plan-items/{added.pk}/actions/", {"text": ""}).status_code == 400
    assert mentee.post(f"/plan-items/{added.pk}/level/", {"level": "6"}).status_code == 400
    assert PlanResource.objects.count() == 2

    edit = mentee.post(f"/plan-items/{added.pk}/", {
        "goal_id": added.goal_id, "kind": "ability", "title": "Speaking", "description": "",
        "current_level": "3", "target_level": "5"})
    assert edit.status_code == 302
    added.refresh_from_db()
    assert (added.kind, added.target_level) == ("ability", 5)


def test_it_is_a_404_for_anyone_else(personas, client_for):
    rel = mentorship(personas)
    added = item(rel)
    for person in (personas.mentee2, personas.coordinator, personas.staff):
        client = client_for(person)
        assert client.get(f"/mentorships/{rel.pk}/plan/").status_code == 404
        assert client.get(f"/plan-items/{added.pk}/").status_code == 404
        assert client.post(f"/plan-items/{added.pk}/delete/").status_code == 404
    assert PlanItem.objects.count() == 1


def test_it_shows_a_closed_plan_read_only(personas, client_for):
    rel = mentorship(personas)
    added = item(rel)
    relationship_complete(actor=rel.mentor, relationship=rel)
    client = client_for(personas.mentee)
    page = client.get(f"/mentorships/{rel.pk}/plan/").content.decode()
    assert "read-only" in page and "Add an item" not in page
    response = client.post(f"/plan-items/{added.pk}/level/", {"level": "4"})
    assert response.status_code == 400 and "read-only" in response.content.decode()


def test_it_saves_and_applies_templates_from_pages(personas, client_for):
    rel = mentorship(personas)
    item(rel, title="Negotiation")
    mentor = client_for(personas.mentor)
    assert client_for(personas.mentee).get(
        f"/mentorships/{rel.pk}/plan/save-template/").status_code == 403
    response = mentor.post(f"/mentorships/{rel.pk}/plan/save-template/",
                           {"name": "My staples", "description": "What I use"})
    template = PlanTemplate.objects.get(owner=personas.mentor)
    assert response.status_code == 302
    listing = mentor.get("/plan-templates/").content.decode()
    assert "My staples" in listing and "First engineering job" in listing
    assert "My staples" not in client_for(personas.mentor2).get("/plan-templates/").content.decode()
    detail = mentor.get(f"/plan-templates/{template.pk}/").content.decode()
    assert "Negotiation" in detail and "Apply to the plan with Mia Mentee" in detail

    builtin = PlanTemplate.objects.get(builtin_key="first-engineering-job")
    mentee = client_for(personas.mentee)
    page = mentee.get(f"/mentorships/{rel.pk}/plan/apply-template/?template={builtin.pk}")
    assert page.status_code == 200
    response = mentee.post(f"/mentorships/{rel.pk}/plan/apply-template/", {
        "template_id": builtin.pk, "goal_id": personas.mentee.career_goals.first().pk},
        follow=True)
    assert f"{builtin.items.count()} items added to the plan." in response.content.decode()
    assert "First engineering job" in response.content.decode()
    assert mentee.post(f"/mentorships/{rel.pk}/plan/apply-template/", {
        "template_id": template.pk, "goal_id": "1"}).status_code == 400  # not hers
    assert mentor.post(f"/plan-templates/{builtin.pk}/delete/").status_code == 403
    assert mentor.post(f"/plan-templates/{template.pk}/delete/").status_code == 302
    assert not PlanTemplate.objects.filter(owner=personas.mentor).exists()


def test_it_costs_the_same_queries_for_a_long_plan_page(personas, client_for, query_budget):
    rel = mentorship(personas)
    client = client_for(personas.mentor)

    def make(n):
        for _ in range(n):
            added = item(rel, title=f"Item {PlanItem.objects.count()}")
            services.action_add(actor=rel.mentor, item=added, text="Do it")
            services.resource_add(actor=rel.mentor, item=added, kind="book", title="A book")

    query_budget(make=make, call=lambda: client.get(f"/mentorships/{rel.pk}/plan/"),
                 small=3, large=12)
    added = PlanItem.objects.first()

    def more_history(n):
        for i in range(n):
            services.item_set_level(actor=rel.mentee, item=added, level=1 + i % 5)
            services.action_add(actor=rel.mentor, item=added, text=f"Step {i}")

    query_budget(make=more_history, call=lambda: client.get(f"/plan-items/{added.pk}/"),
                 small=3, large=12)
