from django.utils import timezone

from tandem.core.sections import record_markdown, relationship_sections, timeline
from tandem.plans import sections as plan_sections
from tandem.plans import services
from tandem.plans.demo import demo_records
from tandem.plans.models import LevelChange, PlanItem, PlanTemplate
from tandem.plans.tests.helpers import item, mentorship


def test_it_shows_a_plan_card_on_the_relationship_page(personas, client_for):
    rel = mentorship(personas)
    item(rel, title="At target", current=4, target=4)
    item(rel, title="Close", kind="skill", current=2, target=3)
    item(rel, title="Far", kind="ability", current=1, target=5)
    page = client_for(personas.mentee).get(f"/mentorships/{rel.pk}/tab/goals/").content.decode()
    assert "Development plan" in page and "Knowledge: 1" in page and "Ability: 1" in page
    assert "1 of 3 items at target, 1 one level away" in page
    assert f'href="/mentorships/{rel.pk}/plan/"' in page
    [section] = [s for s in relationship_sections(viewer=personas.mentee, relationship=rel)
                 if s["template"].startswith("plans/")]
    assert [i.title for i in section["near_target"]] == ["Close"]


def test_it_puts_plan_events_on_the_timeline(personas):
    rel = mentorship(personas)
    added = item(rel, title="Negotiation", current=1, target=3)
    services.item_set_level(actor=personas.mentee, item=added, level=2)
    action = services.action_add(actor=rel.mentor, item=added, text="Ask for a raise")
    services.action_set_done(actor=personas.mentee, action=action, done=True)
    template = PlanTemplate.objects.get(builtin_key="first-engineering-job")
    services.template_apply(actor=personas.mentee, template=template, relationship=rel,
                            goal_id=added.goal_id)
    events = timeline(viewer=personas.mentor, relationship=rel, kinds={"plan"})
    titles = [e.title for e in events]
    assert titles.count("Plan item added") == 1  # the template's items are one event
    assert {"Level changed", "Plan action done", "Plan template applied"} <= set(titles)
    level = next(e for e in events if e.title == "Level changed")
    assert level.detail == "Negotiation: 1 Aware → 2 Beginner" and level.actor == "Mia Mentee"


def test_it_exports_the_mentees_plan(personas):
    rel = mentorship(personas)
    added = item(rel, title="Negotiation", current=2, target=3)
    services.action_add(actor=rel.mentor, item=added, text="Ask for a raise")
    services.resource_add(actor=rel.mentor, item=added, kind="person", person_name="Ana",
                          person_why="Negotiated well")
    text = "\n".join(record_markdown(user=personas.mentee))
    assert "## Development plans" in text and "### With Marta Mentor" in text
    assert "- Level: 2 Beginner, target 3 Practising" in text
    assert "- [ ] Ask for a raise" in text and "- Person to meet: Ana: Negotiated well" in text
    assert "Development plans" not in "\n".join(record_markdown(user=personas.outsider))


def test_it_fills_the_demo_mentorship(personas):
    rel = mentorship(personas)
    counts = demo_records(mentee=rel.mentee, mentor=rel.mentor, relationship=rel)
    assert counts == {"development plan items": 6, "plan actions": 14}
    assert {i.kind for i in PlanItem.objects.all()} == {"knowledge", "skill", "ability"}
    oldest = LevelChange.objects.order_by("at").first().at
    assert (timezone.now() - oldest).days > 60
    assert PlanItem.objects.filter(resources__kind="person").exists()

    # No goal shared: nothing to link items to, so nothing is made.
    other = mentorship(personas, mentee=personas.mentee2, mentor=personas.mentor2)
    personas.mentee2.career_goals.update(visibility="private")
    assert demo_records(mentee=other.mentee, mentor=other.mentor, relationship=other) == {}


def test_it_costs_the_same_queries_for_a_long_plan(personas, query_budget):
    rel = mentorship(personas)

    def make(n):
        for _ in range(n):
            added = item(rel, title=f"Item {PlanItem.objects.count()}", current=1, target=3)
            services.item_set_level(actor=rel.mentee, item=added, level=2)
            action = services.action_add(actor=rel.mentor, item=added, text="Do it")
            services.action_set_done(actor=rel.mentee, action=action, done=True)

    def call():  # this app's hooks only: the other apps' have their own tests
        plan_sections.relationship_section(viewer=rel.mentor, relationship=rel)
        plan_sections.timeline_events(viewer=rel.mentor, relationship=rel)
        plan_sections.record_markdown(user=rel.mentee)

    query_budget(make=make, call=call, small=2, large=8)
