"""Account pages: dashboard, my profile, availability, career goals, API tokens.
Thin: parse the form, call a service, redirect; errors land on the form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tandem.accounts import onboarding, selectors, services
from tandem.accounts.forms import (
    AvailabilityForm,
    GoalForm,
    ProfileForm,
    TokenForm,
)
from tandem.accounts.permissions import access_goal, access_token
from tandem.core.errors import ValidationFailed
from tandem.core.forms import apply_errors
from tandem.core.sections import dashboard_sections


@require_http_methods(["GET", "HEAD", "POST"])
def home(request):
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "accounts/landing.html")
    if request.method == "POST":
        # The one thing the dashboard posts: "Hide these steps" on the getting-started list.
        if request.POST.get("onboarding") == "dismiss":
            services.onboarding_hide(actor=request.user)
            messages.success(request, "Getting started is hidden. Your profile page "
                             "still shows what is missing.")
        return redirect("home")
    profile = selectors.profile_of(request.user)
    goals = list(selectors.goals_of(request.user))
    completeness = selectors.profile_completeness(profile, goal_count=len(goals))
    return render(request, "accounts/dashboard.html", {
        "profile": profile, "goals": goals, "completeness": completeness,
        "onboarding": onboarding.checklist_to_show(request, profile, goal_count=len(goals)),
        "sections": dashboard_sections(viewer=request.user),
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile_edit(request):
    profile = selectors.profile_of(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                services.profile_update(actor=request.user, profile=profile,
                                        changes=form.changes())
            except ValidationFailed as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "Your profile is saved.")
                return redirect("accounts:profile")
    else:
        form = ProfileForm(initial=ProfileForm.initial_from(profile))
    goals_count = selectors.goals_of(request.user).count()
    return render(request, "accounts/profile_form.html", {
        "form": form, "profile": profile,
        "completeness": selectors.profile_completeness(profile, goal_count=goals_count),
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def availability_edit(request):
    profile = selectors.profile_of(request.user)
    if request.method == "POST":
        form = AvailabilityForm(request.POST)
        if form.is_valid():
            windows = form.windows()
            if form.is_valid():  # windows() may add parse errors
                try:
                    services.availability_replace(actor=request.user, profile=profile,
                                                  windows=windows)
                except ValidationFailed as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(request, "Your weekly availability is saved.")
                    return redirect("accounts:availability")
    else:
        form = AvailabilityForm(initial=AvailabilityForm.initial_from(profile.availability.all()))
    return render(request, "accounts/availability_form.html", {
        "form": form, "profile": profile,
    }, status=400 if form.errors else 200)


def _mentee_relationships(user):
    from tandem.mentorships.models import Relationship

    return list(Relationship.objects.filter(mentee=user).select_related("mentor__profile")
                .order_by("-started_at"))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def goal_list(request):
    """My goals: each SMART goal with status, progress (by hand or from milestones), its
    milestones and who sees it; and the form to add one."""
    relationships = _mentee_relationships(request.user)
    if request.method == "POST":
        form = GoalForm(request.POST, relationships=relationships)
        if form.is_valid():
            try:
                services.goal_create(actor=request.user, **form.cleaned_data)
            except ValidationFailed as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "Goal added.")
                return redirect("accounts:goals")
    else:
        form = GoalForm(relationships=relationships)
    from tandem.growth.forms import MilestoneForm
    from tandem.growth.selectors import decorate, sharing_of

    goals = decorate(selectors.goals_of(request.user))
    shared = sharing_of(request.user, goals)
    for goal in goals:
        goal.seen_by = shared[goal.pk]
    return render(request, "accounts/goals.html", {
        "form": form, "goals": goals, "milestone_form": MilestoneForm(),
        "has_relationships": bool(relationships),
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def goal_edit(request, goal_id: int):
    from tandem.growth.selectors import chosen_relationship_ids

    goal = access_goal(request.user, goal_id, write=True)
    relationships = _mentee_relationships(request.user)
    if request.method == "POST":
        form = GoalForm(request.POST, relationships=relationships)
        if form.is_valid():
            try:
                services.goal_update(actor=request.user, goal=goal, changes=form.cleaned_data)
            except ValidationFailed as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "Goal saved.")
                return redirect("accounts:goals")
    else:
        form = GoalForm(initial=GoalForm.initial_from(goal, chosen_relationship_ids(goal)),
                        relationships=relationships)
    return render(request, "accounts/goal_form.html", {
        "form": form, "goal": goal, "has_relationships": bool(relationships),
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def goal_delete(request, goal_id: int):
    goal = access_goal(request.user, goal_id, write=True)
    services.goal_delete(actor=request.user, goal=goal)
    messages.success(request, f"Goal “{goal.title}” removed.")
    return redirect("accounts:goals")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def token_list(request):
    new_secret = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                _, new_secret = services.token_create(actor=request.user,
                                                      name=form.cleaned_data["name"])
            except ValidationFailed as exc:
                apply_errors(form, exc)
            else:
                form = TokenForm()
    else:
        form = TokenForm()
    return render(request, "accounts/tokens.html", {
        "form": form, "tokens": selectors.tokens_of(request.user), "new_secret": new_secret,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def token_revoke(request, token_id: int):
    token = access_token(request.user, token_id, write=True)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, f"Token “{token.name}” revoked.")
    return redirect("accounts:tokens")
