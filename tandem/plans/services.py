"""Writing the development plan: items (knowledge, skills, abilities) linked to the
mentee's shared goals, their levels, actions and resources; and plan templates.

Both parties of an open mentorship write the plan (the mentor mostly sets it out, the
mentee records progress); a closed mentorship's plan is read-only. Every change of an
item's current level is kept as a ``LevelChange``."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tandem.core.audit import audit_log
from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.core.errors import FieldErrors as _Errors
from tandem.core.validation import EMPTY_MESSAGE, check_text, is_id, reject_nul_characters
from tandem.mentorships.models import Relationship
from tandem.notifications.services import notify
from tandem.plans.models import (
    LEVELS,
    ItemKind,
    LevelChange,
    PlanAction,
    PlanItem,
    PlanResource,
    PlanTemplate,
    ResourceKind,
    TemplateApplication,
    TemplateItem,
)

MAX_ITEMS = 60
MAX_ACTIONS = 30
MAX_RESOURCES = 20
MAX_TEMPLATES = 50
MAX_TEMPLATE_ITEMS = 40
EARLIEST_DUE = date(2000, 1, 1)
LATEST_DUE_YEARS = 10

_url_validator = URLValidator(schemes=["http", "https"])


def _text(errors: _Errors, field: str, value, limit: int, *, required: bool,
          empty: str = EMPTY_MESSAGE) -> str:
    return check_text(value, field=field, limit=limit, required=required, empty=empty,
                      errors=errors)


def _level(errors: _Errors, field: str, value) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value not in LEVELS:
        labels = ", ".join(f"{n} {label}" for n, label in LEVELS.items())
        errors.add(field, f"A level from 1 to 5 ({labels}).")
        return None
    return value


def _target_not_below(errors: _Errors, current: int | None, target: int | None) -> None:
    """A target set below the current level would read "At target" at once. Recording a
    current level past the target stays allowed: that is progress, not a plan."""
    if current is not None and target is not None and target < current:
        errors.add("target_level", "The target level must be at least the current level "
                                   f"({current} {LEVELS[current]}).")


def _kind(errors: _Errors, field: str, value, choices) -> str:
    if value not in choices.values:
        errors.add(field, f"Use one of {', '.join(choices.values)}.")
    return value


def _due_date(errors: _Errors, field: str, value) -> date | None:
    if value is None:
        return None
    if not isinstance(value, date):
        errors.add(field, "A date like 2030-03-01.")
        return None
    latest = timezone.localdate() + timedelta(days=365 * LATEST_DUE_YEARS)
    if not EARLIEST_DUE <= value <= latest:
        errors.add(field, f"A date between {EARLIEST_DUE:%Y} and {latest:%Y}.")
    return value


def _goal(errors: _Errors, relationship: Relationship, goal_id):
    from tandem.growth.selectors import goals_shared_with

    goal = None
    if is_id(goal_id):
        goal = goals_shared_with(relationship).filter(pk=goal_id).first()
    if goal is None:
        errors.add("goal_id", "Pick one of the mentee's goals shared in this mentorship.")
    return goal


def _require_open(relationship: Relationship) -> None:
    if not relationship.is_open:
        raise Conflict("This mentorship has ended: its development plan is read-only now.")


def _plan_url(relationship: Relationship) -> str:
    return reverse("plans:plan", args=[relationship.pk])


def _notify_new_items(*, actor, relationship: Relationship, count: int,
                      what: str | None = None) -> None:
    other = relationship.other_party(actor)
    title = what or (f"{actor.display_name} added {count} item"
                     f"{'' if count == 1 else 's'} to your development plan")
    notify(recipient=other, kind="plan.items_added", title=title, url=_plan_url(relationship))


# --- Items ------------------------------------------------------------------------------


def item_add(*, actor, relationship: Relationship, goal_id, kind: str, title: str,
             description: str = "", current_level=1, target_level=3,
             notify_other: bool = True) -> PlanItem:
    """Add an item to the mentorship's plan, linked to one of the mentee's shared goals.
    Its starting level is the first entry of its level history."""
    reject_nul_characters({"title": title, "description": description, "kind": kind})
    errors = _Errors()
    goal = _goal(errors, relationship, goal_id)
    kind = _kind(errors, "kind", kind, ItemKind)
    title = _text(errors, "title", title, 200, required=True, empty="Name the item.")
    description = _text(errors, "description", description, 4000, required=False)
    current = _level(errors, "current_level", current_level)
    target = _level(errors, "target_level", target_level)
    _target_not_below(errors, current, target)
    errors.raise_if_any()
    _require_open(relationship)
    with transaction.atomic():
        if PlanItem.objects.filter(relationship=relationship).count() >= MAX_ITEMS:
            raise ValidationFailed(f"A plan holds at most {MAX_ITEMS} items.", field="title")
        item = PlanItem.objects.create(
            relationship=relationship, goal=goal, kind=kind, title=title,
            description=description, current_level=current, target_level=target,
            created_by=actor)
        LevelChange.objects.create(item=item, changed_by=actor, from_level=None,
                                   to_level=current)
        audit_log(actor=actor, action="plans.item.added", target=item)
        if notify_other:
            _notify_new_items(actor=actor, relationship=relationship, count=1)
    return item


ITEM_FIELDS = ("goal_id", "kind", "title", "description", "current_level", "target_level")


def item_update(*, actor, item: PlanItem, **changes) -> PlanItem:
    """Change any of ``ITEM_FIELDS``; a new current level is added to the history."""
    unknown = set(changes) - set(ITEM_FIELDS)
    if unknown:
        raise ValidationFailed("Unknown field.", field=sorted(unknown)[0])
    reject_nul_characters({k: v for k, v in changes.items() if isinstance(v, str)})
    rel = item.relationship
    errors = _Errors()
    values: dict = {}
    if "goal_id" in changes:
        values["goal"] = _goal(errors, rel, changes["goal_id"])
    if "kind" in changes:
        values["kind"] = _kind(errors, "kind", changes["kind"], ItemKind)
    if "title" in changes:
        values["title"] = _text(errors, "title", changes["title"], 200, required=True,
                                empty="Name the item.")
    if "description" in changes:
        values["description"] = _text(errors, "description", changes["description"], 4000,
                                      required=False)
    for field in ("current_level", "target_level"):
        if field in changes:
            values[field] = _level(errors, field, changes[field])
    if "target_level" in changes:
        _target_not_below(errors, values.get("current_level", item.current_level),
                          values["target_level"])
    errors.raise_if_any()
    _require_open(rel)
    with transaction.atomic():
        item = PlanItem.objects.select_for_update().select_related("relationship").get(
            pk=item.pk)
        old_level = item.current_level
        changed = [f for f, v in values.items() if getattr(item, f) != v]
        for field in changed:
            setattr(item, field, values[field])
        if changed:
            item.save(update_fields=[*changed, "updated_at"])
            audit_log(actor=actor, action="plans.item.updated", target=item,
                      data={"fields": sorted(changed)})
        if "current_level" in changed:
            LevelChange.objects.create(item=item, changed_by=actor, from_level=old_level,
                                       to_level=item.current_level)
    return item


def item_set_level(*, actor, item: PlanItem, level) -> PlanItem:
    """Record the item's new current level (the mentee's usual way of noting progress)."""
    errors = _Errors()
    _level(errors, "level", level)
    errors.raise_if_any()
    return item_update(actor=actor, item=item, current_level=level)


def item_delete(*, actor, item: PlanItem) -> None:
    _require_open(item.relationship)
    with transaction.atomic():
        audit_log(actor=actor, action="plans.item.deleted", target=item)
        item.delete()


# --- Actions ----------------------------------------------------------------------------


def action_add(*, actor, item: PlanItem, text: str, due_date: date | None = None) -> PlanAction:
    reject_nul_characters({"text": text})
    errors = _Errors()
    text = _text(errors, "text", text, 300, required=True, empty="Say what to do.")
    due_date = _due_date(errors, "due_date", due_date)
    errors.raise_if_any()
    _require_open(item.relationship)
    with transaction.atomic():
        if PlanAction.objects.filter(item=item).count() >= MAX_ACTIONS:
            raise ValidationFailed(f"An item holds at most {MAX_ACTIONS} actions.", field="text")
        action = PlanAction.objects.create(item=item, text=text, due_date=due_date)
        audit_log(actor=actor, action="plans.action.added", target=action)
    return action


def action_set_done(*, actor, action: PlanAction, done) -> PlanAction:
    if not isinstance(done, bool):
        raise ValidationFailed("true or false.", field="done")
    _require_open(action.item.relationship)
    with transaction.atomic():
        if done == action.is_done:
            return action
        action.done_at = timezone.now() if done else None
        action.done_by = actor if done else None
        action.save(update_fields=["done_at", "done_by", "updated_at"])
        audit_log(actor=actor, action="plans.action.done" if done else "plans.action.reopened",
                  target=action)
    return action


def action_delete(*, actor, action: PlanAction) -> None:
    _require_open(action.item.relationship)
    with transaction.atomic():
        audit_log(actor=actor, action="plans.action.deleted", target=action)
        action.delete()


# --- Resources --------------------------------------------------------------------------


def _check_url(errors: _Errors, field: str, url: str) -> str:
    if not url:
        return ""
    try:
        _url_validator(url)
    except ValidationError:
        errors.add(field, "A web address starting with http:// or https://.")
    return url


def resource_add(*, actor, item: PlanItem, kind: str, title: str = "", url: str = "",
                 person_name: str = "", person_why: str = "") -> PlanResource:
    """A course, book, article or event (with an optional http(s) link), or a person the
    mentee should be introduced to (a name and why)."""
    reject_nul_characters({"kind": kind, "title": title, "url": url,
                           "person_name": person_name, "person_why": person_why})
    errors = _Errors()
    kind = _kind(errors, "kind", kind, ResourceKind)
    is_person = kind == ResourceKind.PERSON
    person_name = _text(errors, "person_name", person_name, 120, required=is_person,
                        empty="Who should they meet?")
    person_why = _text(errors, "person_why", person_why, 500, required=False)
    title = _text(errors, "title", title, 200, required=not is_person,
                  empty="Name the resource.")
    url = _text(errors, "url", url, 500, required=False)
    if is_person:
        if url:
            errors.add("url", "A person is introduced, not linked: leave the link empty.")
        title = title or person_name
    else:
        url = _check_url(errors, "url", url)
        if person_name:
            errors.add("person_name", "Only for a person to meet.")
        if person_why:
            errors.add("person_why", "Only for a person to meet.")
    errors.raise_if_any()
    _require_open(item.relationship)
    with transaction.atomic():
        if PlanResource.objects.filter(item=item).count() >= MAX_RESOURCES:
            raise ValidationFailed(f"An item holds at most {MAX_RESOURCES} resources.",
                                   field="title")
        resource = PlanResource.objects.create(
            item=item, kind=kind, title=title[:200], url=url, person_name=person_name,
            person_why=person_why)
        audit_log(actor=actor, action="plans.resource.added", target=resource)
    return resource


def resource_delete(*, actor, resource: PlanResource) -> None:
    _require_open(resource.item.relationship)
    with transaction.atomic():
        audit_log(actor=actor, action="plans.resource.deleted", target=resource)
        resource.delete()


# --- Templates --------------------------------------------------------------------------


def may_own_templates(user) -> bool:
    """Mentors and program coordinators keep templates of their own."""
    profile = getattr(user, "profile", None)
    return bool(user.is_coordinator or (profile is not None and profile.is_mentor))


def _template_head(errors: _Errors, name, description) -> tuple[str, str]:
    name = _text(errors, "name", name, 120, required=True, empty="Name the template.")
    description = _text(errors, "description", description, 2000, required=False)
    return name, description


def _check_template_items(errors: _Errors, items) -> list[dict]:
    """Validate template items given as dicts (the API's form of a template)."""
    if not isinstance(items, list | tuple):
        errors.add("items", "Give a list of items.")
        return []
    if not items:
        errors.add("items", "A template needs at least one item.")
    if len(items) > MAX_TEMPLATE_ITEMS:
        errors.add("items", f"At most {MAX_TEMPLATE_ITEMS} items.")
        return []
    clean = []
    for i, raw in enumerate(items):
        f = f"items[{i}]"
        if not isinstance(raw, dict):
            errors.add(f, "Give a kind, a title and a target level.")
            continue
        row = {
            "kind": _kind(errors, f"{f}.kind", raw.get("kind"), ItemKind),
            "title": _text(errors, f"{f}.title", raw.get("title"), 200, required=True,
                           empty="Name the item."),
            "description": _text(errors, f"{f}.description", raw.get("description"), 4000,
                                 required=False),
            "target_level": _level(errors, f"{f}.target_level", raw.get("target_level", 3)),
            "actions": [], "resources": [],
        }
        actions = raw.get("actions") or []
        if not isinstance(actions, list) or len(actions) > MAX_ACTIONS:
            errors.add(f"{f}.actions", f"A list of at most {MAX_ACTIONS} actions.")
            actions = []
        for j, text in enumerate(actions):
            row["actions"].append(_text(errors, f"{f}.actions[{j}]", text, 300, required=True,
                                        empty="Say what to do."))
        resources = raw.get("resources") or []
        if not isinstance(resources, list) or len(resources) > MAX_RESOURCES:
            errors.add(f"{f}.resources", f"A list of at most {MAX_RESOURCES} resources.")
            resources = []
        for j, res in enumerate(resources):
            g = f"{f}.resources[{j}]"
            if not isinstance(res, dict):
                errors.add(g, "Give a kind, a title and an optional link.")
                continue
            kind = res.get("kind")
            if kind == ResourceKind.PERSON or kind not in ResourceKind.values:
                errors.add(f"{g}.kind", "Use one of course, book, article, event (people "
                                        "are personal: they are not kept in templates).")
            title = _text(errors, f"{g}.title", res.get("title"), 200, required=True,
                          empty="Name the resource.")
            url = _check_url(errors, f"{g}.url",
                             _text(errors, f"{g}.url", res.get("url"), 500, required=False))
            row["resources"].append({"kind": kind, "title": title, "url": url})
        clean.append(row)
    return clean


def _create_template(*, actor, name: str, description: str, rows: list[dict]) -> PlanTemplate:
    with transaction.atomic():
        if PlanTemplate.objects.filter(owner=actor).count() >= MAX_TEMPLATES:
            raise ValidationFailed(f"You can keep at most {MAX_TEMPLATES} templates.",
                                   field="name")
        template = PlanTemplate.objects.create(owner=actor, name=name, description=description)
        TemplateItem.objects.bulk_create([
            TemplateItem(template=template, position=i, kind=row["kind"], title=row["title"],
                         description=row["description"], target_level=row["target_level"],
                         actions=row["actions"], resources=row["resources"])
            for i, row in enumerate(rows)])
        audit_log(actor=actor, action="plans.template.created", target=template,
                  data={"items": len(rows)})
    return template


def template_create(*, actor, name: str, description: str = "", items) -> PlanTemplate:
    """A template written from scratch (mentors and coordinators)."""
    if not may_own_templates(actor):
        raise Forbidden
    reject_nul_characters({"name": name, "description": description, "items": items})
    errors = _Errors()
    name, description = _template_head(errors, name, description)
    rows = _check_template_items(errors, items)
    errors.raise_if_any()
    return _create_template(actor=actor, name=name, description=description, rows=rows)


def template_save(*, actor, relationship: Relationship, name: str,
                  description: str = "") -> PlanTemplate:
    """Save the mentorship's plan as the mentor's template: kinds, titles, descriptions,
    target levels, action texts and non-personal resources. Goals, current levels, due
    dates, done marks and people to meet stay behind."""
    if actor.pk != relationship.mentor_id:
        raise Forbidden
    reject_nul_characters({"name": name, "description": description})
    errors = _Errors()
    name, description = _template_head(errors, name, description)
    errors.raise_if_any()
    items = list(PlanItem.objects.filter(relationship=relationship)
                 .prefetch_related("actions", "resources"))
    if not items:
        raise ValidationFailed("The plan has no items to save yet.", field="name")
    rows = [{
        "kind": item.kind, "title": item.title, "description": item.description,
        "target_level": item.target_level,
        "actions": [a.text for a in item.actions.all()],
        "resources": [{"kind": r.kind, "title": r.title, "url": r.url}
                      for r in item.resources.all() if r.kind != ResourceKind.PERSON],
    } for item in items[:MAX_TEMPLATE_ITEMS]]
    return _create_template(actor=actor, name=name, description=description, rows=rows)


def template_delete(*, actor, template: PlanTemplate) -> None:
    if template.owner_id != actor.pk:
        raise Forbidden
    with transaction.atomic():
        audit_log(actor=actor, action="plans.template.deleted", target=template)
        template.delete()


def template_apply(*, actor, template: PlanTemplate, relationship: Relationship,
                   goal_id) -> list[PlanItem]:
    """Copy the template's items into the mentorship's plan, all linked to one shared goal
    and starting at level 1. The other party gets one notification for the lot."""
    errors = _Errors()
    if not template.is_builtin and template.owner_id != actor.pk:
        errors.add("template_id", "Pick one of the built-in templates or one of yours.")
    goal = _goal(errors, relationship, goal_id)
    errors.raise_if_any()
    _require_open(relationship)
    rows = list(template.items.all())
    with transaction.atomic():
        existing = PlanItem.objects.filter(relationship=relationship).count()
        if existing + len(rows) > MAX_ITEMS:
            raise ValidationFailed(
                f"A plan holds at most {MAX_ITEMS} items; this one has {existing} and the "
                f"template {len(rows)}.", field="template_id")
        application = TemplateApplication.objects.create(
            relationship=relationship, template=template, template_name=template.name,
            applied_by=actor, item_count=len(rows))
        items = [PlanItem.objects.create(
            relationship=relationship, goal=goal, kind=row.kind, title=row.title,
            description=row.description, current_level=1,
            target_level=max(row.target_level, 1), created_by=actor, application=application)
            for row in rows]
        LevelChange.objects.bulk_create([
            LevelChange(item=item, changed_by=actor, from_level=None, to_level=1)
            for item in items])
        PlanAction.objects.bulk_create([
            PlanAction(item=item, text=text) for item, row in zip(items, rows, strict=True)
            for text in row.actions])
        PlanResource.objects.bulk_create([
            PlanResource(item=item, kind=res["kind"], title=res["title"], url=res.get("url", ""))
            for item, row in zip(items, rows, strict=True) for res in row.resources])
        audit_log(actor=actor, action="plans.template.applied", target=relationship,
                  data={"template_id": template.pk, "items": len(items)})
        _notify_new_items(
            actor=actor, relationship=relationship, count=len(items),
            what=f"{actor.display_name} added {len(items)} items to your development plan "
                 f"from a template")
    return items
