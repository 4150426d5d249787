"""Account pages: my profile, availability, API tokens (the dashboard is mentorships',
career goals' pages are growth's).
Thin: parse the form, call a service, redirect; errors land on the form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tandem.accounts import selectors, services
from tandem.accounts.forms import AvailabilityForm, ProfileForm, TokenForm
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
