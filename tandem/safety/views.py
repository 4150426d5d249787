"""Pages: report a problem, my reports, the review queue and a report's review, and a
person's account page (freeze, unfreeze, history) for staff and coordinators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.errors import DomainError, NotFound
from tandem.core.forms import apply_errors
from tandem.core.validation import ID_MAX
from tandem.safety import selectors, services
from tandem.safety.forms import FreezeForm, ReportForm, ReviewForm, UnfreezeForm
from tandem.safety.models import Status
from tandem.safety.permissions import (
    access_person,
    access_report,
    is_reviewer,
    may_act_on,
)


def _id_param(value) -> int | None:
    """A query-string id: missing is None; anything but a sane positive id is a 404."""
    if value in (None, ""):
        return None
    if not value.isdecimal() or len(value) > 19 or not 0 < int(value) <= ID_MAX:
        raise NotFound
    return int(value)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_new(request):
    """Report a person (``?person=<profile id>``), one of my mentorships
    (``?relationship=<id>``) or a message written to me (``?message=<id>``)."""
    from tandem.mentorships.permissions import access_profile, access_relationship

    params = request.POST if request.method == "POST" else request.GET
    profile_id = _id_param(params.get("person") or request.GET.get("person"))
    relationship_id = _id_param(params.get("relationship") or request.GET.get("relationship"))
    message_id = _id_param(params.get("message") or request.GET.get("message"))
    person = relationship = message = None
    if sum(bool(x) for x in (profile_id, relationship_id, message_id)) > 1:
        raise NotFound
    if profile_id:
        person = access_profile(request.user, profile_id).user
    elif relationship_id:
        relationship = access_relationship(request.user, relationship_id)
        person = relationship.other_party(request.user)
    elif message_id:
        from tandem.conversations.permissions import access_message

        message = access_message(request.user, message_id)
        person = message.author
    is_self = person is not None and person.pk == request.user.pk
    form = ReportForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = services.report_create(
                    actor=request.user, profile_id=profile_id, relationship_id=relationship_id,
                    message_id=message_id, **form.cleaned_data)
            except DomainError as exc:
                apply_errors(form, exc)
                status = exc.status if exc.status == 429 else 400
            else:
                messages.success(request, f"Thank you. Your report #{report.pk} was sent to "
                                          "the people who look after the community. The "
                                          "person you reported is not told who reported.")
                return redirect("safety:mine")
        else:
            status = 400
    return render(request, "safety/report_form.html", {
        "form": form, "person": person, "relationship": relationship, "is_self": is_self,
        "profile_id": profile_id, "relationship_id": relationship_id, "message": message,
    }, status=status)


@login_required
def reports_mine(request):
    return render(request, "safety/mine.html",
                  {"reports": list(selectors.reports_mine(request.user))})


@login_required
def queue(request):
    if not is_reviewer(request.user):
        raise NotFound
    current = request.GET.get("status", "active")
    if current not in selectors.QUEUE_FILTERS:
        current = "active"
    paginator = Paginator(selectors.review_queue(request.user, current), 50)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "safety/queue.html", {
        "page": page, "current": current,
        "filters": [(key, label) for key, (label, _) in selectors.QUEUE_FILTERS.items()],
        "counts": selectors.queue_counts(request.user),
        "frozen": list(selectors.frozen_accounts()[:100]),
    })


def _report_page(request, report, *, form=None, status=200):
    reviewing = is_reviewer(request.user) and selectors.may_review(request.user, report)
    if reviewing and form is None:
        form = ReviewForm(initial={"status": Status.CLOSED if report.status == Status.IN_REVIEW
                                   else Status.IN_REVIEW,
                                   "action_taken": report.action_taken,
                                   "outcome_note": report.outcome_note})
    return render(request, "safety/report_detail.html", {
        "report": report, "reviewing": reviewing, "form": form,
        "shows_reporter": reviewing and selectors.shows_reporter(request.user, report),
        "freezes": list(report.freezes.all()) if reviewing else [],
    }, status=status)


@login_required
def report_detail(request, safety_report_id: int):
    report = access_report(request.user, safety_report_id)
    return _report_page(request, report)


@login_required
@require_POST
def report_status(request, safety_report_id: int):
    report = access_report(request.user, safety_report_id, write=True)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.report_update(actor=request.user, report=report, **form.cleaned_data)
        except DomainError as exc:
            apply_errors(form, exc)
            return _report_page(request, report, form=form, status=exc.status
                                if exc.status == 409 else 400)
        messages.success(request, f"Report #{report.pk} is now "
                                  f"{Status(form.cleaned_data['status']).label.lower()}.")
        return redirect("safety:report", report.pk)
    return _report_page(request, report, form=form, status=400)


def _person_page(request, person, *, freeze_form=None, unfreeze_form=None, status=200):
    reports = list(selectors.reports_about(request.user, person)[:100])
    current = selectors.current_freeze(person)
    may_act = may_act_on(request.user, person)
    wanted = request.GET.get("report")
    initial = {"report_id": int(wanted)} if wanted and wanted.isdecimal() and len(wanted) < 19 \
        and any(r.pk == int(wanted) for r in reports) else {}
    return render(request, "safety/person.html", {
        "person": person, "current": current, "may_act": may_act,
        "history": list(selectors.freezes_of(person)), "reports": reports,
        "freeze_form": freeze_form or FreezeForm(initial=initial, reports=reports),
        "unfreeze_form": unfreeze_form or UnfreezeForm(),
        "is_self": person.pk == request.user.pk,
    }, status=status)


@login_required
def person(request, safety_user_id: int):
    return _person_page(request, access_person(request.user, safety_user_id))


@login_required
@require_POST
def freeze(request, safety_user_id: int):
    person = access_person(request.user, safety_user_id, write=True)
    reports = list(selectors.reports_about(request.user, person)[:100])
    form = FreezeForm(request.POST, reports=reports)
    if form.is_valid():
        try:
            services.account_freeze(actor=request.user, user=person, **form.cleaned_data)
        except DomainError as exc:
            apply_errors(form, exc)
            return _person_page(request, person, freeze_form=form,
                                status=exc.status if exc.status == 409 else 400)
        messages.success(request, f"{person.display_name}'s account is frozen: they cannot "
                                  "sign in, their sessions and API tokens no longer work, and "
                                  "they are hidden from the directory.")
        return redirect("safety:person", person.pk)
    return _person_page(request, person, freeze_form=form, status=400)


@login_required
@require_POST
def unfreeze(request, safety_user_id: int):
    person = access_person(request.user, safety_user_id, write=True)
    form = UnfreezeForm(request.POST)
    if form.is_valid():
        try:
            services.account_unfreeze(actor=request.user, user=person, **form.cleaned_data)
        except DomainError as exc:
            apply_errors(form, exc)
            return _person_page(request, person, unfreeze_form=form,
                                status=exc.status if exc.status == 409 else 400)
        messages.success(request, f"{person.display_name}'s account is active again.")
        return redirect("safety:person", person.pk)
    return _person_page(request, person, unfreeze_form=form, status=400)
