"""Small builders shared by the engine's tests."""

from __future__ import annotations

import numpy as np

from tandem.matching import Edges, Problem


def edge_problem(n: int, capacity: list[int], edges: dict[tuple[int, int], float],
                 locked=(), forbidden=(), mentee_rankings=None, mentor_rankings=None) -> Problem:
    keys = sorted(edges)
    score = np.asarray([edges[k] for k in keys], np.float64)
    problem = Problem(
        mentee_ids=[f"e{i}" for i in range(n)],
        mentor_ids=[f"r{j}" for j in range(len(capacity))],
        capacity=np.asarray(capacity, np.int64),
        edges=Edges(np.asarray([k[0] for k in keys], np.int32),
                    np.asarray([k[1] for k in keys], np.int32), score,
                    {"score": score.copy()}),
    )
    problem.locked = list(locked)
    problem.forbidden = list(forbidden)
    problem.mentee_rankings = mentee_rankings
    problem.mentor_rankings = mentor_rankings
    return problem


def pairs_of(result) -> dict[str, str]:
    return {pair.mentee: pair.mentor for pair in result.pairs}


def assert_capacities(problem: Problem, result) -> None:
    load: dict[str, int] = {}
    for pair in result.pairs:
        load[pair.mentor] = load.get(pair.mentor, 0) + 1
    capacity = dict(zip(problem.mentor_ids, problem.capacity.tolist(), strict=True))
    for mentor, count in load.items():
        assert count <= capacity[mentor], f"{mentor} holds {count} > {capacity[mentor]}"
    mentees = [pair.mentee for pair in result.pairs]
    assert len(mentees) == len(set(mentees)), "a mentee is matched twice"
