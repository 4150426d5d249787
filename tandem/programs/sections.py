"""What programs add to the relationship page and the dashboard: the program a mentorship
belongs to (with the way to ask for a re-match), and for the signed-in person their
invitations, matches waiting for an answer, and the programs they run. A fixed number
of queries per call."""

from __future__ import annotations

from tandem.programs import selectors
from tandem.programs.models import MatchPair, PairStatus, RematchRequest, RematchStatus


def relationship_section(*, viewer, relationship) -> dict | None:
    if relationship.program_id is None:
        return None
    program = relationship.program
    asked = RematchRequest.objects.filter(relationship=relationship,
                                          status=RematchStatus.OPEN).exists()
    return {"template": "programs/partials/relationship_card.html",
            "relationship": relationship, "program": program, "asked": asked}


def dashboard_section(*, viewer) -> dict | None:
    invitations = list(selectors.my_invitations(viewer))
    waiting = list(MatchPair.objects.filter(status=PairStatus.AWAITING)
                   .filter(mentee=viewer, mentee_accepted_at__isnull=True)
                   .select_related("run__program")
                   | MatchPair.objects.filter(status=PairStatus.AWAITING, mentor=viewer,
                                              mentor_accepted_at__isnull=True)
                   .select_related("run__program"))
    running = list(selectors.coordinated(viewer)[:5]) if viewer.is_coordinator else []
    if not invitations and not waiting and not running:
        return None
    return {"template": "programs/partials/dashboard_card.html", "invitations": invitations,
            "waiting": waiting, "running": running}
