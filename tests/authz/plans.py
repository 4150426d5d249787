"""Authorization entries for the development plan (tandem/plans). The plan is in Noah
(mentee2) and Marta's (mentor) mentorship; the template is Marta's own. Built-in
templates are read by every signed-in person and changed by nobody."""

from __future__ import annotations

from tests.authz import api_only, api_signed_in, only, signed_in

PARTIES = ["mentee2", "mentor"]

ARGS = {
    "plan_item_id": lambda o: o["plan_item"].pk,
    "plan_action_id": lambda o: o["plan_action"].pk,
    "plan_resource_id": lambda o: o["plan_resource"].pk,
    "plan_template_id": lambda o: o["plan_template"].pk,
}

MATRIX = {
    # Pages. An empty form is refused with the form shown again (400).
    "plans:plan": {"GET": only(200, PARTIES), "POST": only(400, PARTIES)},
    "plans:template_save": {"GET": only(200, ["mentor"]) | {"mentee2": 403},
                            "POST": only(400, ["mentor"]) | {"mentee2": 403}},
    "plans:template_apply": {"GET": only(200, PARTIES), "POST": only(400, PARTIES)},
    "plans:item": {"GET": only(200, PARTIES), "POST": only(400, PARTIES)},
    "plans:item_level": {"POST": only(400, PARTIES)},
    "plans:item_delete": {"POST": only(302, PARTIES)},
    "plans:action_add": {"POST": only(400, PARTIES)},
    "plans:action_toggle": {"POST": only(302, PARTIES)},
    "plans:action_delete": {"POST": only(302, PARTIES)},
    "plans:resource_add": {"POST": only(400, PARTIES)},
    "plans:resource_delete": {"POST": only(302, PARTIES)},
    "plans:templates": {"GET": signed_in(200)},
    "plans:template": {"GET": only(200, ["mentor"])},
    "plans:template_delete": {"POST": only(302, ["mentor"])},
    # API.
    "GET /api/mentorships/{relationship_id}/plan": {"GET": api_only(200, PARTIES)},
    "POST /api/mentorships/{relationship_id}/plan/items": {"POST": api_only(422, PARTIES)},
    "GET /api/plan-items/{plan_item_id}": {"GET": api_only(200, PARTIES)},
    "PATCH /api/plan-items/{plan_item_id}": {"PATCH": api_only(200, PARTIES)},
    "DELETE /api/plan-items/{plan_item_id}": {"DELETE": api_only(204, PARTIES)},
    "POST /api/plan-items/{plan_item_id}/level": {"POST": api_only(200, PARTIES)},
    "POST /api/plan-items/{plan_item_id}/actions": {"POST": api_only(201, PARTIES)},
    "POST /api/plan-actions/{plan_action_id}/done": {"POST": api_only(200, PARTIES)},
    "DELETE /api/plan-actions/{plan_action_id}": {"DELETE": api_only(204, PARTIES)},
    "POST /api/plan-items/{plan_item_id}/resources": {"POST": api_only(201, PARTIES)},
    "DELETE /api/plan-resources/{plan_resource_id}": {"DELETE": api_only(204, PARTIES)},
    "GET /api/plan-templates": {"GET": api_signed_in(200)},
    "POST /api/plan-templates": {"POST": api_signed_in(422)},
    "GET /api/plan-templates/{plan_template_id}": {"GET": api_only(200, ["mentor"])},
    "DELETE /api/plan-templates/{plan_template_id}": {"DELETE": api_only(204, ["mentor"])},
    "POST /api/mentorships/{relationship_id}/plan/apply-template": {
        "POST": api_only(422, PARTIES)},  # goal 0 is nobody's: a named-field error
}

# A built-in template: everyone signed in reads it; nobody may delete it (403).
_BUILTIN = {"plan_template_id": lambda o: o["plan_builtin_template"].pk}
PRIVATE_OBJECT_CASES = {
    "plans:template": (_BUILTIN, {"GET": signed_in(200)}),
    "plans:template_delete": (_BUILTIN, {"POST": signed_in(403)}),
    "GET /api/plan-templates/{plan_template_id}": (_BUILTIN, {"GET": api_signed_in(200)}),
    "DELETE /api/plan-templates/{plan_template_id}": (_BUILTIN,
                                                      {"DELETE": api_signed_in(403)}),
}

JSON_BODIES = {
    "POST /api/mentorships/{relationship_id}/plan/items": {
        "goal_id": 999999, "kind": "skill", "title": "Async Rust"},
    "POST /api/plan-items/{plan_item_id}/level": {"level": 3},
    "POST /api/plan-items/{plan_item_id}/actions": {"text": "Read the async book"},
    "POST /api/plan-actions/{plan_action_id}/done": {"done": True},
    "POST /api/plan-items/{plan_item_id}/resources": {"kind": "book",
                                                       "title": "Programming Rust"},
    "POST /api/mentorships/{relationship_id}/plan/apply-template": {"template_id": 999999,
                                                                     "goal_id": 999999},
}


def objects(personas, base) -> dict:
    from tandem.plans import services
    from tandem.plans.models import PlanTemplate

    rel = base["relationship"]
    item = services.item_add(actor=personas.mentor, relationship=rel,
                             goal_id=personas.mentee2.career_goals.first().pk, kind="skill",
                             title="Ownership and borrowing", current_level=2, target_level=4)
    return {
        "plan_item": item,
        "plan_action": services.action_add(actor=personas.mentor, item=item,
                                           text="Finish chapter 4"),
        "plan_resource": services.resource_add(actor=personas.mentor, item=item, kind="book",
                                               title="The Rust Programming Language"),
        "plan_template": services.template_save(actor=personas.mentor, relationship=rel,
                                                name="Rust basics"),
        "plan_builtin_template": PlanTemplate.objects.filter(owner__isnull=True).first(),
    }
