"""The matching engine's data: a problem to solve and the result it gives.

Everything is held in numpy arrays indexed by position (mentee ``i`` is ``mentee_ids[i]``)
so that a cohort of 100,000 costs megabytes, not gigabytes of Python objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

# The reasons a coordinator sees for a mentee left without a mentor.
NO_CANDIDATE = "no candidate passes the constraints"
CAPACITY_RAN_OUT = "capacity ran out"

# Score terms computed from participant features, in the order they are explained.
TERMS = ("skills", "goals", "language", "timezone", "availability", "industry", "seniority",
         "preference")


class ProblemError(ValueError):
    """A problem that cannot be solved as given; the message names what and where."""


@dataclass
class Edges:
    """Allowed pairs with their scores; ``contributions`` splits each score into named
    parts that add up to it (the explanation a coordinator sees)."""

    mentee: np.ndarray  # int32 mentee index
    mentor: np.ndarray  # int32 mentor index
    score: np.ndarray  # float64
    contributions: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return int(self.mentee.shape[0])

    def take(self, index: np.ndarray) -> Edges:
        return Edges(self.mentee[index], self.mentor[index], self.score[index],
                     {name: values[index] for name, values in self.contributions.items()})

    @classmethod
    def empty(cls) -> Edges:
        return cls(np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0))


@dataclass
class Side:
    """The features of one side (mentees or mentors), one row per participant.

    ``skills`` holds the wanted (mentees) or offered (mentors) tags with their weights;
    ``text`` the mentee's goals or the mentor's expertise; ``languages`` a bitmask over the
    problem's language list; ``timezone`` the UTC offset in hours; ``availability`` the
    weekly free hours as a 168-bit set in UTC (three uint64 words: hour of week 0 is Monday
    00:00 UTC); ``industry`` and ``team`` codes (-1: none); ``seniority`` 0-10 (-1: unknown).
    """

    skills: sp.csr_matrix
    text: list[str]
    languages: np.ndarray  # uint64
    timezone: np.ndarray  # float32 hours
    availability: np.ndarray  # (n, 3) uint64
    industry: np.ndarray  # int32
    seniority: np.ndarray  # int8
    team: np.ndarray  # int32

    def __len__(self) -> int:
        return len(self.text)


@dataclass
class Features:
    mentees: Side
    mentors: Side
    # Mentee preferences as (mentee index, mentor index) arrays.
    prefers: tuple[np.ndarray, np.ndarray] = field(
        default_factory=lambda: (np.zeros(0, np.int32), np.zeros(0, np.int32)))
    avoids: tuple[np.ndarray, np.ndarray] = field(
        default_factory=lambda: (np.zeros(0, np.int32), np.zeros(0, np.int32)))


@dataclass
class Weights:
    """How much each term counts (the program's 0-10 sliders); each term is in [0, 1]
    before weighting (preference is +1 preferred, -1 avoided)."""

    skills: float = 4.0
    goals: float = 2.0
    language: float = 1.0
    timezone: float = 1.0
    availability: float = 1.0
    industry: float = 1.0
    seniority: float = 1.0
    preference: float = 3.0


@dataclass
class Constraints:
    """Hard constraints (the program's must-haves), applied before the top-k are kept."""

    shared_language: bool = False
    max_timezone_gap: float | None = None  # hours
    min_overlap_hours: int = 0
    exclude_same_team: bool = False
    min_score: float | None = None
    # Hours of overlap that earn the full availability term.
    overlap_target_hours: int = 4


@dataclass
class Problem:
    mentee_ids: list[str]
    mentor_ids: list[str]
    capacity: np.ndarray  # int64 per mentor
    edges: Edges | None = None
    features: Features | None = None
    weights: Weights = field(default_factory=Weights)
    constraints: Constraints = field(default_factory=Constraints)
    candidates: int = 50
    locked: list[tuple[int, int]] = field(default_factory=list)
    forbidden: list[tuple[int, int]] = field(default_factory=list)
    # Per mentee (mentor) the ranked indices of the other side, or None when not given.
    mentee_rankings: list[list[int] | None] | None = None
    mentor_rankings: list[list[int] | None] | None = None

    @property
    def n_mentees(self) -> int:
        return len(self.mentee_ids)

    @property
    def n_mentors(self) -> int:
        return len(self.mentor_ids)


@dataclass
class Pair:
    mentee: str
    mentor: str
    score: float
    contributions: dict[str, float]
    locked: bool = False


@dataclass
class Result:
    """What a run proposes: pairs with their explanation, and who is left and why."""

    mode: str
    pairs: list[Pair]
    unmatched: list[str]
    reasons: dict[str, str]
    matched: int
    total_score: float
