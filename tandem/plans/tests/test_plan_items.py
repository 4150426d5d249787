from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.core.errors import Conflict, ValidationFailed
from tandem.mentorships.services import relationship_complete
from tandem.notifications.models import Notification
from tandem.plans import services
from tandem.plans.models import LevelChange, PlanItem
from tandem.plans.tests.helpers import item, mentorship


def test_it_adds_an_item_and_tells_the_mentee(personas):
    rel = mentorship(personas)
    added = item(rel)
    assert (added.kind, added.current_label, added.target_label) == (
        "knowledge", "2 Beginner", "4 Proficient")
    assert [(c.from_level, c.to_level) for c in added.level_changes.all()] == [(None, 2)]
    note = Notification.objects.get(recipient=personas.mentee, kind="plan.items_added")
    assert "Marta Mentor added 1 item" in note.title and note.url == f"/mentorships/{rel.pk}/plan/"


def test_it_names_every_bad_field_at_once(personas):
    rel = mentorship(personas)
    with pytest.raises(ValidationFailed) as exc:
        services.item_add(actor=rel.mentor, relationship=rel, goal_id=999999, kind="talent",
                          title=" ", description="x" * 4001, current_level=0, target_level=6)
    fields = {e["field"] for e in exc.value.errors}
    assert fields == {"goal_id", "kind", "title", "description", "current_level",
                      "target_level"}
    assert not PlanItem.objects.exists()


def test_it_refuses_a_goal_the_mentee_keeps_private_or_of_someone_else(personas):
    rel = mentorship(personas)
    private = personas.mentee.career_goals.last()
    private.visibility = "private"
    private.save()
    noahs = personas.mentee2.career_goals.first()
    for goal_id in (private.pk, noahs.pk, True, "1", 2**70):
        with pytest.raises(ValidationFailed) as exc:
            services.item_add(actor=rel.mentor, relationship=rel, goal_id=goal_id,
                              kind="skill", title="Anything")
        assert exc.value.field == "goal_id"


def test_it_records_every_level_change_with_who_and_from_what(personas):
    rel = mentorship(personas)
    added = item(rel, current=1, target=3)
    services.item_set_level(actor=personas.mentee, item=added, level=2)
    services.item_set_level(actor=personas.mentee, item=added, level=2)  # no change
    services.item_update(actor=personas.mentor, item=added, current_level=3, title="New title")
    history = list(LevelChange.objects.filter(item=added))
    assert [(c.from_level, c.to_level, c.changed_by) for c in history] == [
        (None, 1, personas.mentor), (1, 2, personas.mentee), (2, 3, personas.mentor)]
    added.refresh_from_db()
    assert added.at_target and added.title == "New title"
    with pytest.raises(ValidationFailed) as exc:
        services.item_set_level(actor=personas.mentee, item=added, level=9)
    assert exc.value.field == "level"


def test_it_keeps_a_closed_mentorships_plan_read_only(personas):
    rel = mentorship(personas)
    added = item(rel)
    action = services.action_add(actor=rel.mentor, item=added, text="Read a chapter")
    relationship_complete(actor=rel.mentor, relationship=rel)
    added.refresh_from_db()
    with pytest.raises(Conflict, match="read-only"):
        services.item_set_level(actor=personas.mentee, item=added, level=3)
    with pytest.raises(Conflict):
        item(added.relationship)
    action.refresh_from_db()
    with pytest.raises(Conflict):
        services.action_set_done(actor=personas.mentee, action=action, done=True)


def test_it_validates_actions_and_resources(personas):
    rel = mentorship(personas)
    added = item(rel)
    action = services.action_add(actor=rel.mentee, item=added, text=" Read DDIA ",
                                 due_date=date(2030, 1, 1))
    assert action.text == "Read DDIA"
    for bad in ({"text": ""}, {"text": "x" * 301}, {"text": "a\x00b"},
                {"text": "ok", "due_date": date(1900, 1, 1)},
                {"text": "ok", "due_date": date(9999, 1, 1)}, {"text": "ok", "due_date": "soon"}):
        with pytest.raises(ValidationFailed):
            services.action_add(actor=rel.mentee, item=added, **bad)
    services.action_set_done(actor=rel.mentee, action=action, done=True)
    action.refresh_from_db()
    assert action.is_done and action.done_by == rel.mentee

    book = services.resource_add(actor=rel.mentor, item=added, kind="book",
                                 title="Designing Data-Intensive Applications")
    assert book.url == ""
    person = services.resource_add(actor=rel.mentor, item=added, kind="person",
                                   person_name="Priya", person_why="Runs our platform team")
    assert person.title == "Priya"
    cases = [
        ({"kind": "course", "title": "X", "url": "javascript:alert(1)"}, "url"),
        ({"kind": "course", "title": "X", "url": "ftp://example.org/"}, "url"),
        ({"kind": "article", "title": "X", "url": "https://"}, "url"),
        ({"kind": "person", "person_name": ""}, "person_name"),
        ({"kind": "person", "person_name": "A", "url": "https://example.org"}, "url"),
        ({"kind": "book", "title": "X", "person_name": "A"}, "person_name"),
        ({"kind": "podcast", "title": "X"}, "kind"),
        ({"kind": "book", "title": ""}, "title"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationFailed) as exc:
            services.resource_add(actor=rel.mentor, item=added, **kwargs)
        assert field in {e["field"] for e in exc.value.errors}, kwargs


def test_it_never_fails_on_any_text_or_level(personas):
    rel = mentorship(personas)
    goal_id = rel.mentee.career_goals.first().pk

    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(title=st.text(max_size=260), level=st.integers(min_value=-10, max_value=10))
    def check(title, level):
        try:
            created = services.item_add(actor=rel.mentor, relationship=rel, goal_id=goal_id,
                                         kind="skill", title=title, current_level=level,
                                         target_level=5)
        except ValidationFailed as exc:
            assert exc.errors and all(e["field"] for e in exc.errors)
        else:
            assert created.title == title.strip() and 1 <= level <= 5
            created.delete()

    check()
