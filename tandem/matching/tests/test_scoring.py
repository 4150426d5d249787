"""Scoring from features: the top-k are the true best pairs that pass the hard constraints,
and every explanation adds up to its score."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tandem.matching import NO_CANDIDATE, parse_problem, solve
from tandem.matching import scoring as scoring_module
from tandem.matching.model import TERMS
from tandem.matching.scoring import Scorer
from tandem.matching.solve import candidate_edges
from tandem.matching.synth import cohort


def brute_force(problem, scorer):
    """Every pair scored one by one with the explanation function, constraints checked
    with plain Python, then each mentee's k best."""
    n, m = problem.n_mentees, problem.n_mentors
    a, b, c = problem.features.mentees, problem.features.mentors, problem.constraints
    i, j = np.divmod(np.arange(n * m), m)
    contributions = scorer.contributions(i, j)
    score = np.sum(list(contributions.values()), axis=0)
    forbidden = set(problem.forbidden)
    best: dict[int, list[float]] = {}
    for e in range(n * m):
        ii, jj = int(i[e]), int(j[e])
        gap = abs(float(a.timezone[ii]) - float(b.timezone[jj])) % 24
        gap = min(gap, 24 - gap)
        overlap = int(sum(bin(int(x) & int(y)).count("1")
                          for x, y in zip(a.availability[ii], b.availability[jj], strict=True)))
        ok = ((not c.shared_language or int(a.languages[ii]) & int(b.languages[jj]))
              and (c.max_timezone_gap is None or gap <= c.max_timezone_gap)
              and overlap >= c.min_overlap_hours
              and not (c.exclude_same_team and a.team[ii] >= 0 and a.team[ii] == b.team[jj])
              and (c.min_score is None or score[e] >= c.min_score - 1e-5)
              and (ii, jj) not in forbidden)
        if ok:
            best.setdefault(ii, []).append(score[e])
    return {ii: sorted(values, reverse=True)[:problem.candidates]
            for ii, values in best.items()}


@pytest.mark.parametrize("table_limit", [1 << 24, 0])
def test_it_keeps_the_true_top_k(monkeypatch, table_limit):
    # A table limit of 0 forces the per-chunk bit counting; tiny chunks force many chunks
    # on several threads.
    monkeypatch.setattr(scoring_module, "TABLE_LIMIT", table_limit)
    monkeypatch.setattr(scoring_module, "CHUNK_CELLS", 256)
    problem = cohort(120, 40, candidates=7, seed=3)
    problem.forbidden = [(0, j) for j in range(0, 40, 3)]
    problem.constraints.min_score = 2.0
    scorer = Scorer(problem)
    edges = scorer.candidates(threads=2)
    expected = brute_force(problem, scorer)
    for i in range(problem.n_mentees):
        got = sorted(edges.score[edges.mentee == i].tolist(), reverse=True)
        assert got == pytest.approx(expected.get(i, []), abs=1e-4), f"mentee {i}"
    assert not set(zip(edges.mentee.tolist(), edges.mentor.tolist(), strict=True)) & \
        set(problem.forbidden)


def test_it_explains_every_score():
    problem = cohort(300, 60, candidates=10, seed=1)
    result = solve(problem)
    assert result.matched > 0
    for pair in result.pairs:
        assert set(pair.contributions) == set(TERMS)
        assert sum(pair.contributions.values()) == pytest.approx(pair.score, abs=1e-9)


def test_it_excludes_the_same_team_when_teams_are_large(monkeypatch):
    problem = cohort(200, 50, candidates=10, seed=2)
    problem.features.mentees.team[:] = 1
    problem.features.mentors.team[:25] = 1
    edges = Scorer(problem).candidates()
    assert edges.mentor.min() >= 25


FEATURES = {
    "mentees": [
        {"id": "ana", "wants": {"python": 3, "leadership": 1}, "goals": "become a tech lead",
         "languages": ["en"], "timezone": 1, "availability": [18, 19, 42], "seniority": 1,
         "industry": "fintech", "team": "payments", "prefers": ["omar"]},
        {"id": "ben", "wants": ["design"], "languages": ["de"], "timezone": 9},
    ],
    "mentors": [
        {"id": "mia", "capacity": 1, "offers": {"python": 2}, "expertise": "tech lead coach",
         "languages": ["en"], "timezone": 0, "availability": [18, 19], "seniority": 3,
         "industry": "fintech", "team": "payments"},
        {"id": "omar", "capacity": 1, "offers": ["leadership"], "languages": ["en", "es"],
         "timezone": -5, "availability": [42], "seniority": 6},
    ],
    "weights": {"skills": 4, "goals": 2, "preference": 3},
    "constraints": {"shared_language": True, "exclude_same_team": True},
}


def test_it_scores_a_problem_file_with_features():
    result = solve(parse_problem(json.dumps(FEATURES)))
    assert [(p.mentee, p.mentor) for p in result.pairs] == [("ana", "omar")]
    pair = result.pairs[0]
    assert pair.contributions["preference"] == 3
    assert pair.contributions["language"] == 1
    assert pair.contributions["availability"] == pytest.approx(0.25)
    assert sum(pair.contributions.values()) == pytest.approx(pair.score)
    # ben speaks only German: no mentor passes the shared-language constraint.
    assert result.reasons == {"ben": NO_CANDIDATE}


def test_it_explains_a_locked_pair_that_breaks_a_constraint():
    data = dict(FEATURES, locked=[{"mentee": "ana", "mentor": "mia"}])
    result = solve(parse_problem(json.dumps(data)))
    locked = result.pairs[0]
    assert (locked.mentee, locked.mentor, locked.locked) == ("ana", "mia", True)
    assert locked.contributions["industry"] == 1
    assert sum(locked.contributions.values()) == pytest.approx(locked.score)


def test_it_respects_the_hard_constraints():
    problem = cohort(400, 80, candidates=20, seed=5)
    edges = candidate_edges(problem)
    a, b = problem.features.mentees, problem.features.mentors
    i, j = edges.mentee, edges.mentor
    assert ((a.languages[i] & b.languages[j]) != 0).all()
    gap = np.abs(a.timezone[i] - b.timezone[j]) % 24
    assert (np.minimum(gap, 24 - gap) <= 8).all()
    assert (np.bitwise_count(a.availability[i] & b.availability[j]).sum(axis=1) >= 1).all()
    assert not ((a.team[i] >= 0) & (a.team[i] == b.team[j])).any()
    assert np.bincount(i, minlength=400).max() <= 20


def test_it_handles_an_empty_side():
    for data in ({"mentees": [{"id": "ana", "wants": ["python"]}], "mentors": []},
                 {"mentees": [], "mentors": [{"id": "mia", "offers": ["python"]}]}):
        for mode in ("optimal", "stable"):
            result = solve(parse_problem(json.dumps(data)), mode)
            assert result.matched == 0
            assert result.reasons == ({"ana": NO_CANDIDATE} if data["mentees"] else {})
