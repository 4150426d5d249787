"""The program workspace: the header every program page shows (its phase and key
figures), the tabs of its sub-navigation, and what its overview says needs the
coordinator. Each function costs a fixed number of queries, whatever the program's size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from tandem.mentorships.models import Relationship
from tandem.programs import selectors
from tandem.programs.models import (
    ImportStatus,
    Participant,
    ParticipantStatus,
    Program,
    Role,
    RunStatus,
)


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    url_name: str  # reversed with the program's id


# The coordinator's tabs, in order. Dashboard and the health rules (under Settings) are
# pages of the health app; circles' program pages sit under Dashboard and Participants.
COORDINATOR_TABS = (
    Tab("overview", "Overview", "programs:detail"),
    Tab("participants", "Participants", "programs:participants"),
    Tab("applications", "Applications and invitations", "programs:invitations"),
    Tab("import", "Import", "programs:import"),
    Tab("matching", "Matching", "programs:matching"),
    Tab("dashboard", "Dashboard", "health:program_dashboard"),
    Tab("settings", "Settings", "programs:edit"),
)
# A participant sees the program's page and their own application, as before.
PARTICIPANT_TABS = (
    Tab("overview", "Overview", "programs:detail"),
    Tab("application", "My application", "programs:application"),
)


def phase(program: Program, *, today: date | None = None) -> tuple[str, str]:
    """(key, label) of where the program is in its year, from its dates."""
    today = today or timezone.localdate()
    if today < program.applications_open:
        return "upcoming", f"Applications open on {program.applications_open:%-d %B %Y}"
    if today <= program.applications_close:
        return "applications", "Taking applications"
    if today < program.starts_on:
        return "matching", "Applications closed: matching"
    if today <= program.ends_on:
        return "running", "Running"
    return "ended", "Ended"


def header_figures(program: Program) -> dict:
    """Enrolled mentees and mentors (by their role in the program, active accounts) and
    the program's mentorships running (active or paused): two queries, none when the page
    has loaded the program's figures already (the overview)."""
    loaded = getattr(program, "figures_loaded", None)
    if loaded is not None:
        return {"mentees": loaded["mentees"], "mentors": loaded["mentors"],
                "running": loaded["active"]}
    people = Participant.objects.filter(program=program, status=ParticipantStatus.ACTIVE,
                                        user__is_active=True).aggregate(
        mentees=Count("id", filter=Q(role=Role.MENTEE)),
        mentors=Count("id", filter=Q(role=Role.MENTOR)))
    running = Relationship.objects.filter(
        program=program, state__in=[Relationship.State.ACTIVE, Relationship.State.PAUSED]
    ).count()
    return {"mentees": people["mentees"], "mentors": people["mentors"], "running": running}


def needs_you(program: Program) -> dict:
    """What waits on the program's coordinators, for its overview: mentees enrolled with
    no match yet (the next run matches them), the run when it is ready for review,
    published matches still waiting for both people's answer, invitations not answered,
    open re-match requests and an import whose rows need a decision; ``any`` when one of
    them does. Two queries on the program's figures (``selectors.figures_of``)."""
    figures = selectors.figures_of(program)
    run = selectors.current_run(program)
    needs = {
        "unmatched_mentees": figures["unmatched_mentees"],
        "run": run,
        "run_ready": run is not None and run.status == RunStatus.READY,
        "run_running": run is not None and run.is_running,
        "matches_waiting": figures["awaiting_pairs"],
        "invitations_waiting": figures["invitations"],
        "rematches_open": figures["rematches"],
        "import_invalid": program.imports.filter(status=ImportStatus.INVALID)
        .order_by("-created_at").first(),
    }
    # Whether anything at all waits: the overview shows its warning look only then.
    needs["any"] = any(value for key, value in needs.items() if key != "run")
    return needs


def recent_applications(program: Program, *, limit: int = 50):
    """The people who applied to the program themselves, newest first."""
    return (Participant.objects.filter(program=program, source="applied")
            .select_related("user__profile").order_by("-created_at", "-id")[:limit])
