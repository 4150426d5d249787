"""Pages: a mentorship's health (its two parties); for staff the community dashboard, its
CSV exports, the at-risk list and sending a nudge; the same for a program, for its
coordinators (and staff), with the program's health thresholds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_safe

from tandem.core.csv_export import csv_response
from tandem.core.errors import DomainError, NotFound, ValidationFailed
from tandem.core.forms import apply_errors
from tandem.health import figures, selectors, services
from tandem.health.forms import HealthRulesForm, NudgeForm
from tandem.health.permissions import (
    access_community,
    access_community_relationship,
    access_program_health,
    access_program_relationship,
)
from tandem.health.rules import rules_for
from tandem.mentorships.models import Relationship
from tandem.mentorships.permissions import access_relationship


@login_required
@require_safe
def relationship_health(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    return render(request, "health/relationship.html", {
        "rel": rel, "other": rel.other_party(request.user),
        "health": selectors.health_of(rel), "rules": rules_for(rel),
    })


def _dashboard(request, scope, program=None):
    data = figures.figures_for(scope)
    charts = [{**c, "svg": mark_safe(c["svg"])} for c in data["charts"]]  # noqa: S308  # nosec B308 B703: SVG built with every value escaped (core.charts)
    return render(request, "health/dashboard.html",
                  {**data, "charts": charts, "program": program})


def _export(scope, table: str, *, healths, prefix: str = "tandem"):
    if table == "at-risk":
        columns = figures.AT_RISK_COLUMNS
        rows = [figures.at_risk_row(h) for h in healths()]
    else:
        data = figures.figures_for(scope)
        found = next((t for t in data["tables"] if t.key == table), None)
        if found is None:
            raise NotFound
        columns, rows = found.columns, found.rows
    stamp = timezone.localdate().isoformat()
    return csv_response(columns, rows, filename=f"{prefix}-{table}-{stamp}.csv")


def program_at_risk_list(program):
    return selectors.at_risk(Relationship.objects.filter(program=program),
                             rules=program.health_rules())


@login_required
@require_safe
def dashboard(request):
    access_community(request.user)
    return _dashboard(request, figures.community_scope())


@login_required
@require_safe
def export_csv(request, health_table: str):
    access_community(request.user)
    scope = figures.community_scope() if health_table != "at-risk" else None
    return _export(scope, health_table, healths=selectors.at_risk)


@login_required
@require_safe
def at_risk(request):
    access_community(request.user)
    healths = selectors.at_risk()
    return render(request, "health/at_risk.html", {"healths": healths})


@login_required
@require_safe
def program_dashboard(request, program_id: int):
    program = access_program_health(request.user, program_id)
    return _dashboard(request, figures.program_scope(program), program)


@login_required
@require_safe
def program_export_csv(request, program_id: int, health_table: str):
    program = access_program_health(request.user, program_id)
    scope = figures.program_scope(program) if health_table != "at-risk" else None
    return _export(scope, health_table, healths=lambda: program_at_risk_list(program),
                   prefix=f"tandem-program-{program.pk}")


@login_required
@require_safe
def program_at_risk(request, program_id: int):
    program = access_program_health(request.user, program_id)
    return render(request, "health/at_risk.html", {
        "healths": program_at_risk_list(program), "program": program})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def program_rules(request, program_id: int):
    program = access_program_health(request.user, program_id)
    form = HealthRulesForm(request.POST if request.method == "POST" else None,
                           initial=HealthRulesForm.initial_from(program))
    if request.method == "POST" and form.is_valid():
        try:
            services.program_rules_update(actor=request.user, program=program,
                                          changes=form.cleaned_data)
        except ValidationFailed as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "The health rules are saved.")
            return redirect("health:program_dashboard", program.pk)
    return render(request, "health/program_rules.html", {"program": program, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def program_nudge(request, program_id: int, relationship_id: int):
    program, rel = access_program_relationship(request.user, program_id, relationship_id)
    return _nudge(request, rel, program=program)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def nudge(request, relationship_id: int):
    rel = access_community_relationship(request.user, relationship_id)
    return _nudge(request, rel)


def _nudge(request, rel, *, program=None):
    form = NudgeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.nudge_send(actor=request.user, relationship=rel,
                                message=form.cleaned_data["message"])
        except ValidationFailed as exc:
            apply_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Nudge sent to {rel.mentee.display_name} and "
                                      f"{rel.mentor.display_name}.")
            if program is not None:
                return redirect("health:program_at_risk", program.pk)
            return redirect("health:at_risk")
    return render(request, "health/nudge.html", {
        "rel": rel, "health": selectors.health_of(rel), "form": form, "program": program,
        "standard": services.STANDARD_NUDGE,
    }, status=400 if form.errors else 200)
