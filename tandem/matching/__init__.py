"""Tandem's matching engine: scores mentee-mentor pairs from their profiles and matches a
whole cohort, optimally (most mentees matched, then the best total score) or stably
(mentee-proposing deferred acceptance). A plain library: it imports no Django.

    from tandem.matching import load_problem, solve
    result = solve(load_problem("cohort.json"), mode="optimal")

See docs/matching.md.
"""

from .io import load_problem, parse_problem, problem_from_dict, result_to_dict, result_to_json
from .model import (
    CAPACITY_RAN_OUT,
    NO_CANDIDATE,
    Constraints,
    Edges,
    Features,
    Pair,
    Problem,
    ProblemError,
    Result,
    Side,
    Weights,
)
from .solve import optimal_assignment, solve, stable_assignment

__all__ = [
    "CAPACITY_RAN_OUT", "NO_CANDIDATE", "Constraints", "Edges", "Features", "Pair", "Problem",
    "ProblemError", "Result", "Side", "Weights", "load_problem", "optimal_assignment",
    "parse_problem", "problem_from_dict", "result_to_dict", "result_to_json", "solve",
    "stable_assignment",
]
