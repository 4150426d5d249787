"""What the development plan adds to the relationship page, the timeline and a mentee's
exported record. Each function costs a fixed number of queries."""

from __future__ import annotations

from django.urls import reverse

from tandem.core.sections import TimelineEvent
from tandem.plans.models import (
    ItemKind,
    LevelChange,
    PlanAction,
    PlanItem,
    TemplateApplication,
    level_label,
)

RELATIONSHIP_TAB = "goals"  # where relationship_section shows (tandem.core.sections)


def relationship_section(*, viewer, relationship) -> dict | None:
    """A "Development plan" card: counts by kind, items at or near their target."""
    items = list(PlanItem.objects.filter(relationship=relationship)
                 .only("id", "title", "kind", "current_level", "target_level")
                 .order_by("created_at", "id"))
    counts = [{"label": kind.label, "count": sum(1 for i in items if i.kind == kind)}
              for kind in ItemKind]
    return {
        "template": "plans/partials/relationship_section.html", "tab": "goals",
        "relationship": relationship,
        "url": reverse("plans:plan", args=[relationship.pk]),
        "total": len(items),
        "counts": counts,
        "at_target": [i for i in items if i.at_target],
        "near_target": [i for i in items if i.near_target],
    }


def timeline_events(*, viewer, relationship) -> list[TimelineEvent]:
    events = []
    items = (PlanItem.objects.filter(relationship=relationship, application__isnull=True)
             .select_related("created_by__profile"))
    for item in items:
        events.append(TimelineEvent(
            at=item.created_at, kind="plan", title="Plan item added",
            url=reverse("plans:item", args=[item.pk]),
            detail=f"{item.get_kind_display()}: {item.title} (target {item.target_label})",
            actor=item.created_by.display_name if item.created_by else ""))
    changes = (LevelChange.objects.filter(item__relationship=relationship,
                                          from_level__isnull=False)
               .select_related("item", "changed_by__profile"))
    for change in changes:
        events.append(TimelineEvent(
            at=change.at, kind="plan", title="Level changed",
            url=reverse("plans:item", args=[change.item_id]),
            detail=f"{change.item.title}: {change.from_label} → {change.to_label}",
            actor=change.changed_by.display_name if change.changed_by else ""))
    actions = (PlanAction.objects.filter(item__relationship=relationship, done_at__isnull=False)
               .select_related("item", "done_by__profile"))
    for action in actions:
        events.append(TimelineEvent(
            at=action.done_at, kind="plan", title="Plan action done",
            url=reverse("plans:item", args=[action.item_id]),
            detail=f"{action.item.title}: {action.text}",
            actor=action.done_by.display_name if action.done_by else ""))
    applied = (TemplateApplication.objects.filter(relationship=relationship)
               .select_related("applied_by__profile"))
    for app in applied:
        events.append(TimelineEvent(
            at=app.at, kind="plan", title="Plan template applied",
            url=reverse("plans:plan", args=[relationship.pk]),
            detail=f"“{app.template_name}”: {app.item_count} items",
            actor=app.applied_by.display_name if app.applied_by else ""))
    return events


def _one_line(text: str) -> str:
    return " ".join(text.split())


def record_markdown(*, user) -> str:
    """The plans of the user's mentorships as a mentee: items with their levels, actions
    and resources, per mentorship."""
    items = list(PlanItem.objects.filter(relationship__mentee=user)
                 .select_related("relationship__mentor__profile", "goal")
                 .prefetch_related("actions", "resources")
                 .order_by("relationship__started_at", "relationship_id", "created_at", "id"))
    if not items:
        return ""
    lines = ["## Development plans", ""]
    current_rel = None
    for item in items:
        if item.relationship_id != current_rel:
            current_rel = item.relationship_id
            rel = item.relationship
            lines += [f"### With {rel.mentor.display_name} (from "
                      f"{rel.started_at:%Y-%m-%d}, {rel.get_state_display().lower()})", ""]
        goal = f" — for “{item.goal.title}”" if item.goal else ""
        lines.append(f"#### {item.get_kind_display()}: {_one_line(item.title)}{goal}")
        lines.append("")
        lines.append(f"- Level: {level_label(item.current_level)}, target "
                     f"{level_label(item.target_level)}"
                     + (" (reached)" if item.at_target else ""))
        if item.description:
            lines.append(f"- About: {_one_line(item.description)}")
        for action in item.actions.all():
            due = f" (due {action.due_date:%Y-%m-%d})" if action.due_date else ""
            done = f" (done {action.done_at:%Y-%m-%d})" if action.done_at else ""
            lines.append(f"- [{'x' if action.done_at else ' '}] {_one_line(action.text)}"
                         f"{due if not action.done_at else done}")
        for res in item.resources.all():
            if res.kind == "person":
                why = f": {_one_line(res.person_why)}" if res.person_why else ""
                lines.append(f"- Person to meet: {_one_line(res.person_name)}{why}")
            else:
                link = f" <{res.url}>" if res.url else ""
                lines.append(f"- {res.get_kind_display()}: {_one_line(res.title)}{link}")
        lines.append("")
    return "\n".join(lines)


# --- Data rights (tandem.privacy) -------------------------------------------------------


def export_data(*, user) -> dict:
    """Plan items the person added (with actions and resources) and their templates."""
    from tandem.core.exporting import plain
    from tandem.plans.models import PlanTemplate

    items = (PlanItem.objects.filter(created_by=user)
             .prefetch_related("actions", "resources").order_by("created_at", "id"))
    templates = PlanTemplate.objects.filter(owner=user).prefetch_related("items")
    return {
        "plan_items": [plain({
            "relationship_id": i.relationship_id, "goal_id": i.goal_id, "kind": i.kind,
            "title": i.title, "description": i.description,
            "current_level": i.current_level, "target_level": i.target_level,
            "created_at": i.created_at,
            "actions": [{"text": a.text, "due_date": a.due_date, "done_at": a.done_at}
                        for a in i.actions.all()],
            "resources": [{"kind": r.kind, "title": r.title, "url": r.url,
                           "person_name": r.person_name, "person_why": r.person_why}
                          for r in i.resources.all()],
        }) for i in items],
        "templates": [plain({
            "name": t.name, "description": t.description, "created_at": t.created_at,
            "items": [{"kind": i.kind, "title": i.title, "description": i.description,
                       "target_level": i.target_level, "actions": i.actions,
                       "resources": i.resources} for i in t.items.all()],
        }) for t in templates],
    }


def erase_user(*, user) -> None:
    """Plan items the person added and their own templates go; items the other party
    added stay in the plan."""
    from tandem.plans.models import PlanTemplate

    PlanItem.objects.filter(created_by=user).delete()
    PlanTemplate.objects.filter(owner=user).delete()
    TemplateApplication.objects.filter(applied_by=user).update(template_name="A template")
