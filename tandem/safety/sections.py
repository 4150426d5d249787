"""What safety adds to other pages: a "Report a problem" card on the relationship page and,
for staff and coordinators, the review queue's counts on the dashboard. Reports never
appear on a timeline or in the exported record: the record can be shared, and the
reported person must never learn of a report."""

from __future__ import annotations

from tandem.safety import selectors
from tandem.safety.models import Freeze, Report, Status
from tandem.safety.permissions import is_reviewer


def relationship_section(*, viewer, relationship) -> dict | None:
    open_reports = Report.objects.filter(reporter=viewer, relationship=relationship).exclude(
        status=Status.CLOSED).count()
    return {
        "template": "safety/partials/relationship_card.html", "tab": "overview",
        "relationship": relationship,
        "other": relationship.other_party(viewer),
        "open_reports": open_reports,
    }


def dashboard_section(*, viewer) -> dict | None:
    reviewer = is_reviewer(viewer)
    my_open = Report.objects.filter(reporter=viewer).exclude(status=Status.CLOSED).count()
    if not reviewer and not my_open:
        return None
    from tandem.core.sections import INFO, waiting

    section = {"template": "safety/partials/dashboard_card.html", "reviewer": reviewer,
               "my_open": my_open, "urgency": INFO}
    if reviewer:
        section["counts"] = selectors.queue_counts(viewer)
        section["frozen"] = Freeze.objects.filter(unfrozen_at__isnull=True).count()
        # Open reports wait on a reviewer; one in review is already someone's work.
        section["urgency"] = waiting(section["counts"]["open"], late=True) or INFO
        section["roles"] = ["staff" if viewer.is_staff else "coordinator"]
    return section


# --- Data rights (tandem.privacy) -------------------------------------------------------

REMOVED = "(Removed: the reporter deleted their account.)"


def export_data(*, user) -> dict:
    """Reports the person made: what they wrote and where each stands. Never reports
    about them, never the reviewers' notes."""
    from tandem.core.exporting import rows

    return {"reports_made": rows(Report.objects.filter(reporter=user), "subject",
                                 "category", "details", "wants_contact", "status",
                                 "created_at", "closed_at")}


def erase_user(*, user) -> None:
    """Reports the person made lose their text and their link to them; the rows stay for
    the reviewers' figures and any freeze that followed. Reports about them stay."""
    Report.objects.filter(reporter=user).update(reporter=None, details=REMOVED,
                                                wants_contact=False)
