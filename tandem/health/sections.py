"""What health adds to the relationship page (a card for the pair) and to the home page
(staff: the community's health at a glance). Fixed query counts."""

from __future__ import annotations

from tandem.health import selectors
from tandem.health.permissions import may_view_community


def relationship_section(*, viewer, relationship) -> dict:
    return {"template": "health/partials/relationship_card.html", "tab": "overview",
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
