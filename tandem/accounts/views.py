"""Account pages: the first-run wizard, my profile, availability, API tokens (the dashboard
is mentorships', career goals' pages are growth's).
Thin: parse the form, call a service, redirect; errors land on the form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tandem.accounts import selectors, services
from tandem.accounts.forms import (
    AvailabilityForm,
    ProfileForm,
    TokenForm,
    WelcomeLanguagesForm,
    WelcomeRolesForm,
    WelcomeSkillsForm,
    WelcomeTimezoneForm,
)
from tandem.accounts.permissions import access_token
from tandem.core.errors import ValidationFailed
from tandem.core.forms import apply_errors


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
        if selectors.timezone_unchosen(profile):
            # static/js/timezone-from-browser.js pre-fills this select from the browser.
            form.fields["timezone"].widget.attrs["data-timezone-from-browser"] = ""
    goals_count = selectors.goals_of(request.user).count()
    return render(request, "accounts/profile_form.html", {
        "form": form, "profile": profile,
        "completeness": selectors.profile_completeness(profile, goal_count=goals_count),
    }, status=400 if form.errors else 200)


# --- The first-run wizard --------------------------------------------------------------
# A few small steps after sign-up, each a form that posts and redirects: roles (and a
# name), timezone, languages, then skills (and capacity for a mentor). Every step saves
# through services.profile_update, so each is written whole or not at all. "Skip for now"
# and the last step end the wizard (services.welcome_end); it stays open afterwards.

WELCOME_FORMS = {"roles": WelcomeRolesForm, "timezone": WelcomeTimezoneForm,
                 "languages": WelcomeLanguagesForm, "skills": WelcomeSkillsForm}


def _welcome_steps(request, profile) -> list[str]:
    steps = ["roles", "timezone", "languages"]
    # Someone who chose neither role (only people who run programs may) has no skills step.
    if profile.is_mentee or profile.is_mentor or not selectors.runs_the_community(request.user):
        steps.append("skills")
    return steps


def _welcome_title(step: str, profile) -> str:
    if step == "skills":
        if profile.is_mentor and profile.is_mentee:
            return "Your skills, and your time as a mentor"
        return "What you can offer" if profile.is_mentor else "What you want to grow"
    return {"roles": "Welcome to Tandem", "timezone": "Your timezone",
            "languages": "The languages you speak"}[step]


@login_required
def welcome(request):
    return redirect("accounts:welcome_roles")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def welcome_step(request, step: str):
    profile = selectors.profile_of(request.user)
    if step == "skills" and not (profile.is_mentee or profile.is_mentor):
        # No role, so nothing to ask here: back to the question that gives one.
        return redirect("accounts:welcome_roles")
    community = selectors.runs_the_community(request.user)
    form_class = WELCOME_FORMS[step]
    options: dict = {}
    if step == "roles":
        options = {"community": community}
    elif step == "skills":
        options = {"mentee": profile.is_mentee, "mentor": profile.is_mentor}
    if request.method == "POST":
        form = form_class(request.POST, **options)
        if form.is_valid():
            try:
                profile = services.profile_update(actor=request.user, profile=profile,
                                                  changes=form.changes())
            except ValidationFailed as exc:
                apply_errors(form, exc, fields={"is_mentee": "role", "is_mentor": "role"})
            else:
                steps = _welcome_steps(request, profile)
                if step != steps[-1]:
                    return redirect(f"accounts:welcome_{steps[steps.index(step) + 1]}")
                services.welcome_end(actor=request.user)
                messages.success(request, "Welcome to Tandem: your profile is set up. "
                                 "Everything else about you is on Your profile.")
                # Career goals are growth's pages: the wizard links there, by name.
                then = {"profile": "accounts:profile", "goals": "growth:goals"}
                return redirect(then.get(request.POST.get("then", ""), "home"))
    else:
        initial = (form_class.initial_from(profile, community=community) if step == "roles"
                   else form_class.initial_from(profile))
        form = form_class(initial=initial, **options)
        if step == "timezone" and selectors.welcome_prefills_timezone(profile):
            # static/js/timezone-from-browser.js pre-fills this select from the browser.
            form.fields["timezone"].widget.attrs["data-timezone-from-browser"] = ""
    steps = _welcome_steps(request, profile)
    index = steps.index(step)
    return render(request, "accounts/welcome.html", {
        "form": form, "step": step, "number": index + 1, "total": len(steps),
        "title": _welcome_title(step, profile), "last": index == len(steps) - 1,
        "back": reverse(f"accounts:welcome_{steps[index - 1]}") if index else None,
        "profile": profile,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def welcome_skip(request):
    services.welcome_end(actor=request.user, skipped=True)
    messages.success(request, "You can finish setting up any time on Your profile.")
    return redirect("home")


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
