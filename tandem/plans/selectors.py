"""Reads for the development plan, scoped by the caller (who has already passed
``access_relationship`` or an ``access_plan_*`` check) and prefetched, so a page costs a
fixed number of queries however long the plan is."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from tandem.core.charts import Series, line_chart
from tandem.plans.models import (
    LEVELS,
    ItemKind,
    LevelChange,
    PlanItem,
    PlanTemplate,
    TemplateApplication,
    level_label,
)


def plan_items(relationship):
    return (PlanItem.objects.filter(relationship=relationship)
            .select_related("goal")
            .prefetch_related("actions", "resources")
            .order_by("created_at", "id"))


def item_detail(item_id: int) -> PlanItem:
    return (PlanItem.objects.select_related("goal", "relationship__mentee__profile",
                                            "relationship__mentor__profile")
            .prefetch_related(
                "actions", "resources",
                Prefetch("level_changes",
                         queryset=LevelChange.objects.select_related("changed_by__profile")))
            .get(pk=item_id))


def visible_goal_ids(relationship, viewer) -> set[int] | None:
    """The goals whose titles ``viewer`` may read in this mentorship: all of them for the
    mentee (None), the shared ones for the mentor. A goal made private after items were
    linked to it keeps its items, but the mentor no longer reads its title."""
    if viewer.pk == relationship.mentee_id:
        return None
    from tandem.growth.selectors import goals_shared_with

    return set(goals_shared_with(relationship).values_list("pk", flat=True))


def goal_title(item, visible: set[int] | None) -> str:
    if item.goal_id is None:
        return "No goal"
    if visible is not None and item.goal_id not in visible:
        return "A goal that is no longer shared"
    return item.goal.title


def grouped(items, *, by: str = "goal", visible: set[int] | None = None) -> list[dict]:
    """Items in groups: by goal (in the goals' order, items without a goal last) or by
    kind (knowledge, skill, ability). Each group: {"key", "title", "items"}."""
    groups: dict = {}
    if by == "kind":
        for kind in ItemKind:
            groups[kind.value] = {"key": kind.value, "title": kind.label, "items": []}
        for item in items:
            groups[item.kind]["items"].append(item)
        return [g for g in groups.values() if g["items"]]
    ordered = sorted(items, key=lambda i: (i.goal is None,
                                           (i.goal.position, i.goal_id) if i.goal else (0, 0),
                                           list(ItemKind.values).index(i.kind),
                                           i.created_at, i.pk))
    for item in ordered:
        key = item.goal_id or 0
        if key not in groups:
            groups[key] = {"key": key, "title": goal_title(item, visible), "items": []}
        groups[key]["items"].append(item)
    return list(groups.values())


def counts_by_kind(items) -> list[dict]:
    return [{"kind": kind.value, "label": kind.label,
             "count": sum(1 for i in items if i.kind == kind)} for kind in ItemKind]


def templates_for(user):
    """Built-in templates, then the user's own; each with ``item_count``."""
    return (PlanTemplate.objects.filter(Q(owner__isnull=True) | Q(owner=user))
            .annotate(item_count=Count("items"))
            .order_by("-builtin_key", "name", "id"))


def applications(relationship):
    return (TemplateApplication.objects.filter(relationship=relationship)
            .select_related("applied_by__profile").order_by("at", "id"))


def level_chart(item: PlanItem) -> str:
    """An SVG chart of the item's current level over time, with its target as a second
    line; reads the prefetched ``level_changes``."""
    changes = list(item.level_changes.all())
    points = [(timezone.localtime(c.at).date(), c.to_level) for c in changes]
    today = timezone.localdate()
    if points and points[-1][0] != today:
        points.append((today, item.current_level))
    start = points[0][0] if points else today
    return line_chart(
        title="Level over time",
        series=[Series("Current level", points),
                Series(f"Target: {level_label(item.target_level)}",
                       [(start, item.target_level), (today, item.target_level)])],
        y_min=1, y_max=5, y_ticks=list(LEVELS),
        y_format=lambda v: level_label(int(v)) if int(v) == v else f"{v:g}",
        chart_id=f"plan-item-{item.pk}-levels")


def open_mentorships(user):
    """The user's running mentorships, to apply a template to."""
    from tandem.mentorships.models import Relationship

    return (Relationship.objects.involving(user).filter(state__in=Relationship.OPEN_STATES)
            .select_related("mentee__profile", "mentor__profile"))
