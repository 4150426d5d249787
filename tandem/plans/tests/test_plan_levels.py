"""A plan item's target level is never below its current level when the target is set."""

import pytest

from tandem.core.errors import ValidationFailed
from tandem.plans import services
from tandem.plans.models import PlanItem
from tandem.plans.tests.helpers import item, mentorship

MESSAGE = "The target level must be at least the current level (4 Proficient)."


def test_it_refuses_a_target_below_the_current_level_on_the_page(personas, client_for):
    rel = mentorship(personas)
    goal = personas.mentee.career_goals.first()
    response = client_for(personas.mentor).post(f"/mentorships/{rel.pk}/plan/", {
        "goal_id": goal.pk, "kind": "skill", "title": "Running a retro", "current_level": "4",
        "target_level": "2"})
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert not PlanItem.objects.exists()


def test_it_refuses_a_target_below_the_current_level_in_the_api(personas, api_client):
    rel = mentorship(personas)
    goal = personas.mentee.career_goals.first()
    mentor = api_client(personas.mentor)
    response = mentor.post(f"/api/mentorships/{rel.pk}/plan/items", {
        "goal_id": goal.pk, "kind": "skill", "title": "Code review", "current_level": 4,
        "target_level": 2})
    assert response.status_code == 422
    assert {"field": "target_level", "message": MESSAGE} in response.json()["errors"]
    assert not PlanItem.objects.exists()

    added = item(rel, current=4, target=5)
    response = mentor.patch(f"/api/plan-items/{added.pk}", {"target_level": 3})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "target_level"
    added.refresh_from_db()
    assert added.target_level == 5


def test_it_checks_the_levels_an_update_leaves(personas):
    rel = mentorship(personas)
    added = item(rel, current=2, target=4)
    # Lowering both at once is fine when the target stays at or above the current level.
    services.item_update(actor=rel.mentor, item=added, current_level=1, target_level=1)
    with pytest.raises(ValidationFailed, match="at least the current level"):
        services.item_update(actor=rel.mentor, item=added, current_level=3, target_level=2)
    # Progress past the target is progress: recording a level above it is not refused.
    services.item_set_level(actor=rel.mentee, item=added, level=2)
    added.refresh_from_db()
    assert (added.current_level, added.target_level) == (2, 1)
