"""What health adds to the relationship page (a card for the pair) and to the home page
(staff: the community's health at a glance). Fixed query counts."""

from __future__ import annotations

from tandem.health import selectors
from tandem.health.permissions import may_view_community


def relationship_section(*, viewer, relationship) -> dict:
    return {"template": "health/partials/relationship_card.html",
            "relationship": relationship, "health": selectors.health_of(relationship)}


def dashboard_section(*, viewer) -> dict | None:
    if not may_view_community(viewer):
        return None
    active = selectors.community_relationships().filter(state="active")
    return {"template": "health/partials/dashboard_card.html",
            "counts": selectors.health_counts(selectors.health_for(active))}


# --- Data rights (tandem.privacy) -------------------------------------------------------


def export_data(*, user) -> dict:
    """Nudges the person sent to pairs (a coordinator or staff member), with their text."""
    from tandem.core.exporting import rows
    from tandem.health.models import Nudge

    return {"nudges_sent": rows(Nudge.objects.filter(sent_by=user), "relationship_id",
                                "message", "created_at")}


def erase_user(*, user) -> None:
    from tandem.health.models import Nudge

    Nudge.objects.filter(sent_by=user).exclude(message="").update(message="")


# --- Program overview (tandem.programs) --------------------------------------------------


def program_section(*, viewer, program) -> dict:
    """The program's pairs at risk and needing attention, with the way to their list (the
    program's own thresholds), for its coordinators' overview."""
    healths = selectors.at_risk(program.relationships.all(), rules=program.health_rules())
    return {"template": "health/partials/program_card.html", "program": program,
            "at_risk": sum(1 for h in healths if h.state == "at_risk"),
            "needs_attention": sum(1 for h in healths if h.state == "needs_attention")}
