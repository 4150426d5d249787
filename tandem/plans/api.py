from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict, StrictBool, StrictInt

from tandem.core.errors import NotFound, ValidationFailed
from tandem.core.schemas import ERRORS
from tandem.mentorships.permissions import access_relationship
from tandem.plans import selectors, services
from tandem.plans.models import level_label
from tandem.plans.permissions import (
    access_plan_action,
    access_plan_item,
    access_plan_resource,
    access_plan_template,
)

router = Router(tags=["plans"])
STRICT = ConfigDict(extra="forbid")
LEVEL_HELP = "1 Aware, 2 Beginner, 3 Practising, 4 Proficient, 5 Expert"


class PlanItemIn(Schema):
    model_config = STRICT
    goal_id: StrictInt = Field(description="One of the mentee's goals shared in the mentorship")
    kind: str = Field(description="knowledge, skill or ability")
    title: str
    description: str = ""
    current_level: StrictInt = Field(1, description=LEVEL_HELP)
    target_level: StrictInt = Field(3, description=LEVEL_HELP)


class PlanItemPatch(Schema):
    model_config = STRICT
    goal_id: StrictInt | None = None
    kind: str | None = None
    title: str | None = None
    description: str | None = None
    current_level: StrictInt | None = Field(None, description=LEVEL_HELP)
    target_level: StrictInt | None = Field(None, description=LEVEL_HELP)


class LevelIn(Schema):
    model_config = STRICT
    level: StrictInt = Field(description=LEVEL_HELP)


class ActionIn(Schema):
    model_config = STRICT
    text: str
    due_date: date | None = None


class DoneIn(Schema):
    model_config = STRICT
    done: StrictBool


class ResourceIn(Schema):
    model_config = STRICT
    kind: str = Field(description="course, book, article, person or event")
    title: str = Field("", description="Optional for a person (their name is used)")
    url: str = Field("", description="http(s) link; not for a person")
    person_name: str = Field("", description="For a person to meet")
    person_why: str = Field("", description="For a person to meet: why")


class ActionOut(Schema):
    id: int
    text: str
    due_date: date | None
    done_at: datetime | None


class ResourceOut(Schema):
    id: int
    kind: str
    title: str
    url: str
    person_name: str
    person_why: str


class LevelChangeOut(Schema):
    at: datetime
    changed_by_id: int | None
    from_level: int | None
    from_label: str
    to_level: int
    to_label: str


class PlanItemOut(Schema):
    id: int
    relationship_id: int
    goal_id: int | None
    goal_title: str
    kind: str
    title: str
    description: str
    current_level: int
    current_label: str
    target_level: int
    target_label: str
    at_target: bool
    actions: list[ActionOut]
    resources: list[ResourceOut]
    created_at: datetime


class PlanItemDetailOut(PlanItemOut):
    history: list[LevelChangeOut]


class TemplateResourceIn(Schema):
    model_config = STRICT
    kind: str = Field(description="course, book, article or event")
    title: str
    url: str = ""


class TemplateItemIn(Schema):
    model_config = STRICT
    kind: str = Field(description="knowledge, skill or ability")
    title: str
    description: str = ""
    target_level: StrictInt = Field(3, description=LEVEL_HELP)
    actions: list[str] = []
    resources: list[TemplateResourceIn] = []


class TemplateIn(Schema):
    model_config = STRICT
    name: str
    description: str = ""
    relationship_id: StrictInt | None = Field(
        None, description="Save this mentorship's plan (you are its mentor) ...")
    items: list[TemplateItemIn] | None = Field(None, description="... or give the items")


class TemplateResourceOut(Schema):
    kind: str
    title: str
    url: str = ""


class TemplateItemOut(Schema):
    kind: str
    title: str
    description: str
    target_level: int
    target_label: str
    actions: list[str]
    resources: list[TemplateResourceOut]


class TemplateOut(Schema):
    id: int
    name: str
    description: str
    builtin: bool
    item_count: int


class TemplateDetailOut(TemplateOut):
    items: list[TemplateItemOut]


class ApplyIn(Schema):
    model_config = STRICT
    template_id: StrictInt
    goal_id: StrictInt = Field(description="The shared goal the new items link to")


def _item_out(item, visible, *, history: bool = False) -> dict:
    out = {
        "id": item.pk, "relationship_id": item.relationship_id, "goal_id": item.goal_id,
        "goal_title": selectors.goal_title(item, visible), "kind": item.kind,
        "title": item.title, "description": item.description,
        "current_level": item.current_level, "current_label": item.current_label,
        "target_level": item.target_level, "target_label": item.target_label,
        "at_target": item.at_target, "actions": list(item.actions.all()),
        "resources": list(item.resources.all()), "created_at": item.created_at,
    }
    if history:
        out["history"] = [{"at": c.at, "changed_by_id": c.changed_by_id,
                           "from_level": c.from_level, "from_label": c.from_label,
                           "to_level": c.to_level, "to_label": c.to_label}
                          for c in item.level_changes.all()]
    return out


def _detail(request, item_id: int) -> dict:
    item = selectors.item_detail(item_id)
    visible = selectors.visible_goal_ids(item.relationship, request.user)
    return _item_out(item, visible, history=True)


def _template_out(template, *, items: bool = False) -> dict:
    rows = list(template.items.all()) if items else None
    out = {"id": template.pk, "name": template.name, "description": template.description,
           "builtin": template.is_builtin,
           "item_count": getattr(template, "item_count", None)
           if rows is None else len(rows)}
    if out["item_count"] is None:
        out["item_count"] = template.items.count()
    if rows is not None:
        out["items"] = [{"kind": r.kind, "title": r.title, "description": r.description,
                         "target_level": r.target_level,
                         "target_label": level_label(r.target_level), "actions": r.actions,
                         "resources": r.resources} for r in rows]
    return out


@router.get("/mentorships/{relationship_id}/plan", response={200: list[PlanItemOut], **ERRORS},
            summary="The mentorship's development plan")
def list_plan(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    visible = selectors.visible_goal_ids(rel, request.user)
    return [_item_out(item, visible) for item in selectors.plan_items(rel)]


@router.post("/mentorships/{relationship_id}/plan/items",
             response={201: PlanItemDetailOut, **ERRORS}, summary="Add a plan item")
def add_item(request, relationship_id: int, payload: PlanItemIn):
    rel = access_relationship(request.user, relationship_id, write=True)
    item = services.item_add(actor=request.user, relationship=rel, **payload.model_dump())
    return Status(201, _detail(request, item.pk))


@router.get("/plan-items/{plan_item_id}", response={200: PlanItemDetailOut, **ERRORS},
            summary="A plan item with its actions, resources and level history")
def get_item(request, plan_item_id: int):
    item = access_plan_item(request.user, plan_item_id)
    return _detail(request, item.pk)


@router.patch("/plan-items/{plan_item_id}", response={200: PlanItemDetailOut, **ERRORS},
              summary="Change a plan item")
def update_item(request, plan_item_id: int, payload: PlanItemPatch):
    item = access_plan_item(request.user, plan_item_id, write=True)
    changes = payload.model_dump(exclude_unset=True)
    nulls = [k for k, v in changes.items() if v is None]
    if nulls:
        raise ValidationFailed("This cannot be empty.", field=nulls[0])
    services.item_update(actor=request.user, item=item, **changes)
    return _detail(request, item.pk)


@router.delete("/plan-items/{plan_item_id}", response={204: None, **ERRORS},
               summary="Remove a plan item")
def delete_item(request, plan_item_id: int):
    item = access_plan_item(request.user, plan_item_id, write=True)
    services.item_delete(actor=request.user, item=item)
    return Status(204, None)


@router.post("/plan-items/{plan_item_id}/level", response={200: PlanItemDetailOut, **ERRORS},
             summary="Record a new current level")
def set_level(request, plan_item_id: int, payload: LevelIn):
    item = access_plan_item(request.user, plan_item_id, write=True)
    services.item_set_level(actor=request.user, item=item, level=payload.level)
    return _detail(request, item.pk)


@router.post("/plan-items/{plan_item_id}/actions", response={201: ActionOut, **ERRORS},
             summary="Add an action to a plan item")
def add_action(request, plan_item_id: int, payload: ActionIn):
    item = access_plan_item(request.user, plan_item_id, write=True)
    return Status(201, services.action_add(actor=request.user, item=item,
                                           **payload.model_dump()))


@router.post("/plan-actions/{plan_action_id}/done", response={200: ActionOut, **ERRORS},
             summary="Mark a plan action done or not done")
def action_done(request, plan_action_id: int, payload: DoneIn):
    action = access_plan_action(request.user, plan_action_id, write=True)
    return services.action_set_done(actor=request.user, action=action, done=payload.done)


@router.delete("/plan-actions/{plan_action_id}", response={204: None, **ERRORS},
               summary="Remove a plan action")
def delete_action(request, plan_action_id: int):
    action = access_plan_action(request.user, plan_action_id, write=True)
    services.action_delete(actor=request.user, action=action)
    return Status(204, None)


@router.post("/plan-items/{plan_item_id}/resources", response={201: ResourceOut, **ERRORS},
             summary="Add a resource (course, book, article, event, or a person to meet)")
def add_resource(request, plan_item_id: int, payload: ResourceIn):
    item = access_plan_item(request.user, plan_item_id, write=True)
    return Status(201, services.resource_add(actor=request.user, item=item,
                                             **payload.model_dump()))


@router.delete("/plan-resources/{plan_resource_id}", response={204: None, **ERRORS},
               summary="Remove a resource")
def delete_resource(request, plan_resource_id: int):
    resource = access_plan_resource(request.user, plan_resource_id, write=True)
    services.resource_delete(actor=request.user, resource=resource)
    return Status(204, None)


@router.get("/plan-templates", response={200: list[TemplateOut], **ERRORS},
            summary="Built-in plan templates and your own")
def list_templates(request):
    return [_template_out(t) for t in selectors.templates_for(request.user)]


@router.post("/plan-templates", response={201: TemplateDetailOut, **ERRORS},
             summary="Save a mentorship's plan as a template, or write one from items")
def create_template(request, payload: TemplateIn):
    data = payload.model_dump()
    if (data["relationship_id"] is None) == (data["items"] is None):
        raise ValidationFailed("Give either relationship_id or items.", field="relationship_id")
    if data["relationship_id"] is not None:
        try:
            rel = access_relationship(request.user, data["relationship_id"])
        except NotFound:
            raise ValidationFailed("Pick one of your mentorships.",
                                   field="relationship_id") from None
        template = services.template_save(actor=request.user, relationship=rel,
                                          name=data["name"], description=data["description"])
    else:
        template = services.template_create(actor=request.user, name=data["name"],
                                            description=data["description"],
                                            items=data["items"])
    return Status(201, _template_out(template, items=True))


@router.get("/plan-templates/{plan_template_id}", response={200: TemplateDetailOut, **ERRORS},
            summary="A plan template with its items")
def get_template(request, plan_template_id: int):
    return _template_out(access_plan_template(request.user, plan_template_id), items=True)


@router.delete("/plan-templates/{plan_template_id}", response={204: None, **ERRORS},
               summary="Delete one of your templates")
def delete_template(request, plan_template_id: int):
    template = access_plan_template(request.user, plan_template_id, write=True)
    services.template_delete(actor=request.user, template=template)
    return Status(204, None)


@router.post("/mentorships/{relationship_id}/plan/apply-template",
             response={201: list[PlanItemOut], **ERRORS},
             summary="Copy a template's items into the mentorship's plan")
def apply_template(request, relationship_id: int, payload: ApplyIn):
    rel = access_relationship(request.user, relationship_id, write=True)
    try:
        template = access_plan_template(request.user, payload.template_id)
    except NotFound:
        raise ValidationFailed("Pick one of the built-in templates or one of yours.",
                               field="template_id") from None
    items = services.template_apply(actor=request.user, template=template, relationship=rel,
                                    goal_id=payload.goal_id)
    visible = selectors.visible_goal_ids(rel, request.user)
    fresh = selectors.plan_items(rel).filter(pk__in=[i.pk for i in items])
    return Status(201, [_item_out(item, visible) for item in fresh])
