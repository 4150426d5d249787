from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.errors import DomainError, Forbidden
from tandem.core.forms import submit
from tandem.growth.selectors import goals_shared_with
from tandem.mentorships.permissions import access_relationship
from tandem.plans import selectors, services
from tandem.plans.forms import (
    ActionForm,
    ApplyTemplateForm,
    ItemForm,
    LevelForm,
    ResourceForm,
    TemplateSaveForm,
)
from tandem.plans.models import LEVEL_CHOICES
from tandem.plans.permissions import (
    access_plan_action,
    access_plan_item,
    access_plan_resource,
    access_plan_template,
)


def _status(*forms) -> int:
    return 400 if any(f is not None and f.errors for f in forms) else 200


# --- The plan ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id, write=request.method == "POST")
    goals = list(goals_shared_with(rel))
    form = ItemForm(request.POST if request.method == "POST" else None, goals=goals)
    if request.method == "POST" and submit(request, form, lambda v: services.item_add(
            actor=request.user, relationship=rel, **v), done="Added to the plan.") is not None:
        return redirect("plans:plan", rel.pk)
    by = "kind" if request.GET.get("group") == "kind" else "goal"
    items = list(selectors.plan_items(rel))
    visible = selectors.visible_goal_ids(rel, request.user)
    return render(request, "plans/plan.html", {
        "rel": rel, "other": rel.other_party(request.user), "form": form, "goals": goals,
        "groups": selectors.grouped(items, by=by, visible=visible), "by": by,
        "counts": selectors.counts_by_kind(items), "item_count": len(items),
        "at_target": sum(1 for i in items if i.at_target),
        "applications": list(selectors.applications(rel)),
        "is_mentor": rel.mentor_id == request.user.pk,
    }, status=_status(form))


# --- One item ---------------------------------------------------------------------------


def _item_page(request, item_id: int, *, edit=None, level=None, action=None, resource=None):
    item = selectors.item_detail(item_id)
    rel = item.relationship
    goals = list(goals_shared_with(rel))
    if edit is None:
        edit = ItemForm(goals=goals, initial={
            "goal_id": item.goal_id, "kind": item.kind, "title": item.title,
            "description": item.description, "current_level": item.current_level,
            "target_level": item.target_level})
    visible = selectors.visible_goal_ids(rel, request.user)
    return render(request, "plans/item.html", {
        "item": item, "rel": rel, "other": rel.other_party(request.user),
        "goal_title": selectors.goal_title(item, visible),
        "edit_form": edit, "level_form": level or LevelForm(initial={
            "level": min(item.current_level + 1, 5)}),
        "action_form": action or ActionForm(), "resource_form": resource or ResourceForm(),
        "history": list(item.level_changes.all()),
        "chart": mark_safe(selectors.level_chart(item)),  # noqa: S308  # nosec B308 B703: escaped when built
        "levels": LEVEL_CHOICES,
    }, status=_status(edit, level, action, resource))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_detail(request, plan_item_id: int):
    item = access_plan_item(request.user, plan_item_id, write=request.method == "POST")
    if request.method != "POST":  # GET and HEAD
        return _item_page(request, item.pk)
    form = ItemForm(request.POST, goals=list(goals_shared_with(item.relationship)))
    if submit(request, form, lambda v: services.item_update(actor=request.user, item=item, **v),
              done="Saved.") is not None:
        return redirect("plans:item", item.pk)
    return _item_page(request, item.pk, edit=form)


@login_required
@require_POST
def item_level(request, plan_item_id: int):
    item = access_plan_item(request.user, plan_item_id, write=True)
    form = LevelForm(request.POST)
    if submit(request, form, lambda v: services.item_set_level(
            actor=request.user, item=item, level=v["level"]),
            done="New level recorded.") is not None:
        return redirect("plans:item", item.pk)
    return _item_page(request, item.pk, level=form)


@login_required
@require_POST
def item_delete(request, plan_item_id: int):
    item = access_plan_item(request.user, plan_item_id, write=True)
    try:
        services.item_delete(actor=request.user, item=item)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("plans:item", item.pk)
    messages.success(request, "Removed from the plan.")
    return redirect("plans:plan", item.relationship_id)


@login_required
@require_POST
def action_add(request, plan_item_id: int):
    item = access_plan_item(request.user, plan_item_id, write=True)
    form = ActionForm(request.POST)
    if submit(request, form, lambda v: services.action_add(actor=request.user, item=item, **v),
              done="Action added.") is not None:
        return redirect("plans:item", item.pk)
    return _item_page(request, item.pk, action=form)


@login_required
@require_POST
def action_toggle(request, plan_action_id: int):
    action = access_plan_action(request.user, plan_action_id, write=True)
    try:
        services.action_set_done(actor=request.user, action=action,
                                 done=request.POST.get("done") == "yes")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("plans:item", action.item_id)


@login_required
@require_POST
def action_delete(request, plan_action_id: int):
    action = access_plan_action(request.user, plan_action_id, write=True)
    try:
        services.action_delete(actor=request.user, action=action)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Action removed.")
    return redirect("plans:item", action.item_id)


@login_required
@require_POST
def resource_add(request, plan_item_id: int):
    item = access_plan_item(request.user, plan_item_id, write=True)
    form = ResourceForm(request.POST)
    if submit(request, form, lambda v: services.resource_add(actor=request.user, item=item, **v),
              done="Resource added.") is not None:
        return redirect("plans:item", item.pk)
    return _item_page(request, item.pk, resource=form)


@login_required
@require_POST
def resource_delete(request, plan_resource_id: int):
    resource = access_plan_resource(request.user, plan_resource_id, write=True)
    try:
        services.resource_delete(actor=request.user, resource=resource)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Resource removed.")
    return redirect("plans:item", resource.item_id)


# --- Templates --------------------------------------------------------------------------


@login_required
def template_list(request):
    templates = list(selectors.templates_for(request.user))
    return render(request, "plans/template_list.html", {
        "builtin": [t for t in templates if t.is_builtin],
        "own": [t for t in templates if not t.is_builtin],
        "may_own": services.may_own_templates(request.user),
    })


@login_required
def template_detail(request, plan_template_id: int):
    template = access_plan_template(request.user, plan_template_id)
    open_rels = selectors.open_mentorships(request.user)
    return render(request, "plans/template_detail.html", {
        "template": template, "items": list(template.items.all()),
        "mentorships": [(r, r.other_party(request.user)) for r in open_rels],
    })


@login_required
@require_POST
def template_delete(request, plan_template_id: int):
    template = access_plan_template(request.user, plan_template_id, write=True)
    services.template_delete(actor=request.user, template=template)
    messages.success(request, "Template deleted.")
    return redirect("plans:templates")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def template_save(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    if rel.mentor_id != request.user.pk:
        raise Forbidden
    form = TemplateSaveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        template = submit(request, form, lambda v: services.template_save(
            actor=request.user, relationship=rel, **v),
            done="Saved as a template. Only you see it.")
        if template is not None:
            return redirect("plans:template", template.pk)
    return render(request, "plans/template_save.html", {
        "rel": rel, "other": rel.other_party(request.user), "form": form,
        "item_count": rel.plan_items.count(),
    }, status=_status(form))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def template_apply(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id, write=request.method == "POST")
    templates = list(selectors.templates_for(request.user))
    goals = list(goals_shared_with(rel))
    initial = {}
    if request.GET.get("template", "").isdecimal():
        initial["template_id"] = int(request.GET["template"])
    form = ApplyTemplateForm(request.POST if request.method == "POST" else None,
                             initial=initial, templates=templates, goals=goals)
    if request.method == "POST":
        def apply(v):
            chosen = next(t for t in templates if t.pk == v["template_id"])
            return services.template_apply(actor=request.user, template=chosen,
                                           relationship=rel, goal_id=v["goal_id"])

        items = submit(request, form, apply)
        if items is not None:
            messages.success(request, f"{len(items)} items added to the plan.")
            return redirect("plans:plan", rel.pk)
    return render(request, "plans/template_apply.html", {
        "rel": rel, "other": rel.other_party(request.user), "form": form, "goals": goals,
    }, status=_status(form))
