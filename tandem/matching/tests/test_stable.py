"""Stable mode leaves no blocking pair, respects capacities, and gives the mentee-optimal
stable matching (checked against every stable matching of small instances)."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.matching import solve
from tandem.matching.solve import score_key

from .helpers import assert_capacities, edge_problem, pairs_of


def preferences(n, m, edges, mentee_rankings, mentor_rankings):
    """Independent re-statement of the rules: acceptable = an edge, and ranked by each side
    that gave a ranking; without a ranking, descending score with ties broken by id."""
    names_e, names_r = [f"e{i}" for i in range(n)], [f"r{j}" for j in range(m)]

    def acceptable(i, j):
        if (i, j) not in edges:
            return False
        if mentee_rankings and mentee_rankings[i] is not None and j not in mentee_rankings[i]:
            return False
        return not (mentor_rankings and mentor_rankings[j] is not None
                    and i not in mentor_rankings[j])

    mentee_pref = {}
    for i in range(n):
        options = [j for j in range(m) if acceptable(i, j)]
        if mentee_rankings and mentee_rankings[i] is not None:
            options.sort(key=mentee_rankings[i].index)
        else:
            options.sort(key=lambda j, i=i: (-edges[(i, j)], names_r[j]))  # type: ignore[misc]
        mentee_pref[i] = options
    mentor_rank = {}
    for j in range(m):
        options = [i for i in range(n) if acceptable(i, j)]
        if mentor_rankings and mentor_rankings[j] is not None:
            options.sort(key=mentor_rankings[j].index)
        else:
            options.sort(key=lambda i, j=j: (-edges[(i, j)], names_e[i]))  # type: ignore[misc]
        mentor_rank[j] = {i: r for r, i in enumerate(options)}
    return mentee_pref, mentor_rank


def is_stable(assignment, capacity, mentee_pref, mentor_rank):
    held = {j: [i for i, a in assignment.items() if a == j] for j in range(len(capacity))}
    for i, options in mentee_pref.items():
        current = assignment.get(i)
        better = options if current is None else options[:options.index(current)]
        for j in better:
            if len(held[j]) < capacity[j]:
                return False
            if any(mentor_rank[j][i] < mentor_rank[j][k] for k in held[j]):
                return False
    return True


def stable_matchings(n, capacity, mentee_pref, mentor_rank):
    choices = [[None, *mentee_pref[i]] for i in range(n)]
    for combo in itertools.product(*choices):
        load = [0] * len(capacity)
        for j in combo:
            if j is not None:
                load[j] += 1
        if any(load[j] > capacity[j] for j in range(len(capacity))):
            continue
        assignment = {i: j for i, j in enumerate(combo) if j is not None}
        if is_stable(assignment, capacity, mentee_pref, mentor_rank):
            yield assignment


@st.composite
def instances(draw):
    n = draw(st.integers(0, 5))
    m = draw(st.integers(1, 3))
    capacity = draw(st.lists(st.integers(0, 2), min_size=m, max_size=m))
    edges = {(i, j): float(draw(st.integers(0, 4)))  # small range: many ties
             for i in range(n) for j in range(m) if draw(st.integers(0, 3)) > 0}
    mentee_rankings = mentor_rankings = None
    if draw(st.booleans()):
        mentee_rankings = [draw(st.none() | st.permutations(range(m)).flatmap(
            lambda p: st.integers(0, len(p)).map(lambda k, p=p: list(p[:k]))))  # type: ignore[misc]
            for _ in range(n)]
    if draw(st.booleans()):
        mentor_rankings = [draw(st.none() | st.permutations(range(n)).flatmap(
            lambda p: st.integers(0, len(p)).map(lambda k, p=p: list(p[:k]))))  # type: ignore[misc]
            for _ in range(m)]
    return n, capacity, edges, mentee_rankings, mentor_rankings


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_it_gives_the_mentee_optimal_stable_matching(instance):
    n, capacity, edges, mentee_rankings, mentor_rankings = instance
    problem = edge_problem(n, capacity, edges, mentee_rankings=mentee_rankings,
                           mentor_rankings=mentor_rankings)
    result = solve(problem, "stable")
    assert_capacities(problem, result)
    got = {int(e[1:]): int(r[1:]) for e, r in pairs_of(result).items()}
    mentee_pref, mentor_rank = preferences(n, len(capacity), edges, mentee_rankings,
                                           mentor_rankings)
    assert is_stable(got, capacity, mentee_pref, mentor_rank), "a blocking pair"
    everything = list(stable_matchings(n, capacity, mentee_pref, mentor_rank))
    assert got in everything

    def rank(i, assignment):
        j = assignment.get(i)
        return len(mentee_pref[i]) if j is None else mentee_pref[i].index(j)

    for other in everything:
        for i in range(n):
            assert rank(i, got) <= rank(i, other), f"e{i} does better in {other}"


def test_it_matches_the_textbook_example():
    # Mentees prefer r0; r0 (capacity 1) prefers e1; e0 then goes to r1.
    problem = edge_problem(2, [1, 1], {(0, 0): 3.0, (0, 1): 1.0, (1, 0): 2.0},
                           mentor_rankings=[[1, 0], None])
    assert pairs_of(solve(problem, "stable")) == {"e1": "r0", "e0": "r1"}


def test_it_leaves_no_blocking_pair_on_a_larger_market():
    rng = np.random.default_rng(7)
    n, m = 300, 40
    capacity = rng.integers(0, 6, m).tolist()
    edges = {(i, j): float(rng.integers(0, 1000)) for i in range(n)
             for j in rng.choice(m, 8, replace=False).tolist()}
    problem = edge_problem(n, capacity, edges)
    result = solve(problem, "stable")
    assert_capacities(problem, result)
    got = {int(e[1:]): int(r[1:]) for e, r in pairs_of(result).items()}
    mentee_pref, mentor_rank = preferences(n, m, edges, None, None)
    assert is_stable(got, capacity, mentee_pref, mentor_rank)


def test_it_keeps_locked_pairs_in_stable_mode():
    problem = edge_problem(2, [1, 1], {(0, 0): 1.0, (1, 0): 9.0, (1, 1): 0.5},
                           locked=[(0, 0)])
    assert pairs_of(solve(problem, "stable")) == {"e0": "r0", "e1": "r1"}


def deferred_acceptance(n, capacity, mentee_pref, mentor_rank):
    """Textbook mentee-proposing deferred acceptance, one proposal at a time."""
    held: dict[int, list[int]] = {j: [] for j in range(len(capacity))}
    nxt = [0] * n
    free = list(range(n))
    while free:
        i = free.pop()
        if nxt[i] >= len(mentee_pref[i]):
            continue
        j = mentee_pref[i][nxt[i]]
        nxt[i] += 1
        held[j].append(i)
        held[j].sort(key=mentor_rank[j].__getitem__)
        if len(held[j]) > capacity[j]:
            free.append(held[j].pop())
    return {i: j for j, mentees in held.items() for i in mentees}


def test_it_equals_textbook_deferred_acceptance_with_ties_ids_and_rankings():
    # 400 mentees so that id order ("e10" < "e2") differs from the index order; scores
    # with many exact ties and near-ties one ulp apart; a few rankings on each side.
    rng = np.random.default_rng(11)
    n, m = 400, 30
    capacity = rng.integers(0, 8, m).tolist()
    base = [1.0, 2.5, np.nextafter(2.5, 3.0), -0.0, 0.0, -3.25, 7.0]
    edges = {(i, j): float(rng.choice(base)) for i in range(n)
             for j in rng.choice(m, 10, replace=False).tolist()}
    mentee_rankings = [None] * n
    for i in rng.choice(n, 20, replace=False).tolist():
        mine = [j for j in range(m) if (i, j) in edges]
        mentee_rankings[i] = rng.permutation(mine)[: len(mine) - 1].tolist()
    mentor_rankings = [None] * m
    for j in rng.choice(m, 3, replace=False).tolist():
        mine = [i for i in range(n) if (i, j) in edges]
        mentor_rankings[j] = rng.permutation(mine).tolist()
    for rankings in ((None, None), (mentee_rankings, None), (None, mentor_rankings),
                     (mentee_rankings, mentor_rankings)):
        problem = edge_problem(n, capacity, edges, mentee_rankings=rankings[0],
                               mentor_rankings=rankings[1])
        result = solve(problem, "stable")
        got = {int(e[1:]): int(r[1:]) for e, r in pairs_of(result).items()}
        mentee_pref, mentor_rank = preferences(n, m, edges, *rankings)
        assert got == deferred_acceptance(n, capacity, mentee_pref, mentor_rank)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, width=64), min_size=1,
                max_size=40).flatmap(lambda xs: st.tuples(
                    st.just(xs), st.integers(max(len(xs) - 1, 1).bit_length(), 64))))
def test_the_score_key_orders_like_the_scores(case):
    scores, bits = case
    values = np.asarray(scores, np.float64)
    key = score_key(values, bits)
    for a, b in itertools.product(range(len(scores)), repeat=2):
        assert (key[a] < key[b]) == (values[a] > values[b])
        assert (key[a] == key[b]) == (values[a] == values[b])


def test_the_score_key_stays_narrow_and_exact_for_close_scores():
    values = np.asarray([2.0, np.nextafter(2.0, 3.0), 10.0, 2.0, 1e-300, -1e300])
    key = score_key(values, 8)  # cannot fit the float bits: falls back to the dense rank
    assert key.tolist() == [2, 1, 0, 2, 3, 4]
    wide = np.linspace(2.0, 10.0, 1000)
    assert int(score_key(wide, 34).max()).bit_length() <= 34
