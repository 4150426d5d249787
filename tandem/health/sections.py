"""What health adds to the relationship page (a card for the pair) and to the home page
(a mentor's mentees, a coordinator's programs, the community's health for staff). Fixed
query counts."""

from __future__ import annotations

from django.urls import reverse

from tandem.core.sections import SOON, STATUS, waiting
from tandem.health import selectors
from tandem.health.models import HealthState
from tandem.health.permissions import may_view_community

RELATIONSHIP_TAB = "overview"  # where relationship_section shows (tandem.core.sections)


def relationship_section(*, viewer, relationship) -> dict:
    return {"template": "health/partials/relationship_card.html", "tab": "overview",
            "relationship": relationship, "health": selectors.health_of(relationship)}


def dashboard_section(*, viewer, home=None) -> list[dict]:
    """Three cards, each for the people it serves: a mentor's mentees at a glance (health
    and next meeting), a coordinator's programs with what waits on them and their pairs
    at risk (staff: every program; first on their home), and for staff the open
    community's health. Figures and states only, never content. The health of every
    relationship the three cards show is read at once (four queries), the programs' figures
    in one more, the next meetings from the home's cards: at most six queries, however many
    mentees, programs and pairs."""
    from django.db.models import Q

    from tandem.core.sections import home_memo
    from tandem.mentorships.models import Relationship
    from tandem.mentorships.selectors import relationships_for_home
    from tandem.programs.selectors import program_status

    home = home_memo(home, viewer)
    runs = getattr(viewer, "is_coordinator", False) or getattr(viewer, "is_staff", False)
    programs, total = program_status(viewer, limit=None) if runs else ([], 0)
    program_ids = {p.pk for p in programs}
    community = may_view_community(viewer)
    mine = [r.pk for r in relationships_for_home(viewer, home)
            if r.mentor_id == viewer.pk and r.state == Relationship.State.ACTIVE]
    wanted = Q(pk__in=mine) if mine else Q(pk__in=[])
    if program_ids:  # as a subquery: staff run every program
        from tandem.programs.permissions import coordinated_programs

        wanted |= Q(program__in=coordinated_programs(viewer).values("pk"))
    if community:
        wanted |= Q(pk__in=selectors.community_relationships().values("pk"))
    healths = []
    if mine or program_ids or community:
        # Only the viewer's own: their agreements and reports are the home's, loaded once.
        preloaded = {}
        if not (program_ids or community):
            from tandem.feedback.selectors import reports_for_home
            from tandem.mentorships.selectors import agreements_for_home

            preloaded = {"agreements": agreements_for_home(viewer, home),
                         "reports": reports_for_home(viewer, home)}
        healths = selectors.health_for(Relationship.objects.filter(
            wanted, state=Relationship.State.ACTIVE).order_by("started_at", "id"), **preloaded)
    cards = []
    if runs:
        cards.append(_program_status(viewer, programs, total, healths))
    mentees = _my_mentees(viewer, [h for h in healths if h.relationship.mentor_id == viewer.pk],
                          home)
    if mentees:
        cards.append(mentees)
    if community:
        counts = selectors.health_counts([h for h in healths
                                          if h.relationship.program_id is None])
        cards.append({"template": "health/partials/dashboard_card.html", "counts": counts,
                      "roles": ["staff"],
                      "urgency": waiting(counts[HealthState.AT_RISK]) or STATUS})
    return cards


def _my_mentees(viewer, healths, home) -> dict | None:
    """The viewer's active mentorships as the mentor (``healths``, oldest first): each
    mentee's health and next meeting (the home's, shared with the meetings card)."""
    from tandem.meetings.selectors import next_meetings_for_home

    if not healths:
        return None
    upcoming = next_meetings_for_home(viewer, home)
    items = [{"relationship": h.relationship, "mentee": h.relationship.mentee, "health": h,
              "meeting": upcoming.get(h.relationship_id)} for h in healths]
    worrying = [h for h in healths if h.state != HealthState.HEALTHY]
    return {"template": "health/partials/dashboard_mentees.html", "items": items,
            "roles": ["mentor"],
            "urgency": waiting(len(worrying), late=any(h.state == HealthState.AT_RISK
                                                       for h in worrying)) or SOON}


PROGRAMS_SHOWN = 8


def _program_status(viewer, programs, total, healths) -> dict:
    """The programs the viewer runs (staff: all; ``programs_status``'s, with ``total``),
    each with what waits (from the programs app) and its pairs needing attention or at
    risk (by each program's own rules, from ``healths``). No query of its own."""
    # Every program first, so that one with pairs at risk and nothing else waiting is
    # not cut before its pairs are counted; the card shows the eight that need most.
    worry = {p.pk: {HealthState.AT_RISK: 0, HealthState.NEEDS_ATTENTION: 0} for p in programs}
    for health in healths:
        program_id = health.relationship.program_id
        if program_id in worry and health.tracked and health.state != HealthState.HEALTHY:
            worry[program_id][health.state] += 1
    for program in programs:
        program.at_risk = worry[program.pk][HealthState.AT_RISK]
        program.needs_attention = worry[program.pk][HealthState.NEEDS_ATTENTION]
        program.items = _waiting_items(program)
        program.signal = _health_signal(program)
    count = sum(p.waiting + p.at_risk for p in programs)
    # Most waiting first; between equals, the one with pairs at risk.
    programs = sorted(programs, key=lambda p: (-(p.waiting + p.at_risk), -p.at_risk)
                      )[:PROGRAMS_SHOWN]
    return {"template": "health/partials/program_status.html", "lead": True,
            "programs": programs, "total": total, "roles": [
                "coordinator" if viewer.is_coordinator else "staff"],
            "urgency": waiting(count, late=any(p.at_risk for p in programs)) or STATUS}


def _plural(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _waiting_items(program) -> list[dict]:
    """What waits on the program's coordinators, each with the page where it is done, in
    the order they are done: the run to review, mentees to match, matches awaiting an
    answer, re-match requests. Only what is there: no zeros."""
    pk = program.pk
    items = []
    if program.ready_run:
        items.append({"text": f"Run #{program.ready_run.number} ready for review",
                      "url": reverse("programs:matching", args=[pk]), "run": True})
    if program.waiting_mentees:
        items.append({"text": _plural(program.waiting_mentees, "mentee") + " waiting for a "
                      "match", "url": reverse("programs:participants", args=[pk])
                      + "?role=mentee&status=active"})
    if program.awaiting_pairs:
        items.append({"text": _plural(program.awaiting_pairs, "match", "matches")
                      + " awaiting an answer", "url": reverse("programs:matching", args=[pk])})
    if program.open_rematches:
        items.append({"text": _plural(program.open_rematches, "re-match request"),
                      "url": reverse("programs:rematches", args=[pk])})
    return items


def _health_signal(program) -> dict | None:
    """The program's pairs at risk and needing attention, as one link to their list, or
    None when every pair is healthy (no "0 at risk")."""
    parts = []
    if program.at_risk:
        parts.append(f"{program.at_risk} at risk")
    if program.needs_attention:
        parts.append(f"{program.needs_attention} needing attention")
    if not parts:
        return None
    return {"text": ", ".join(parts), "at_risk": bool(program.at_risk),
            "url": reverse("health:program_at_risk", args=[program.pk])}


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
