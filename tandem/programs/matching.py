"""From a program to the matching engine: who is in the pool, the pairs that may never be
proposed (``excluded_pairs``), the engine's problem (weights and must-haves from the
program, profiles through ``directory.features.problem_for``), and explanations of pairs
made by hand."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, Exists, OuterRef

from tandem.accounts.models import Profile
from tandem.matching import Constraints, Problem, Weights
from tandem.mentorships.models import MentorshipRequest, Relationship
from tandem.programs.models import (
    WEIGHT_TERMS,
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


@dataclass
class Pool:
    mentees: list[int] = field(default_factory=list)  # user ids, in enrollment order
    capacity: dict[int, int] = field(default_factory=dict)  # mentor user id -> places
    teams: dict[int, str] = field(default_factory=dict)


def pool(program: Program) -> Pool:
    """Enrolled mentees (whose account is not frozen) with no open mentorship of this
    program and no match waiting for approval; enrolled mentors with the places they have left, in the program (their
    program capacity) and overall (their profile's free places). A fixed number of
    queries."""
    people = list(Participant.objects.filter(program=program, status=ParticipantStatus.ACTIVE,
                                             user__is_active=True)
                  .values_list("user_id", "role", "capacity", "team").order_by("id"))
    open_rel = Relationship.objects.filter(program=program, state__in=Relationship.OPEN_STATES)
    mentee_busy = set(open_rel.values_list("mentee_id", flat=True))
    awaiting = MatchPair.objects.filter(run__program=program, run__status=RunStatus.PUBLISHED,
                                        status=PairStatus.AWAITING)
    mentee_busy |= set(awaiting.values_list("mentee_id", flat=True))
    used: dict[int, int] = {}
    for row in open_rel.values("mentor_id").annotate(n=Count("id")):
        used[row["mentor_id"]] = row["n"]
    waiting: dict[int, int] = {}
    for row in awaiting.values("mentor_id").annotate(n=Count("id")):
        waiting[row["mentor_id"]] = row["n"]
    mentor_ids = [u for u, role, _, _ in people if role == Role.MENTOR]
    free = {u: max(c - t, 0) for u, c, t in Profile.objects.filter(user_id__in=mentor_ids)
            .values_list("user_id", "mentor_capacity", "places_taken")}
    result = Pool()
    for user_id, role, capacity, team in people:
        result.teams[user_id] = team
        if role == Role.MENTEE:
            if user_id not in mentee_busy:
                result.mentees.append(user_id)
        else:
            in_program = capacity - used.get(user_id, 0) - waiting.get(user_id, 0)
            overall = free.get(user_id, 0) - waiting.get(user_id, 0)
            result.capacity[user_id] = max(0, min(in_program, overall))
    return result


# Why a pair is excluded, strongest first: a pair is reported with the first that applies.
REMATCHED = "rematched"
MENTORSHIP = "mentorship"
DECLINED = "declined"
EXPIRED = "expired"
REQUEST_DECLINED = "request_declined"
REQUEST_EXPIRED = "request_expired"
_ORDER = (REMATCHED, MENTORSHIP, DECLINED, EXPIRED, REQUEST_DECLINED, REQUEST_EXPIRED)

# Written on a program match when one person declines it: the coordinator reads it after
# the status ("Declined: the mentee said no."), and the exclusion says who declined.
DECLINED_BY = {Role.MENTEE: "The mentee said no.", Role.MENTOR: "The mentor said no."}


@dataclass(frozen=True)
class Exclusion:
    """Why (mentee, mentor) may never be proposed: ``ref`` is the mentorship's or the
    request's id, or the run's number; ``detail`` the mentorship's state or who declined
    ("mentee", "mentor" or "" when not known)."""

    kind: str
    mentee_id: int
    mentor_id: int
    ref: int = 0
    detail: str = ""

    def message(self, names: dict[int, str]) -> str:
        mentee = names.get(self.mentee_id, "The mentee")
        mentor = names.get(self.mentor_id, "the mentor")
        if self.kind == REMATCHED:
            return (f"{mentee} and {mentor}'s mentorship (#{self.ref}) was ended by a "
                    "re-match request.")
        if self.kind == MENTORSHIP:
            state = Relationship.State(self.detail).label.lower()
            if self.detail in Relationship.OPEN_STATES:
                return f"{mentee} and {mentor} already have a mentorship (#{self.ref}, {state})."
            return f"{mentee} and {mentor} already had a mentorship (#{self.ref}, {state})."
        if self.kind == DECLINED:
            if self.detail == Role.MENTEE:
                return f"{mentee} declined {mentor} in run {self.ref}."
            if self.detail == Role.MENTOR:
                return f"{mentor} declined {mentee} in run {self.ref}."
            return f"The match of {mentee} and {mentor} was declined in run {self.ref}."
        if self.kind == EXPIRED:
            return (f"The match of {mentee} and {mentor} in run {self.ref} expired "
                    "unanswered.")
        if self.kind == REQUEST_DECLINED:
            return f"{mentor} declined {mentee}'s request for a mentorship (#{self.ref})."
        return f"{mentor} let {mentee}'s request for a mentorship (#{self.ref}) expire."


def excluded_pairs(*, mentees, mentors) -> dict[tuple[int, int], Exclusion]:
    """Every (mentee, mentor) pair among these user ids (lists, or querysets of ids) that
    a run must never propose and a coordinator may not add by hand, with why:

    - the two have or had a mentorship, open or closed, in any program or none (a
      re-match request that ended it is named as such);
    - either of them declined a program match of the two, or let it expire;
    - the mentor declined the mentee's request, or let it expire.

    Three queries, whatever the number of people."""
    found: dict[tuple[int, int], Exclusion] = {}

    def keep(exclusion: Exclusion) -> None:
        key = (exclusion.mentee_id, exclusion.mentor_id)
        held = found.get(key)
        if held is None or _ORDER.index(exclusion.kind) < _ORDER.index(held.kind):
            found[key] = exclusion

    rematched = RematchRequest.objects.filter(relationship=OuterRef("pk"),
                                              status=RematchStatus.DONE)
    for row in (Relationship.objects.filter(mentee_id__in=mentees, mentor_id__in=mentors)
                .annotate(rematched=Exists(rematched)).order_by("started_at", "id")
                .values("id", "mentee_id", "mentor_id", "state", "rematched")):
        # The latest mentorship of the pair is the one named (rows come oldest first).
        kind = REMATCHED if row["rematched"] else MENTORSHIP
        key = (row["mentee_id"], row["mentor_id"])
        if found.get(key) is None or found[key].kind != REMATCHED or kind == REMATCHED:
            found[key] = Exclusion(kind, *key, ref=row["id"], detail=row["state"])
    for row in (MatchPair.objects.filter(status__in=[PairStatus.DECLINED, PairStatus.EXPIRED],
                                         mentee_id__in=mentees, mentor_id__in=mentors)
                .order_by("id").values("mentee_id", "mentor_id", "status", "note",
                                       "run__number", "mentee_accepted_at",
                                       "mentor_accepted_at")):
        number = row["run__number"]
        key = (row["mentee_id"], row["mentor_id"])
        if row["status"] == PairStatus.EXPIRED:
            keep(Exclusion(EXPIRED, *key, ref=number))
            continue
        by = next((role for role, note in DECLINED_BY.items() if note == row["note"]), "")
        if not by and bool(row["mentee_accepted_at"]) != bool(row["mentor_accepted_at"]):
            by = Role.MENTOR if row["mentee_accepted_at"] else Role.MENTEE
        keep(Exclusion(DECLINED, *key, ref=number, detail=str(by)))
    closed = {MentorshipRequest.State.DECLINED: REQUEST_DECLINED,
              MentorshipRequest.State.EXPIRED: REQUEST_EXPIRED}
    for row in (MentorshipRequest.objects.filter(state__in=list(closed), mentee_id__in=mentees,
                                                 mentor_id__in=mentors)
                .order_by("id").values("id", "mentee_id", "mentor_id", "state")):
        keep(Exclusion(closed[row["state"]], row["mentee_id"], row["mentor_id"],
                       ref=row["id"]))
    return found


def pool_exclusions(program: Program, the_pool: Pool) -> dict[tuple[int, int], Exclusion]:
    """``excluded_pairs`` between the pool's mentees and mentors. The people are named by
    subqueries on the program's participants, so a cohort of any size is one short query
    each."""
    enrolled = Participant.objects.filter(program=program, status=ParticipantStatus.ACTIVE)
    found = excluded_pairs(
        mentees=enrolled.filter(role=Role.MENTEE).values("user_id"),
        mentors=enrolled.filter(role=Role.MENTOR).values("user_id"))
    mentees = set(the_pool.mentees)
    return {key: why for key, why in found.items()
            if key[0] in mentees and key[1] in the_pool.capacity}


def weights_of(program: Program) -> Weights:
    return Weights(**{term: float(program.weight(term)) for term in WEIGHT_TERMS})


def constraints_of(program: Program) -> Constraints:
    return Constraints(shared_language=program.shared_language,
                       max_timezone_gap=program.max_timezone_gap,
                       min_overlap_hours=program.min_overlap_hours,
                       exclude_same_team=program.exclude_same_team,
                       min_score=program.min_score)


class _Ref:
    """A user id standing in for a user: ``problem_for`` reads only ``.pk``."""

    __slots__ = ("pk",)

    def __init__(self, pk: int):
        self.pk = pk


def problem(program: Program, the_pool: Pool, *, locked=(), forbidden=(),
            mentees: list[int] | None = None, mentors: list[int] | None = None,
            candidates: int = 50) -> Problem:
    from tandem.directory.features import problem_for

    mentee_ids = the_pool.mentees if mentees is None else mentees
    mentor_ids = list(the_pool.capacity) if mentors is None else mentors
    result = problem_for(mentees=[_Ref(pk) for pk in mentee_ids],
                         mentors=[_Ref(pk) for pk in mentor_ids],
                         weights=weights_of(program), constraints=constraints_of(program),
                         capacity={pk: the_pool.capacity.get(pk, 0) for pk in mentor_ids},
                         candidates=candidates, locked=locked, forbidden=forbidden)
    # Teams come from the program (its CSV or the application), not from profiles.
    if result.features is not None and program.exclude_same_team:
        codes: dict[str, int] = {}

        def code(user_id: int) -> int:
            team = (the_pool.teams.get(user_id) or "").strip().casefold()
            return codes.setdefault(team, len(codes)) if team else -1

        result.features.mentees.team = np.asarray([code(pk) for pk in mentee_ids], np.int32)
        result.features.mentors.team = np.asarray([code(pk) for pk in mentor_ids], np.int32)
    return result


def explain(program: Program, pairs: list[tuple[int, int]]
            ) -> dict[tuple[int, int], tuple[float, dict[str, float], bool]]:
    """For pairs made by hand: (score, contributions, whether it passes the program's
    must-haves)."""
    from tandem.matching.scoring import Scorer

    if not pairs:
        return {}
    mentees = list(dict.fromkeys(i for i, _ in pairs))
    mentors = list(dict.fromkeys(j for _, j in pairs))
    the_pool = pool(program)
    the_pool.capacity = {pk: 1 for pk in mentors}
    for pk in mentees + mentors:
        the_pool.teams.setdefault(pk, "")
    prob = problem(program, the_pool, mentees=mentees, mentors=mentors,
                   candidates=len(mentors))
    scorer = Scorer(prob)
    edges = scorer.candidates(threads=1)
    passing = {(int(i), int(j)) for i, j in zip(edges.mentee, edges.mentor, strict=True)}
    mi = np.asarray([mentees.index(i) for i, _ in pairs], np.int32)
    mj = np.asarray([mentors.index(j) for _, j in pairs], np.int32)
    parts = scorer.contributions(mi, mj)
    out = {}
    for k, (i, j) in enumerate(pairs):
        contributions = {name: round(float(values[k]), 4) for name, values in parts.items()}
        out[(i, j)] = (round(sum(contributions.values()), 4), contributions,
                       (int(mi[k]), int(mj[k])) in passing)
    return out


def unmatched_reason_counts(reasons: dict) -> dict[str, int]:
    counts: dict[str, int] = {}
    for reason in (reasons or {}).values():
        counts[reason] = counts.get(reason, 0) + 1
    return counts


__all__ = ["Exclusion", "Pool", "excluded_pairs", "explain", "pool", "pool_exclusions",
           "problem"]
