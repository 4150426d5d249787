"""Pages: a mentorship's health (its two parties), and for staff the community dashboard,
its CSV exports, the at-risk list and sending a nudge."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from tandem.accounts.forms import apply_errors
from tandem.core.errors import DomainError, NotFound, ValidationFailed
from tandem.health import figures, selectors, services
from tandem.health.forms import NudgeForm
from tandem.health.permissions import access_community, access_community_relationship
from tandem.health.rules import rules_for
from tandem.mentorships.permissions import access_relationship


@login_required
@require_GET
def relationship_health(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    return render(request, "health/relationship.html", {
        "rel": rel, "other": rel.other_party(request.user),
        "health": selectors.health_of(rel), "rules": rules_for(rel),
    })


@login_required
@require_GET
def dashboard(request):
    access_community(request.user)
    data = figures.figures_for(figures.community_scope())
    charts = [{**c, "svg": mark_safe(c["svg"])} for c in data["charts"]]  # noqa: S308 - built escaped
    return render(request, "health/dashboard.html", {**data, "charts": charts})


@login_required
@require_GET
def export_csv(request, health_table: str):
    access_community(request.user)
    table = health_table
    if table == "at-risk":
        columns = figures.AT_RISK_COLUMNS
        rows = [figures.at_risk_row(h) for h in selectors.at_risk()]
    else:
        data = figures.figures_for(figures.community_scope())
        found = next((t for t in data["tables"] if t.key == table), None)
        if found is None:
            raise NotFound
        columns, rows = found.columns, found.rows
    response = HttpResponse(figures.table_csv(columns, rows), content_type="text/csv")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="tandem-{table}-{stamp}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def at_risk(request):
    access_community(request.user)
    healths = selectors.at_risk()
    return render(request, "health/at_risk.html", {"healths": healths})


@login_required
@require_http_methods(["GET", "POST"])
def nudge(request, relationship_id: int):
    rel = access_community_relationship(request.user, relationship_id)
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
            return redirect("health:at_risk")
    return render(request, "health/nudge.html", {
        "rel": rel, "health": selectors.health_of(rel), "form": form,
        "standard": services.STANDARD_NUDGE,
    }, status=400 if form.errors else 200)
