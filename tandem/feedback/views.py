from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from tandem.accounts.forms import apply_errors
from tandem.core.errors import DomainError, ValidationFailed
from tandem.feedback import selectors, services
from tandem.feedback.forms import ReportForm
from tandem.feedback.history import charts_for
from tandem.feedback.permissions import access_report
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
@require_http_methods(["GET", "POST"])
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
        "charts": [{**c, "svg": mark_safe(c["svg"])} for c in charts],  # noqa: S308 - built escaped
    })
