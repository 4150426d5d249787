from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.errors import DomainError, ValidationFailed
from tandem.core.forms import apply_errors
from tandem.feedback import selectors, services
from tandem.feedback.forms import (
    TIE_FIELDS,
    ContributionForm,
    FeedbackEntryForm,
    FeedbackRequestForm,
    MentorFeedbackForm,
    ReplyForm,
    ReportForm,
)
from tandem.feedback.history import charts_for
from tandem.feedback.models import FeedbackRequest
from tandem.feedback.permissions import (
    access_contribution,
    access_feedback_entry,
    access_feedback_request,
    access_mentor_feedback,
    access_relationship_as,
    access_report,
)
from tandem.mentorships.permissions import access_relationship


@login_required
def report_list(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    return render(request, "feedback/report_list.html", {
        "rel": rel, "other": rel.other_party(request.user),
        "periods": selectors.periods(rel, request.user),
        "has_agreement": selectors.report_agreement(rel) is not None,
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_new(request, relationship_id: int, due: str):
    rel = access_relationship(request.user, relationship_id, write=True)
    try:
        due_date = date.fromisoformat(due)
    except ValueError:
        messages.error(request, "That is not a report date.")
        return redirect("feedback:reports", rel.pk)
    goals = selectors.reportable_goals(rel)
    is_mentee = rel.mentee_id == request.user.pk
    form = ReportForm(request.POST if request.method == "POST" else None, goals=goals,
                      is_mentee=is_mentee)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_submit(actor=request.user, relationship=rel,
                                            due_date=due_date, **form.values())
        except ValidationFailed as exc:
            apply_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Your report is saved. Thank you.")
            return redirect("feedback:report", report.pk)
    return render(request, "feedback/report_form.html", {
        "rel": rel, "other": rel.other_party(request.user), "due_date": due_date,
        "form": form, "is_mentee": is_mentee,
    }, status=400 if form.errors else 200)


@login_required
def report_detail(request, report_id: int):
    report = access_report(request.user, report_id)
    rel = report.relationship
    [report] = selectors.visible_reports(rel, request.user, [report])
    return render(request, "feedback/report_detail.html", {"report": report, "rel": rel})


@login_required
def report_history(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    charts = charts_for(rel, selectors.reports_of(rel, request.user))
    return render(request, "feedback/history.html", {
        "rel": rel, "other": rel.other_party(request.user),
        "charts": [{**c, "svg": mark_safe(c["svg"])} for c in charts],  # noqa: S308  # nosec B308 B703: SVG built with every value escaped (core.charts)
    })


# --- Feedback both ways ---------------------------------------------------------------


def _overview(rel, anchor: str = ""):
    url = reverse("feedback:overview", args=[rel.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@login_required
def feedback_overview(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    open_requests, closed_requests = selectors.feedback_requests(rel)
    seen = timezone.now()
    entries = selectors.feedback_entries(rel, request.user)
    # Read after loading, so the mentor sees which replies are new this once; only those
    # written before the page loaded them, which are the ones on it.
    services.feedback_replies_mark_read(actor=request.user, relationship=rel, before=seen)
    role = rel.role_of(request.user)
    return render(request, "feedback/overview.html", {
        "rel": rel, "other": rel.other_party(request.user), "role": role,
        "is_mentor": role == "mentor", "is_mentee": role == "mentee",
        "entries": entries, "open_requests": open_requests, "closed_requests": closed_requests,
        "mentor_feedback": list(selectors.mentor_feedback_of(rel)),
        "contributions": list(selectors.contributions_of(rel)),
        "shared_goal_ids": {g.pk for g in selectors.reportable_goals(rel)}
        if role == "mentor" else set(),
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def feedback_new(request, relationship_id: int):
    rel = access_relationship_as(request.user, relationship_id, role="mentor")
    answering = None
    wanted = request.POST.get("request_id") or request.GET.get("request")
    if wanted and str(wanted).isdecimal() and len(str(wanted)) < 19:
        answering = (FeedbackRequest.objects.select_related("goal")
                     .filter(relationship=rel, pk=int(wanted)).first())
    choices = selectors.tie_choices(rel)
    initial = {}
    if answering is not None:
        initial["request_id"] = answering.pk
        if answering.goal_id and any(g.pk == answering.goal_id for g in choices["goals"]):
            initial["tied_to"] = f"goal:{answering.goal_id}"
    form = FeedbackEntryForm(request.POST if request.method == "POST" else None,
                             initial=initial, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.feedback_give(actor=request.user, relationship=rel,
                                           **form.values())
        except DomainError as exc:
            apply_errors(form, exc, fields=TIE_FIELDS)
        else:
            messages.success(request, f"Your feedback is saved; {rel.mentee.display_name} "
                                      "has been told.")
            return _overview(rel, f"feedback-{entry.pk}")
    return render(request, "feedback/entry_form.html", {
        "rel": rel, "other": rel.mentee, "form": form, "answering": answering,
        "preferences": selectors.feedback_preferences(rel),
        "goals": {g.pk: g.title for g in choices["goals"]},
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def feedback_acknowledge(request, feedback_entry_id: int):
    entry = access_feedback_entry(request.user, feedback_entry_id, write=True)
    services.feedback_acknowledge(actor=request.user, entry=entry)
    messages.success(request, "Acknowledged: your mentor knows you have read it.")
    return _overview(entry.relationship, f"feedback-{entry.pk}")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def feedback_reply(request, feedback_entry_id: int):
    entry = access_feedback_entry(request.user, feedback_entry_id, write=True)
    rel = entry.relationship
    [entry] = selectors.feedback_entries(rel, request.user, [entry])
    form = ReplyForm(request.POST if request.method == "POST" else None,
                     initial={"reply": entry.reply})
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_reply(actor=request.user, entry=entry,
                                    reply=form.cleaned_data["reply"])
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Your reply is saved.")
            return _overview(rel, f"feedback-{entry.pk}")
    return render(request, "feedback/reply_form.html", {
        "rel": rel, "other": rel.mentor, "entry": entry, "form": form,
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def feedback_request_new(request, relationship_id: int):
    rel = access_relationship_as(request.user, relationship_id, role="mentee")
    form = FeedbackRequestForm(request.POST if request.method == "POST" else None,
                               goals=selectors.reportable_goals(rel))
    if request.method == "POST" and form.is_valid():
        try:
            item = services.feedback_request_create(actor=request.user, relationship=rel,
                                                    **form.cleaned_data)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Your request is sent to {rel.mentor.display_name}.")
            return _overview(rel, f"request-{item.pk}")
    return render(request, "feedback/simple_form.html", {
        "rel": rel, "form": form, "title": "Ask for feedback",
        "intro": f"Ask {rel.mentor.display_name} for feedback on something specific. "
                 "The request stays open until it is answered or you withdraw it.",
        "submit": "Send the request",
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def feedback_request_withdraw(request, feedback_request_id: int):
    item = access_feedback_request(request.user, feedback_request_id, write=True)
    try:
        services.feedback_request_withdraw(actor=request.user, feedback_request=item)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The request is withdrawn.")
    return _overview(item.relationship, "requests-title")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def mentor_feedback_new(request, relationship_id: int):
    rel = access_relationship_as(request.user, relationship_id, role="mentee")
    form = MentorFeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.mentor_feedback_give(actor=request.user, relationship=rel,
                                                 **form.cleaned_data)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Thank you: {rel.mentor.display_name} can read it now.")
            return _overview(rel, f"giveback-{item.pk}")
    return render(request, "feedback/simple_form.html", {
        "rel": rel, "form": form, "title": f"Feedback for {rel.mentor.display_name}",
        "intro": "Mentoring gets better with feedback too. Say what helped, what could be "
                 f"better, or both. {rel.mentor.display_name} reads it.",
        "submit": "Give feedback",
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def mentor_feedback_kudos(request, mentor_feedback_id: int):
    item = access_mentor_feedback(request.user, mentor_feedback_id, write=True)
    consent = request.POST.get("consent") == "yes"
    try:
        services.mentor_feedback_set_consent(actor=request.user, mentor_feedback=item,
                                             consent=consent)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "It now shows as kudos on your mentor's page." if consent
                         else "It no longer shows on your mentor's page.")
    return _overview(item.relationship, f"giveback-{item.pk}")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def contribution_new(request, relationship_id: int):
    rel = access_relationship_as(request.user, relationship_id, role="mentee")
    form = ContributionForm(request.POST if request.method == "POST" else None,
                            initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_add(actor=request.user, relationship=rel, **form.cleaned_data)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Contribution recorded.")
            return _overview(rel, "giving-back-title")
    return render(request, "feedback/simple_form.html", {
        "rel": rel, "form": form, "title": "Record a contribution",
        "intro": f"Something you did for {rel.mentor.display_name}: a resource you shared, "
                 "an introduction, something you reviewed.",
        "submit": "Record it",
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def contribution_delete(request, contribution_id: int):
    item = access_contribution(request.user, contribution_id, write=True)
    services.contribution_delete(actor=request.user, contribution=item)
    messages.success(request, "Contribution removed.")
    return _overview(item.relationship, "giving-back-title")
