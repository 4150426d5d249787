"""What programs add to the relationship page and the dashboard: the program a mentorship
belongs to (with the way to ask for a re-match), and for the signed-in person their
invitations, matches waiting for an answer, and the programs they run. A fixed number
of queries per call."""

from __future__ import annotations

from tandem.programs import selectors
from tandem.programs.models import MatchPair, PairStatus, RematchRequest, RematchStatus

RELATIONSHIP_TAB = "overview"  # where relationship_section shows (tandem.core.sections)


def relationship_section(*, viewer, relationship) -> dict | None:
    if relationship.program_id is None:
        return None
    program = relationship.program
    asked = RematchRequest.objects.filter(relationship=relationship,
                                          status=RematchStatus.OPEN).exists()
    return {"template": "programs/partials/relationship_card.html", "tab": "overview",
            "relationship": relationship, "program": program, "asked": asked}


def _matches_waiting_on(viewer):
    return (MatchPair.objects.filter(status=PairStatus.AWAITING)
            .filter(mentee=viewer, mentee_accepted_at__isnull=True)
            | MatchPair.objects.filter(status=PairStatus.AWAITING, mentor=viewer,
                                       mentor_accepted_at__isnull=True))


def dashboard_probe(*, viewer) -> dict:
    return {"programs.invitations": selectors.my_invitations(viewer),
            "programs.matches": _matches_waiting_on(viewer)}


def dashboard_section(*, viewer, home=None) -> dict | None:
    """For a participant: invitations to answer and a match waiting for their answer. (A
    coordinator's programs, with what waits on them, are on the health app's program
    status card, which adds each program's pairs at risk.) Two queries at most, none when
    the home's probes say nothing waits."""
    from tandem.core.sections import home_memo, waiting

    home = home_memo(home, viewer)
    invitations = (list(selectors.my_invitations(viewer))
                   if home.probe("programs.invitations") else [])
    matches = (list(_matches_waiting_on(viewer).select_related("run__program"))
               if home.probe("programs.matches") else [])
    if not invitations and not matches:
        return None
    roles = sorted({"mentee" if m.mentee_id == viewer.pk else "mentor" for m in matches}
                   | {i.role for i in invitations})
    return {"template": "programs/partials/dashboard_card.html", "invitations": invitations,
            "waiting": matches, "roles": roles,
            "urgency": waiting(len(invitations) + len(matches))}


def mentors_not_suggested(*, mentee):
    """Mentors "Suggested for you" leaves out for ``mentee``: a program match of the two
    that either declined, and a mentorship of the two that a re-match request ended (as
    one subquery of user ids)."""
    from django.db.models import Q

    from tandem.accounts.models import User

    declined = MatchPair.objects.filter(mentee=mentee, status=PairStatus.DECLINED)
    rematched = RematchRequest.objects.filter(relationship__mentee=mentee,
                                              status=RematchStatus.DONE)
    return User.objects.filter(Q(pk__in=declined.values("mentor_id"))
                               | Q(pk__in=rematched.values("relationship__mentor_id"))
                               ).values("pk")


# --- Data rights (tandem.privacy) -------------------------------------------------------


def export_data(*, user) -> dict:
    """The person's program participations with their answers, the invitations sent to
    their address, their matches (program, status, not the scores) and re-match requests."""
    from tandem.core.exporting import plain, rows
    from tandem.programs.models import Invitation, Participant

    participations = Participant.objects.filter(user=user).select_related("program")
    pairs = (MatchPair.objects.filter(mentee=user) | MatchPair.objects.filter(mentor=user)
             ).select_related("run__program")
    return {
        "participations": [plain({
            "program": p.program.name, "role": p.role, "status": p.status,
            "source": p.source, "capacity": p.capacity, "answers": p.answers,
            "team": p.team, "created_at": p.created_at}) for p in participations],
        "invitations": [plain({"program": i.program.name, "role": i.role, "status": i.status,
                               "created_at": i.created_at, "answered_at": i.answered_at})
                        for i in Invitation.objects.filter(email__iexact=user.email)
                        .select_related("program")],
        "matches": [plain({
            "program": p.run.program.name, "role": "mentee" if p.mentee_id == user.pk
            else "mentor", "status": p.status, "relationship_id": p.relationship_id,
            "accepted_at": p.mentee_accepted_at if p.mentee_id == user.pk
            else p.mentor_accepted_at}) for p in pairs],
        "rematch_requests": rows(RematchRequest.objects.filter(requested_by=user),
                                 "relationship_id", "reason", "status", "created_at"),
    }


def erase_user(*, user) -> None:
    """Participations are withdrawn and their answers removed (the program's figures keep
    the count); invitations to the address go; re-match reasons are removed."""
    from tandem.programs.models import Invitation, Participant, ParticipantStatus

    Participant.objects.filter(user=user).update(status=ParticipantStatus.WITHDRAWN,
                                                 answers=[], team="")
    Invitation.objects.filter(email__iexact=user.email).delete()
    RematchRequest.objects.filter(requested_by=user).update(reason="")
    user.coordinated_programs.clear()
