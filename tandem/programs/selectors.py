"""Reads of programs, scoped to the viewer and prefetched: each page costs a fixed number
of queries. Coordinators read figures, states and names, never a mentorship's content."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from tandem.accounts.models import User
from tandem.mentorships.models import Relationship, involving_q
from tandem.programs.models import (
    ImportJob,
    Invitation,
    InvitationStatus,
    JoinRule,
    MatchingRun,
    MatchPair,
    PairStatus,
    Participant,
    ParticipantStatus,
    Program,
    RematchRequest,
    RematchStatus,
    Role,
    RunStatus,
)
from tandem.programs.permissions import coordinated_programs


def coordinated(user):
    return (coordinated_programs(user)
            .annotate(mentee_count=Count("participants", distinct=True,
                                         filter=Q(participants__role=Role.MENTEE,
                                                  participants__status="active",
                                                  participants__user__is_active=True)),
                      mentor_count=Count("participants", distinct=True,
                                         filter=Q(participants__role=Role.MENTOR,
                                                  participants__status="active",
                                                  participants__user__is_active=True)))
            .order_by("-applications_open", "-id"))


def my_participations(user):
    return (Participant.objects.filter(user=user).select_related("program")
            .order_by("-created_at"))


def joinable(user):
    """Programs taking applications now that the user may apply to and is not in."""
    today = timezone.localdate()
    domain = user.email.lower().rsplit("@", 1)[-1]
    return (Program.objects.filter(applications_open__lte=today, applications_close__gte=today)
            .filter(Q(join_rule=JoinRule.OPEN)
                    | Q(join_rule=JoinRule.DOMAIN, email_domain__iexact=domain))
            .exclude(participants__user=user).order_by("applications_close", "id"))


def readable(user):
    """Programs whose public part (name, dates, description, questions) ``user`` may
    read and does not coordinate: those they are in or invited to, and those taking
    applications they may apply to."""
    today = timezone.localdate()
    email = user.email.lower()
    domain = email.rsplit("@", 1)[-1]
    may_apply = (Q(applications_open__lte=today, applications_close__gte=today)
                 & (Q(join_rule=JoinRule.OPEN)
                    | Q(join_rule=JoinRule.DOMAIN, email_domain__iexact=domain)))
    ids = Program.objects.filter(
        Q(participants__user=user) | may_apply
        | Q(invitations__email=email, invitations__status=InvitationStatus.PENDING)
    ).values("pk")
    return (Program.objects.filter(pk__in=ids)
            .exclude(pk__in=coordinated_programs(user).values("pk"))
            .order_by("-applications_open", "-id"))


def my_invitations(user):
    return (Invitation.objects.filter(email=user.email.lower(),
                                      status=InvitationStatus.PENDING)
            .select_related("program").order_by("-created_at"))


def active_users(program: Program, role: str):
    """The ids of the program's enrolled participants in ``role`` (their role in the
    program, whatever their profile says), as a subquery."""
    return (Participant.objects.filter(program=program, role=role,
                                       status=ParticipantStatus.ACTIVE, user__is_active=True)
            .values("user"))


# A mentee counts as matched while the program has put them with a mentor: a mentorship
# of the program that runs or ran its course, or a published match waiting for answers.
MATCHED_RELATIONSHIP_STATES = (*Relationship.OPEN_STATES, Relationship.State.COMPLETED)
PUBLISHED_PAIR_STATES = (PairStatus.AWAITING, PairStatus.STARTED, PairStatus.DECLINED,
                         PairStatus.EXPIRED, PairStatus.NOT_STARTED)


def match_figures(program: Program) -> dict:
    """The program's participants by their role in it, and how many of its enrolled
    mentees are matched (``matched_mentees``, for the match rate), in a fixed number of
    queries."""
    mentees, mentors = active_users(program, Role.MENTEE), active_users(program, Role.MENTOR)
    rels = Relationship.objects.filter(program=program).order_by()
    open_rels = rels.filter(state__in=Relationship.OPEN_STATES)
    matched = set(rels.filter(state__in=MATCHED_RELATIONSHIP_STATES, mentee__in=mentees)
                  .values_list("mentee", flat=True))
    matched |= set(MatchPair.objects.filter(run__program=program, status=PairStatus.AWAITING,
                                            mentee__in=mentees)
                   .values_list("mentee", flat=True))
    pairs = dict(MatchPair.objects.filter(run__program=program,
                                          status__in=PUBLISHED_PAIR_STATES)
                 .order_by().values_list("status").annotate(n=Count("id"))
                 .values_list("status", "n"))
    return {
        "mentees": mentees.count(),
        "mentors": mentors.count(),
        "mentees_in_mentorship": open_rels.filter(mentee__in=mentees)
        .values("mentee").distinct().count(),
        "mentors_busy": open_rels.filter(mentor__in=mentors).values("mentor").distinct().count(),
        "matched_mentees": len(matched),
        "pairs": {status: pairs.get(status, 0) for status in PUBLISHED_PAIR_STATES},
    }


def figures(program: Program) -> dict:
    """Counts a coordinator sees on the program's home page, with what its header and its
    "needs you" card count (``unmatched_mentees``, enrolled mentees with no match yet;
    ``awaiting_pairs``, published matches waiting for an answer): two queries, kept on
    ``program`` for the rest of the request (see :func:`figures_of`)."""
    from django.db.models import Exists, IntegerField, OuterRef, Subquery, Sum
    from django.db.models.functions import Coalesce

    enrolled = Q(status=ParticipantStatus.ACTIVE, user__is_active=True)
    people = Participant.objects.filter(program=program).aggregate(
        mentees=Count("id", filter=enrolled & Q(role=Role.MENTEE)),
        mentors=Count("id", filter=enrolled & Q(role=Role.MENTOR)),
        withdrawn=Count("id", filter=Q(status=ParticipantStatus.WITHDRAWN)),
        places=Sum("capacity", filter=enrolled & Q(role=Role.MENTOR)))

    def count(queryset, field):
        return Coalesce(Subquery(queryset.order_by().values(field).annotate(n=Count("id"))
                                 .values("n")[:1], output_field=IntegerField()), 0)

    rels = Relationship.objects.filter(program=OuterRef("pk"))
    matched_rel = Relationship.objects.filter(
        program=OuterRef("program"), mentee=OuterRef("user"),
        state__in=MATCHED_RELATIONSHIP_STATES)
    matched_pair = MatchPair.objects.filter(run__program=OuterRef("program"),
                                            mentee=OuterRef("user"), status=PairStatus.AWAITING)
    row = Program.objects.filter(pk=program.pk).annotate(
        invitations_pending=count(Invitation.objects.filter(program=OuterRef("pk"),
                                                    status=InvitationStatus.PENDING), "program"),
        rematches_open=count(RematchRequest.objects.filter(program=OuterRef("pk"),
                                                           status=RematchStatus.OPEN),
                             "program"),
        active=count(rels.filter(state__in=["active", "paused"]), "program"),
        completed=count(rels.filter(state="completed"), "program"),
        ended_early=count(rels.filter(state="ended_early"), "program"),
        unmatched_mentees=count(
            Participant.objects.filter(program=OuterRef("pk"), role=Role.MENTEE)
            .filter(enrolled).exclude(Exists(matched_rel)).exclude(Exists(matched_pair)),
            "program"),
        awaiting_pairs=count(MatchPair.objects.filter(run__program=OuterRef("pk"),
                                                      status=PairStatus.AWAITING),
                             "run__program"),
    ).values("invitations_pending", "rematches_open", "active", "completed", "ended_early",
             "unmatched_mentees", "awaiting_pairs").get()
    found = {"mentees": people["mentees"], "mentors": people["mentors"],
             "withdrawn": people["withdrawn"], "places": people["places"] or 0,
             "invitations": row.pop("invitations_pending"),
             "rematches": row.pop("rematches_open"), **row}
    program.figures_loaded = found
    return found


def figures_of(program: Program) -> dict:
    """:func:`figures`, read once per request: the overview's view loads them, and the
    header it includes reads them from the same ``program``."""
    loaded = getattr(program, "figures_loaded", None)
    return loaded if loaded is not None else figures(program)


def participants(program: Program, *, role: str = "", status: str = ""):
    rows = (Participant.objects.filter(program=program).select_related("user__profile")
            .order_by("role", "id"))
    if role in Role.values:
        rows = rows.filter(role=role)
    if status in ParticipantStatus.values:
        rows = rows.filter(status=status)
    return rows


def matched_ids(program: Program) -> set[int]:
    """Users with an open mentorship of the program (as mentee or mentor)."""
    rows = Relationship.objects.filter(program=program, state__in=Relationship.OPEN_STATES)
    return {pk for pair in rows.values_list("mentee_id", "mentor_id") for pk in pair}


def current_run(program: Program) -> MatchingRun | None:
    return (program.runs.exclude(status=RunStatus.REPLACED).order_by("-created_at", "-id")
            .first())


def run_pairs(run: MatchingRun):
    return (run.pairs.select_related("mentee__profile", "mentor__profile", "relationship")
            .order_by("status", "-locked", "-score", "id"))


RUN_PAIR_LABELS = {PairStatus.AWAITING: "waiting for both to accept",
                   PairStatus.STARTED: "started", PairStatus.NOT_STARTED: "could not start"}


def run_summary(run: MatchingRun, pairs) -> dict:
    """The run's header, from its pairs as they are now (never figures stored when it
    finished, which removing, adding or swapping pairs would make stale): under review,
    its proposed pairs; once published, the matches it made, by state, and the deadline
    for answering them."""
    shown = [p for p in pairs if p.status != PairStatus.REMOVED]
    states = {}
    for pair in shown:
        states[pair.status] = states.get(pair.status, 0) + 1
    deadlines = [p.expires_at for p in shown if p.expires_at is not None]
    return {
        "pairs": len(shown),
        "total_score": sum(p.score for p in shown),
        "by_status": [(RUN_PAIR_LABELS.get(status, PairStatus(status).label), n)
                      for status, n in sorted(states.items())],
        "waiting": states.get(PairStatus.AWAITING, 0),
        "deadline": min(deadlines) if deadlines else None,
    }


def users_by_id(ids) -> dict[int, User]:
    ids = [int(i) for i in ids]
    return {u.pk: u for u in User.objects.filter(pk__in=ids).select_related("profile")}


def imports(program: Program):
    return program.imports.select_related("created_by__profile").defer("content")[:20]


def invitations(program: Program):
    return program.invitations.select_related("invited_by__profile").order_by("-created_at")


def rematches(program: Program):
    return (program.rematches.select_related("requested_by__profile", "relationship__mentee__profile",
                                             "relationship__mentor__profile")
            .order_by("status", "-created_at"))


def my_matches(user, program: Program):
    return (MatchPair.objects.filter(involving_q(user), run__program=program)
            .exclude(status__in=[PairStatus.PROPOSED, PairStatus.REMOVED])
            .select_related("mentee__profile", "mentor__profile", "run")
            .order_by("-created_at"))


def my_offers(user, program: Program):
    """The person's published matches in ``program`` still waiting for answers."""
    return (my_matches(user, program).filter(status=PairStatus.AWAITING)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())))


def my_rematch_requests(user, program: Program):
    return RematchRequest.objects.filter(program=program, requested_by=user)


def unmatched_reason_counts(reasons: dict) -> dict[str, int]:
    counts: dict[str, int] = {}
    for reason in (reasons or {}).values():
        counts[reason] = counts.get(reason, 0) + 1
    return counts


__all__ = ["ImportJob"]


def program_status(user, *, limit: int | None = 8) -> tuple[list[Program], int]:
    """The programs ``user`` runs (every program for staff) with what waits on their
    coordinators, for the home page: ``waiting_mentees`` (enrolled mentees with no
    match yet), ``ready_run`` (the newest run ready for review, or None),
    ``awaiting_pairs`` (published matches waiting for an answer) and ``open_rematches``;
    and ``waiting``, what needs the coordinator (mentees, re-matches and a run counting
    one). Those with most waiting first, at
    most ``limit`` (None: all of them); also the number of programs in all. One query
    (the figures are subqueries), however many programs, participants and runs;
    ``ready_run`` carries the run's id and number only."""
    from django.db.models import Exists, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    def count(queryset, field):
        return Coalesce(Subquery(queryset.order_by().values(field).annotate(n=Count("id"))
                                 .values("n")[:1], output_field=IntegerField()), 0)

    matched_rel = Relationship.objects.filter(
        program=OuterRef("program"), mentee=OuterRef("user"),
        state__in=MATCHED_RELATIONSHIP_STATES)
    matched_pair = MatchPair.objects.filter(run__program=OuterRef("program"),
                                            mentee=OuterRef("user"), status=PairStatus.AWAITING)
    ready = (MatchingRun.objects.filter(program=OuterRef("pk"), status=RunStatus.READY)
             .order_by("-created_at", "-id"))  # the newest wins
    programs = list(coordinated_programs(user).annotate(
        waiting_mentees=count(
            Participant.objects.filter(program=OuterRef("pk"), role=Role.MENTEE,
                                       status=ParticipantStatus.ACTIVE, user__is_active=True)
            .exclude(Exists(matched_rel)).exclude(Exists(matched_pair)), "program"),
        ready_run_id=Subquery(ready.values("pk")[:1]),
        ready_run_number=Subquery(ready.values("number")[:1]),
        awaiting_pairs=count(MatchPair.objects.filter(run__program=OuterRef("pk"),
                                                      status=PairStatus.AWAITING),
                             "run__program"),
        open_rematches=count(RematchRequest.objects.filter(program=OuterRef("pk"),
                                                           status=RematchStatus.OPEN),
                             "program"),
    ).order_by("-applications_open", "-id"))
    for program in programs:
        program.ready_run = (MatchingRun(pk=program.ready_run_id, program=program,
                                         number=program.ready_run_number,
                                         status=RunStatus.READY)
                             if program.ready_run_id else None)
        # What needs the coordinator (matches awaiting an answer wait on the pairs).
        program.waiting = (program.waiting_mentees + program.open_rematches
                           + (1 if program.ready_run else 0))
    ordered = sorted(programs, key=lambda p: -p.waiting)  # stable: newest programs first
    return (ordered if limit is None else ordered[:limit]), len(programs)
