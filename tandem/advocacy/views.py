"""Pages: a mentorship's advocacy page (opportunities, introductions, resources), the
detail pages where each is moved on or edited, and the community library."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tandem.advocacy import selectors, services
from tandem.advocacy.forms import (
    IntroductionForm,
    IntroductionStatusForm,
    LibraryFilterForm,
    OpportunityForm,
    OpportunityStatusForm,
    OutcomeForm,
    ResourceForm,
)
from tandem.advocacy.models import INTRODUCTION_LABELS, OPPORTUNITY_LABELS
from tandem.advocacy.permissions import (
    access_advocacy,
    access_introduction,
    access_opportunity,
    access_relationship_as_mentor,
    access_resource,
)
from tandem.advocacy.services import INTRODUCTION_MOVES, OPPORTUNITY_MOVES
from tandem.core.errors import DomainError, Forbidden, ValidationFailed
from tandem.core.forms import apply_errors, submit


def _home(rel, anchor: str = "") -> str:
    return reverse("advocacy:home", args=[rel.pk]) + (f"#{anchor}" if anchor else "")


def _moves(moves: dict, labels: dict, status: str) -> list[tuple[str, str]]:
    """The buttons that move a thing on from ``status``: (value, label), in a set order."""
    return [(value, labels[value]) for value in labels if value in moves[status]]


def _render_home(request, rel, *, status=200, **forms):
    user = request.user
    is_mentor = rel.mentor_id == user.pk
    opportunities = list(selectors.opportunities_of(rel))
    introductions = list(selectors.introductions_of(rel))
    for o in opportunities:
        o.moves = _moves(OPPORTUNITY_MOVES, OPPORTUNITY_LABELS, o.status)
    for i in introductions:
        i.moves = _moves(INTRODUCTION_MOVES, INTRODUCTION_LABELS, i.status)
    writable = rel.is_open
    context = {
        "rel": rel, "other": rel.other_party(user), "is_mentor": is_mentor,
        "writable": writable, "opportunities": opportunities, "introductions": introductions,
        "resources": list(selectors.resources_of(rel)),
        "opportunity_form": forms.get("opportunity_form") or (
            OpportunityForm() if writable and is_mentor else None),
        "introduction_form": forms.get("introduction_form") or (
            IntroductionForm() if writable and is_mentor else None),
        "resource_form": forms.get("resource_form") or (ResourceForm() if writable else None),
    }
    return render(request, "advocacy/home.html", context, status=status)


@login_required
def home(request, relationship_id: int):
    return _render_home(request, access_advocacy(request.user, relationship_id))


@login_required
@require_POST
def opportunity_add(request, relationship_id: int):
    rel = access_relationship_as_mentor(request.user, relationship_id)
    form = OpportunityForm(request.POST)
    made = submit(request, form, lambda v: services.opportunity_post(
        actor=request.user, relationship=rel, **v), done="Opportunity shared. "
        f"{rel.mentee.display_name} has been told.")
    if made is None:
        return _render_home(request, rel, status=400, opportunity_form=form)
    return redirect(_home(rel, f"opportunity-{made.pk}"))


@login_required
@require_POST
def introduction_add(request, relationship_id: int):
    rel = access_relationship_as_mentor(request.user, relationship_id)
    form = IntroductionForm(request.POST)
    made = submit(request, form, lambda v: services.introduction_propose(
        actor=request.user, relationship=rel, **v), done="Introduction proposed. "
        f"{rel.mentee.display_name} has been told.")
    if made is None:
        return _render_home(request, rel, status=400, introduction_form=form)
    return redirect(_home(rel, f"introduction-{made.pk}"))


@login_required
@require_POST
def resource_add(request, relationship_id: int):
    rel = access_advocacy(request.user, relationship_id, write=True)
    form = ResourceForm(request.POST)
    made = submit(request, form, lambda v: services.resource_add(
        actor=request.user, relationship=rel, **v), done="Resource added.")
    if made is None:
        return _render_home(request, rel, status=400, resource_form=form)
    return redirect(_home(rel, "resources"))


# --- Opportunity pages ----------------------------------------------------------------


def _render_opportunity(request, opportunity, *, form=None, status_form=None, status=200):
    rel = opportunity.relationship
    can_edit = opportunity.posted_by_id == request.user.pk and rel.is_open
    if form is None and can_edit:
        form = OpportunityForm(initial={
            "kind": opportunity.kind, "title": opportunity.title, "url": opportunity.url,
            "description": opportunity.description, "deadline": opportunity.deadline})
    history = list(opportunity.changes.select_related("actor__profile"))
    return render(request, "advocacy/opportunity.html", {
        "o": opportunity, "rel": rel, "other": rel.other_party(request.user),
        "history": history, "form": form if can_edit else None,
        "status_form": status_form, "writable": rel.is_open,
        "moves": _moves(OPPORTUNITY_MOVES, OPPORTUNITY_LABELS, opportunity.status),
    }, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def opportunity_detail(request, opportunity_id: int):
    opportunity = access_opportunity(request.user, opportunity_id,
                                     write=request.method == "POST")
    if request.method != "POST":  # GET and HEAD
        return _render_opportunity(request, opportunity)
    if opportunity.posted_by_id != request.user.pk:
        raise Forbidden
    form = OpportunityForm(request.POST)
    done = submit(request, form, lambda v: services.opportunity_update(
        actor=request.user, opportunity=opportunity, changes=v), done="Opportunity updated.")
    if done is None:
        return _render_opportunity(request, opportunity, form=form, status=400)
    return redirect("advocacy:opportunity", opportunity.pk)


def _back(request, detail_url: str, home_url: str) -> str:
    return detail_url if request.POST.get("back") == "detail" else home_url


@login_required
@require_POST
def opportunity_status(request, opportunity_id: int):
    opportunity = access_opportunity(request.user, opportunity_id, write=True)
    rel = opportunity.relationship
    form = OpportunityStatusForm(request.POST)
    back = _back(request, reverse("advocacy:opportunity", args=[opportunity.pk]),
                 _home(rel, f"opportunity-{opportunity.pk}"))
    if not form.is_valid():
        return _render_opportunity(request, opportunity, status_form=form, status=400)
    try:
        services.opportunity_set_status(actor=request.user, opportunity=opportunity,
                                        status=form.cleaned_data["status"],
                                        reason=form.cleaned_data["reason"])
    except ValidationFailed as exc:
        apply_errors(form, exc)
        return _render_opportunity(request, opportunity, status_form=form, status=400)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Marked “{opportunity.get_status_display()}”.")
    return redirect(back)


@login_required
@require_POST
def opportunity_delete(request, opportunity_id: int):
    opportunity = access_opportunity(request.user, opportunity_id, write=True)
    rel = opportunity.relationship
    try:
        services.opportunity_delete(actor=request.user, opportunity=opportunity)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("advocacy:opportunity", opportunity.pk)
    messages.success(request, "Opportunity removed.")
    return redirect(_home(rel, "opportunities"))


# --- Introduction pages ---------------------------------------------------------------


def _render_introduction(request, introduction, *, form=None, outcome_form=None,
                         status_form=None, status=200):
    rel = introduction.relationship
    can_edit = introduction.introduced_by_id == request.user.pk and rel.is_open
    if form is None and can_edit:
        form = IntroductionForm(initial={
            f: getattr(introduction, f) for f in services.INTRODUCER_FIELDS})
    if outcome_form is None and introduction.status == "met" and rel.is_open:
        outcome_form = OutcomeForm(initial={"outcome": introduction.outcome})
    return render(request, "advocacy/introduction.html", {
        "i": introduction, "rel": rel, "other": rel.other_party(request.user),
        "history": list(introduction.changes.select_related("actor__profile")),
        "form": form if can_edit else None, "outcome_form": outcome_form,
        "status_form": status_form, "writable": rel.is_open,
        "moves": _moves(INTRODUCTION_MOVES, INTRODUCTION_LABELS, introduction.status),
    }, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def introduction_detail(request, introduction_id: int):
    introduction = access_introduction(request.user, introduction_id,
                                       write=request.method == "POST")
    if request.method != "POST":  # GET and HEAD
        return _render_introduction(request, introduction)
    if "outcome" in request.POST and "why" not in request.POST:
        form = OutcomeForm(request.POST)
        done = submit(request, form, lambda v: services.introduction_update(
            actor=request.user, introduction=introduction, changes=v), done="Saved.")
        if done is None:
            return _render_introduction(request, introduction, outcome_form=form, status=400)
    else:
        if introduction.introduced_by_id != request.user.pk:
            raise Forbidden
        form = IntroductionForm(request.POST)
        done = submit(request, form, lambda v: services.introduction_update(
            actor=request.user, introduction=introduction, changes=v),
            done="Introduction updated.")
        if done is None:
            return _render_introduction(request, introduction, form=form, status=400)
    return redirect("advocacy:introduction", introduction.pk)


@login_required
@require_POST
def introduction_status(request, introduction_id: int):
    introduction = access_introduction(request.user, introduction_id, write=True)
    rel = introduction.relationship
    form = IntroductionStatusForm(request.POST)
    back = _back(request, reverse("advocacy:introduction", args=[introduction.pk]),
                 _home(rel, f"introduction-{introduction.pk}"))
    if not form.is_valid():
        return _render_introduction(request, introduction, status_form=form, status=400)
    try:
        services.introduction_set_status(actor=request.user, introduction=introduction,
                                         status=form.cleaned_data["status"],
                                         outcome=form.cleaned_data["outcome"])
    except ValidationFailed as exc:
        apply_errors(form, exc)
        return _render_introduction(request, introduction, status_form=form, status=400)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Marked “{introduction.get_status_display()}”.")
    return redirect(back)


@login_required
@require_POST
def introduction_delete(request, introduction_id: int):
    introduction = access_introduction(request.user, introduction_id, write=True)
    rel = introduction.relationship
    try:
        services.introduction_delete(actor=request.user, introduction=introduction)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("advocacy:introduction", introduction.pk)
    messages.success(request, "Introduction removed.")
    return redirect(_home(rel, "introductions"))


# --- Resources and the community library ----------------------------------------------


def _render_resource(request, resource, *, form=None, status=200):
    rel = resource.relationship
    mine = resource.added_by_id == request.user.pk
    in_pair = rel is not None and request.user.pk in (rel.mentee_id, rel.mentor_id)
    editable = mine and (rel is None or rel.is_open)
    if form is None and editable:
        form = ResourceForm(initial=ResourceForm.initial_for(resource),
                            community=rel is None)
    return render(request, "advocacy/resource.html", {
        "r": resource, "mine": mine, "form": form if editable else None,
        # Only the pair learns which mentorship a resource belongs to.
        "rel": rel if in_pair else None,
        "can_unpublish": mine and resource.is_public and rel is not None,
    }, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def resource_detail(request, resource_id: int):
    resource = access_resource(request.user, resource_id, write=request.method == "POST")
    if request.method != "POST":  # GET and HEAD
        return _render_resource(request, resource)
    form = ResourceForm(request.POST, community=resource.relationship_id is None)
    done = submit(request, form, lambda v: services.resource_update(
        actor=request.user, resource=resource, changes=v), done="Resource updated.")
    if done is None:
        return _render_resource(request, resource, form=form, status=400)
    return redirect("advocacy:resource", resource.pk)


@login_required
@require_POST
def resource_publish(request, resource_id: int):
    resource = access_resource(request.user, resource_id, write=True)
    public = request.POST.get("public") == "1"
    try:
        services.resource_update(actor=request.user, resource=resource,
                                 changes={"is_public": public})
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Shared in the community library." if public else
                         "Taken out of the community library.")
    if resource.relationship_id and request.POST.get("back") != "detail":
        return redirect(_home(resource.relationship, "resources"))
    return redirect("advocacy:resource", resource.pk)


@login_required
@require_POST
def resource_delete(request, resource_id: int):
    resource = access_resource(request.user, resource_id, write=True)
    rel = resource.relationship
    try:
        services.resource_delete(actor=request.user, resource=resource)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("advocacy:resource", resource.pk)
    messages.success(request, "Resource removed.")
    return redirect(_home(rel, "resources") if rel else reverse("advocacy:library"))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def library(request):
    """The community library: everyone's public resources, searchable, and a form to add
    one straight to it."""
    filters = LibraryFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    try:
        page_number = int(request.GET.get("page", 1))
    except ValueError:
        page_number = 1
    form = ResourceForm(community=True)
    status = 200
    if request.method == "POST":
        form = ResourceForm(request.POST, community=True)
        made = submit(request, form, lambda v: services.resource_add(
            actor=request.user, relationship=None, **v),
            done="Thank you: your resource is in the community library.")
        if made is not None:
            return redirect("advocacy:library")
        status = 400
    page = selectors.community_library(
        q=values.get("q", ""), tag=values.get("tag", ""), kind=values.get("kind", ""),
        page=min(max(page_number, 1), 100000))
    return render(request, "advocacy/library.html", {
        "page": page, "filters": filters if filters.is_bound else LibraryFilterForm(),
        "form": form}, status=status)
