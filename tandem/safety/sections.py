"""What safety adds to other pages: a "Report a problem" card on the relationship page and,
for staff and coordinators, the review queue's counts on the dashboard. Reports never
appear on a timeline or in the exported record: the record can be shared, and the
reported person must never learn of a report."""

from __future__ import annotations

from tandem.safety import selectors
from tandem.safety.models import Freeze, Report, Status
from tandem.safety.permissions import is_reviewer

RELATIONSHIP_TAB = "overview"  # where relationship_section shows (tandem.core.sections)


def relationship_section(*, viewer, relationship) -> dict | None:
    open_reports = Report.objects.filter(reporter=viewer, relationship=relationship).exclude(
        status=Status.CLOSED).count()
    return {
        "template": "safety/partials/relationship_card.html", "tab": "overview",
        "relationship": relationship,
        "other": relationship.other_party(viewer),
        "open_reports": open_reports,
    }


def _my_open(viewer):
    return Report.objects.filter(reporter=viewer).exclude(status=Status.CLOSED)


def dashboard_probe(*, viewer) -> dict:
    """The card's figures themselves, as counts: the viewer's reports not closed yet and,
    for a reviewer, the queue by status and the accounts frozen."""
    from tandem.core.sections import count_of

    found = {"safety.my_open": count_of(_my_open(viewer))}
    if is_reviewer(viewer):
        reviewable = Report.objects.filter(selectors.reviewable_q(viewer))
        found.update({f"safety.queue.{status}": count_of(reviewable.filter(status=status))
                      for status in Status.values})
        found["safety.frozen"] = count_of(Freeze.objects.filter(unfrozen_at__isnull=True))
    return found


def dashboard_section(*, viewer, home=None) -> dict | None:
    """The viewer's reports not closed yet and, for a reviewer (staff, coordinators), the
    review queue's counts. No query on the home (its probes are the figures); three
    for a card on its own."""
    reviewer = is_reviewer(viewer)
    answers = home.answers if home is not None and home.answers else {}
    my_open = (answers["safety.my_open"] if "safety.my_open" in answers
               else _my_open(viewer).count())
    if not reviewer and not my_open:
        return None
    from tandem.core.sections import INFO, waiting

    section = {"template": "safety/partials/dashboard_card.html", "reviewer": reviewer,
               "my_open": my_open, "urgency": INFO}
    if reviewer:
        if "safety.frozen" in answers:
            section["counts"] = {status: answers[f"safety.queue.{status}"]
                                 for status in Status.values}
            section["frozen"] = answers["safety.frozen"]
        else:
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
