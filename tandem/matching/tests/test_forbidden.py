"""Forbidden pairs (a program's excluded pairs: past mentorships, declines, re-matches)
are never proposed, in either mode, and they are removed before each mentee's top-k is
chosen, so forbidding a mentee's best mentors leaves them the next best ones."""

from __future__ import annotations

import numpy as np
import pytest

from tandem.matching import solve
from tandem.matching.scoring import Scorer
from tandem.matching.synth import cohort


@pytest.mark.parametrize("mode", ["optimal", "stable"])
def test_it_never_proposes_a_forbidden_pair(mode):
    problem = cohort(200, 40, candidates=5, seed=7)
    free = solve(problem, mode=mode)
    chosen = [(problem.mentee_ids.index(p.mentee), problem.mentor_ids.index(p.mentor))
              for p in free.pairs]
    problem.forbidden = chosen[: len(chosen) // 2]
    again = solve(problem, mode=mode)
    proposed = {(problem.mentee_ids.index(p.mentee), problem.mentor_ids.index(p.mentor))
                for p in again.pairs}
    assert not proposed & set(problem.forbidden)
    assert again.matched > 0


def test_it_forbids_before_the_top_k_is_chosen():
    problem = cohort(30, 40, candidates=40, seed=2)
    everyone = Scorer(problem).candidates(threads=1)
    counts = np.bincount(everyone.mentee, minlength=30)
    mentee = int(np.argmax(counts))
    assert counts[mentee] >= 6
    problem.candidates = 3
    best = Scorer(problem).candidates(threads=1)
    top = best.mentor[best.mentee == mentee].tolist()
    assert len(top) == 3
    problem.forbidden = [(mentee, j) for j in top]
    edges = Scorer(problem).candidates(threads=1)
    others = edges.mentor[edges.mentee == mentee].tolist()
    assert len(others) == 3 and not set(others) & set(top)
    assert edges.score[edges.mentee == mentee].max() <= \
        best.score[best.mentee == mentee].min() + 1e-6
