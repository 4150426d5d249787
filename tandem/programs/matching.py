"""From a program to the matching engine: who is in the pool, the engine's problem (weights
and must-haves from the program, profiles through ``directory.features.problem_for``),
and explanations of pairs made by hand."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count

from tandem.accounts.models import Profile
from tandem.matching import Constraints, Problem, Weights
from tandem.mentorships.models import Relationship
from tandem.programs.models import (
    WEIGHT_TERMS,
    MatchPair,
    PairStatus,
    Participant,
    ParticipantStatus,
    Program,
    Role,
    RunStatus,
)


@dataclass
class Pool:
    mentees: list[int] = field(default_factory=list)  # user ids, in enrollment order
    capacity: dict[int, int] = field(default_factory=dict)  # mentor user id -> places
    teams: dict[int, str] = field(default_factory=dict)


def pool(program: Program) -> Pool:
    """Enrolled mentees with no open mentorship of this program and no match waiting for
    approval; enrolled mentors with the places they have left, in the program (their
    program capacity) and overall (their profile's free places). A fixed number of
    queries."""
    people = list(Participant.objects.filter(program=program,
                                             status=ParticipantStatus.ACTIVE)
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


__all__ = ["Pool", "explain", "pool", "problem"]
