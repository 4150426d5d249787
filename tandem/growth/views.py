"""Growth pages: my career goals and their milestones, the goals of a mentorship with
comments, and strengths and growth areas. Thin: access, a service or selector, render or
redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tandem.accounts.selectors import goals_of
from tandem.core.errors import DomainError, ValidationFailed
from tandem.core.forms import apply_errors
from tandem.growth import selectors, services
from tandem.growth.forms import AssessmentForm, CommentForm, GoalForm, MilestoneForm
from tandem.growth.permissions import (
    access_goal,
    access_goal_comment,
    access_milestone,
    access_own_goal_in,
    access_shared_goal,
)
from tandem.mentorships.permissions import access_relationship

# --- My career goals ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def goal_list(request):
    """My goals: each SMART goal with status, progress (by hand or from milestones), its
    milestones and who sees it; and the form to add one."""
    relationships = selectors.mentee_relationships(request.user)
    if request.method == "POST":
        form = GoalForm(request.POST, relationships=relationships)
        if form.is_valid():
            try:
                services.goal_create(actor=request.user, **form.cleaned_data)
            except ValidationFailed as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "Goal added.")
                return redirect("growth:goals")
    else:
        form = GoalForm(relationships=relationships)
    goals = selectors.decorate(goals_of(request.user))
    shared = selectors.sharing_of(request.user, goals)
    for goal in goals:
        goal.seen_by = shared[goal.pk]
    return render(request, "growth/goals.html", {
        "form": form, "goals": goals, "milestone_form": MilestoneForm(),
        "has_relationships": bool(relationships),
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def goal_edit(request, goal_id: int):
    goal = access_goal(request.user, goal_id, write=True)
    relationships = selectors.mentee_relationships(request.user)
    if request.method == "POST":
        form = GoalForm(request.POST, relationships=relationships)
        if form.is_valid():
            try:
                services.goal_update(actor=request.user, goal=goal, changes=form.cleaned_data)
            except ValidationFailed as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "Goal saved.")
                return redirect("growth:goals")
    else:
        chosen = selectors.chosen_relationship_ids(goal)
        form = GoalForm(initial=GoalForm.initial_from(goal, chosen), relationships=relationships)
    return render(request, "growth/goal_form.html", {
        "form": form, "goal": goal, "has_relationships": bool(relationships),
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def goal_delete(request, goal_id: int):
    goal = access_goal(request.user, goal_id, write=True)
    services.goal_delete(actor=request.user, goal=goal)
    messages.success(request, f"Goal “{goal.title}” removed.")
    return redirect("growth:goals")


@login_required
@require_POST
def milestone_add(request, goal_id: int):
    goal = access_goal(request.user, goal_id, write=True)
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"Milestone not added: {error}")
        return redirect("growth:goals")
    try:
        services.milestone_add(actor=request.user, goal=goal, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, f"Milestone not added: {exc.message}")
    else:
        messages.success(request, "Milestone added.")
    return redirect("growth:goals")


@login_required
@require_POST
def milestone_toggle(request, milestone_id: int):
    milestone = access_milestone(request.user, milestone_id, write=True)
    services.milestone_set_done(actor=request.user, milestone=milestone,
                                done=request.POST.get("done") == "yes")
    return redirect("growth:goals")


@login_required
@require_POST
def milestone_delete(request, milestone_id: int):
    milestone = access_milestone(request.user, milestone_id, write=True)
    services.milestone_delete(actor=request.user, milestone=milestone)
    messages.success(request, "Milestone removed.")
    return redirect("growth:goals")


# --- Goals inside a mentorship --------------------------------------------------------


def _goals_page(request, rel, *, comment_form=None, form_goal_id=None, status=200):
    goals = selectors.relationship_goals(rel, request.user)
    is_mentee = rel.mentee_id == request.user.pk
    shareable = []
    if is_mentee:
        shown = {g.pk for g in goals}
        shareable = [g for g in goals_of(request.user) if g.pk not in shown]
    return render(request, "growth/relationship_goals.html", {
        "rel": rel, "other": rel.other_party(request.user), "goals": goals,
        "is_mentee": is_mentee, "shareable": shareable,
        "comment_form": comment_form, "form_goal_id": form_goal_id,
        "blank_comment_form": CommentForm(), "max_comment": services.MAX_COMMENT,
        "unread": sum(g.unread for g in goals),
    }, status=status)


@login_required
def relationship_goals(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    return _goals_page(request, rel)


def _back(rel, goal_id=None) -> str:
    url = reverse("growth:relationship_goals", args=[rel.pk])
    return f"{url}#goal-{goal_id}" if goal_id else url


@login_required
@require_POST
def goal_comment_add(request, relationship_id: int, shared_goal_id: int):
    rel = access_relationship(request.user, relationship_id, write=True)
    goal = access_shared_goal(request.user, rel, shared_goal_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.goal_comment_add(actor=request.user, relationship=rel, goal=goal,
                                      text=form.cleaned_data["text"])
        except ValidationFailed as exc:
            form.add_error("text", exc.message)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Comment added.")
            return redirect(_back(rel, goal.pk))
    return _goals_page(request, rel, comment_form=form, form_goal_id=goal.pk, status=400)


@login_required
@require_POST
def goal_comments_read(request, relationship_id: int, shared_goal_id: int):
    rel = access_relationship(request.user, relationship_id, write=True)
    goal = access_shared_goal(request.user, rel, shared_goal_id)
    count = services.goal_comments_acknowledge(actor=request.user, relationship=rel, goal=goal)
    messages.success(request, f"{count} comment{'s' if count != 1 else ''} acknowledged."
                     if count else "Nothing new to acknowledge.")
    return redirect(_back(rel, goal.pk))


@login_required
@require_POST
def comment_acknowledge(request, goal_comment_id: int):
    comment = access_goal_comment(request.user, goal_comment_id, write=True)
    services.goal_comment_acknowledge(actor=request.user, comment=comment)
    messages.success(request, "Comment acknowledged.")
    return redirect(_back(comment.relationship, comment.goal_id))


@login_required
@require_POST
def goal_share(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id, write=True)
    if rel.mentee_id != request.user.pk:
        from tandem.core.errors import Forbidden

        raise Forbidden
    raw = request.POST.get("goal_id", "")
    if not raw.isdecimal():
        messages.error(request, "Goal not shared: pick one of your goals.")
        return redirect(_back(rel))
    goal = access_own_goal_in(request.user, rel, raw, write=True)
    try:
        services.goal_share(actor=request.user, goal=goal, relationship=rel)
    except DomainError as exc:
        messages.error(request, f"Goal not shared: {exc.message}")
    else:
        messages.success(request, f"“{goal.title}” is now shared with "
                         f"{rel.mentor.display_name}.")
    return redirect(_back(rel, goal.pk))


@login_required
@require_POST
def goal_unshare(request, relationship_id: int, shared_goal_id: int):
    rel = access_relationship(request.user, relationship_id, write=True)
    goal = access_shared_goal(request.user, rel, shared_goal_id, write=True)
    services.goal_unshare(actor=request.user, goal=goal, relationship=rel)
    messages.success(request, f"“{goal.title}” is no longer shared with "
                     f"{rel.mentor.display_name}.")
    return redirect(_back(rel))


# --- Strengths and growth areas --------------------------------------------------------


@login_required
def assessments(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    found = selectors.latest_snapshots(rel)
    return render(request, "growth/assessments.html", {
        "rel": rel, "other": rel.other_party(request.user), "role": rel.role_of(request.user),
        **found,
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def assessment_new(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id, write=True)
    role = rel.role_of(request.user)
    latest = selectors.latest_snapshots(rel)[role]
    initial = {"strengths": latest.strengths, "growth_areas": latest.growth_areas} \
        if latest else {}
    form = AssessmentForm(request.POST if request.method == "POST" else None,
                          initial_items=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_save(actor=request.user, relationship=rel, **form.values())
        except DomainError as exc:
            apply_errors(form, exc, fields=form.field_for)
        else:
            messages.success(request, "Saved as a new snapshot; the earlier ones stay in "
                                      "the history.")
            return redirect("growth:assessments", rel.pk)
    return render(request, "growth/assessment_form.html", {
        "rel": rel, "other": rel.other_party(request.user), "role": role, "form": form,
        "latest": latest,
    }, status=400 if form.errors else 200)


@login_required
def assessment_history(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    found = selectors.latest_snapshots(rel)
    return render(request, "growth/assessment_history.html", {
        "rel": rel, "other": rel.other_party(request.user),
        "mentee_history": [s for s in found["history"] if s.role == "mentee"],
        "mentor_history": [s for s in found["history"] if s.role == "mentor"],
    })
