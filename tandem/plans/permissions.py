"""Who may see and change the plan. A plan's items, actions and resources belong to the
two parties of its mentorship: to anyone else they do not exist (404), coordinators and
staff included. Templates: built-in ones are read by every signed-in person and changed by
nobody (403); a saved template is its owner's alone."""

from __future__ import annotations

from django.db.models import Q

from tandem.core.errors import Forbidden, NotFound
from tandem.core.permissions import parse_id
from tandem.mentorships.models import involving_q
from tandem.plans.models import PlanAction, PlanItem, PlanResource, PlanTemplate


def _party(user, prefix: str) -> Q:
    return involving_q(user, prefix=f"{prefix}relationship__")


def access_plan_item(user, plan_item_id, *, write: bool = False) -> PlanItem:
    if not user.is_authenticated:
        raise NotFound
    item = (PlanItem.objects.select_related("relationship__mentee__profile",
                                            "relationship__mentor__profile", "goal")
            .filter(_party(user, ""), pk=parse_id(plan_item_id)).first())
    if item is None:
        raise NotFound
    return item


def access_plan_action(user, plan_action_id, *, write: bool = False) -> PlanAction:
    if not user.is_authenticated:
        raise NotFound
    action = (PlanAction.objects.select_related("item__relationship")
              .filter(_party(user, "item__"), pk=parse_id(plan_action_id)).first())
    if action is None:
        raise NotFound
    return action


def access_plan_resource(user, plan_resource_id, *, write: bool = False) -> PlanResource:
    if not user.is_authenticated:
        raise NotFound
    resource = (PlanResource.objects.select_related("item__relationship")
                .filter(_party(user, "item__"), pk=parse_id(plan_resource_id)).first())
    if resource is None:
        raise NotFound
    return resource


def access_plan_template(user, plan_template_id, *, write: bool = False) -> PlanTemplate:
    if not user.is_authenticated:
        raise NotFound
    template = (PlanTemplate.objects
                .filter(Q(owner__isnull=True) | Q(owner=user), pk=parse_id(plan_template_id))
                .first())
    if template is None:
        raise NotFound
    if write and template.owner_id != user.pk:
        raise Forbidden
    return template
