"""Reads for reports and freezes, scoped to the viewer and prefetched (a page costs a fixed
number of queries)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tandem.safety.models import Freeze, Report, Scope, Status

QUEUE_FILTERS = {
    "active": ("Open and in review", [Status.OPEN, Status.IN_REVIEW]),
    "open": ("Open", [Status.OPEN]),
    "in_review": ("In review", [Status.IN_REVIEW]),
    "closed": ("Closed", [Status.CLOSED]),
    "all": ("All", list(Status.values)),
}


def report_queryset() -> QuerySet[Report]:
    return Report.objects.select_related("reporter__profile", "reported_user__profile",
                                         "handled_by__profile", "relationship", "message")


def reviewable_q(user) -> Q:
    """The reports ``user`` reviews: staff every scope, coordinators the open community's
    (later: also the programs they run). Never a report about themselves or one they
    made (they follow that one as its reporter)."""
    if not (user.is_authenticated and user.is_active and (user.is_staff or user.is_coordinator)):
        return Q(pk__in=[])
    mine = Q(reported_user=user) | Q(reporter=user)
    if user.is_staff:
        return ~mine
    return Q(scope=Scope.COMMUNITY) & ~mine


def may_review(user, report: Report) -> bool:
    if report.reported_user_id == user.pk or report.reporter_id == user.pk:
        return False
    if user.is_staff:
        return True
    return bool(user.is_coordinator) and report.scope == Scope.COMMUNITY


def shows_reporter(viewer, report: Report) -> bool:
    """Staff see who reported; coordinators only when the reporter asked to be
    contacted (so a report about a peer stays anonymous to their peers)."""
    return bool(viewer.is_staff or report.wants_contact or report.reporter_id == viewer.pk)


def review_queue(user, status: str = "active") -> QuerySet[Report]:
    statuses = QUEUE_FILTERS.get(status, QUEUE_FILTERS["active"])[1]
    return (report_queryset().filter(reviewable_q(user), status__in=statuses)
            .order_by("created_at", "id") if status in ("active", "open", "in_review")
            else report_queryset().filter(reviewable_q(user), status__in=statuses))


def queue_counts(user) -> dict[str, int]:
    from django.db.models import Count

    rows = (Report.objects.filter(reviewable_q(user)).values("status")
            .annotate(n=Count("id")).order_by())
    counts = {s: 0 for s in Status.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def reports_mine(user) -> QuerySet[Report]:
    return report_queryset().filter(reporter=user)


def reports_about(viewer, person) -> QuerySet[Report]:
    return report_queryset().filter(reviewable_q(viewer), reported_user=person)


def current_freeze(person) -> Freeze | None:
    return (Freeze.objects.select_related("frozen_by__profile", "report")
            .filter(user=person, unfrozen_at__isnull=True).first())


def freezes_of(person) -> QuerySet[Freeze]:
    return Freeze.objects.select_related("frozen_by__profile", "unfrozen_by__profile",
                                         "report").filter(user=person)


def frozen_accounts() -> QuerySet[Freeze]:
    return (Freeze.objects.select_related("user__profile", "frozen_by__profile")
            .filter(unfrozen_at__isnull=True).order_by("-created_at"))
