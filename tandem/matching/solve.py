"""The two ways of turning candidate pairs into a matching.

* **optimal**: as many mentees matched as possible, then the largest total score, within
  mentor capacities, locked pairs and forbidden pairs. A min-cost flow (OR-Tools
  ``SimpleMinCostFlow``) on source -> mentee (capacity 1) -> mentor (capacity 1 per edge,
  cost = -scaled score) -> sink (capacity = the mentor's free places): mentors are never
  expanded into slots, so the network has n + m + 2 nodes and n + |edges| + m arcs.
  ``solve_max_flow_with_min_cost`` first finds the maximum flow (the most mentees that can
  be matched) and then the cheapest flow of that value, which is exactly the lexicographic
  objective; so no big-M weight is needed and the cost range stays small (see
  :func:`score_scale`).
* **stable**: mentee-proposing deferred acceptance with capacities; the mentee-optimal
  stable matching (Gale and Shapley 1962; Roth 1984 for capacities). Proposals are made in
  rounds, all free mentees at once, with numpy: the outcome of deferred acceptance does not
  depend on the order of proposals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from ortools.graph.python import min_cost_flow

from .model import CAPACITY_RAN_OUT, NO_CANDIDATE, Edges, Pair, Problem, ProblemError, Result

if TYPE_CHECKING:  # scoring loads scikit-learn: imported when a problem has features
    from .scoring import Scorer

MODES = ("optimal", "stable")

# Scores are turned into integer costs as round(score * scale). OR-Tools' cost-scaling
# algorithm multiplies costs by (number of nodes + 1) internally and rejects a range that
# could overflow int64, so the scale is capped to keep max|cost| * (nodes + 1) * 4 and the
# total cost within 2**62.
DEFAULT_SCALE = 10**6


def score_scale(max_abs_score: float, nodes: int, pairs: int) -> float:
    """The integer scale for scores: 10**6 (six decimals, exact for the usual scores) unless
    that could overflow, in which case the largest power of ten that cannot."""
    scale = float(DEFAULT_SCALE)
    if max_abs_score <= 0:
        return scale
    limit = 2.0**62 / max(4 * (nodes + 1), pairs + 1)
    while scale > 1e-12 and max_abs_score * scale > limit:
        scale /= 10
    return scale


# Large problems are first solved on the pairs most likely to be used (see
# :func:`optimal_assignment`): each mentor keeps about ``KEEP_PER_PLACE`` candidates per
# place plus ``KEEP_EXTRA``, and only when that removes most of the pairs.
PRUNE_ABOVE = 200_000
KEEP_PER_PLACE, KEEP_EXTRA = 3, 30
PRUNE_ROUNDS = 3
PROOF_ROUNDS = 100
SCARCE_PLACES_PER_MENTEE = 0.5
_BINS = 256


def _min_cost_flow(n_mentees: int, n_mentors: int, capacity: np.ndarray,
                   mentee: np.ndarray, mentor: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """Mask of the chosen edges: most edges in flow, then the least total integer cost."""
    source, sink = n_mentees + n_mentors, n_mentees + n_mentors + 1
    used_mentees = np.flatnonzero(np.bincount(mentee, minlength=n_mentees))
    used_mentors = np.flatnonzero(np.bincount(mentor, minlength=n_mentors))
    tails = np.concatenate([np.full(used_mentees.size, source, np.int64),
                            mentee.astype(np.int64),
                            used_mentors.astype(np.int64) + n_mentees])
    heads = np.concatenate([used_mentees.astype(np.int64),
                            mentor.astype(np.int64) + n_mentees,
                            np.full(used_mentors.size, sink, np.int64)])
    capacities = np.concatenate([np.ones(used_mentees.size + mentee.size, np.int64),
                                 capacity[used_mentors].astype(np.int64)])
    costs = np.concatenate([np.zeros(used_mentees.size, np.int64), cost,
                            np.zeros(used_mentors.size, np.int64)])
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    supply = min(int(used_mentees.size), int(capacity[used_mentors].sum()))
    flow.set_node_supply(source, supply)
    flow.set_node_supply(sink, -supply)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    return flow.flows(arcs[used_mentees.size:used_mentees.size + mentee.size]) > 0


def _likely_edges(n_mentors: int, capacity: np.ndarray, mentor: np.ndarray,
                  gain: np.ndarray) -> np.ndarray:
    """Mask of each mentor's best edges: at least KEEP_PER_PLACE * places + KEEP_EXTRA of
    them by ``gain`` (more where gains tie within one of 256 bins). A histogram per mentor
    finds each threshold in O(edges), without sorting."""
    low, high = int(gain.min()), int(gain.max())
    bins = ((gain - low) * (_BINS - 1) // max(high - low, 1)).astype(np.int64)
    counts = np.bincount(mentor.astype(np.int64) * _BINS + bins,
                         minlength=n_mentors * _BINS).reshape(n_mentors, _BINS)
    from_top = np.cumsum(counts[:, ::-1], axis=1)
    want = KEEP_PER_PLACE * capacity.astype(np.int64) + KEEP_EXTRA
    enough = from_top >= want[:, None]
    threshold = np.where(enough.any(axis=1), _BINS - 1 - enough.argmax(axis=1), 0)
    return bins >= threshold[mentor]


def _violated(n_mentees: int, n_mentors: int, capacity: np.ndarray, mentee: np.ndarray,
              mentor: np.ndarray, weight: np.ndarray, kept: np.ndarray,
              chosen: np.ndarray) -> np.ndarray | None:
    """The edges that stop a matching optimal on the ``kept`` edges from being proven
    optimal on all of them (empty when it is optimal), or None when no proof was found.

    The matching maximises the total ``weight`` (= BIG + integer score, so one more pair
    outweighs any score) on the kept edges. Its LP dual has a price ``v`` per mentor and
    ``u`` per mentee with ``u[i] + v[j] >= weight[i, j]`` on every edge, equality on
    chosen edges, ``u`` zero on unmatched mentees and ``v`` zero on mentors with a free
    place. The least such ``v`` is a longest path over "exchange" arcs (a matched mentee
    moving from its mentor k to another candidate j: ``v[j] >= v[k] + w[i, j] - w[i, k]``)
    from lower bounds set by unmatched mentees (``v[j] >= w[i, j]``). If those prices also
    satisfy every left-out edge, they certify the matching optimal for all edges (weak
    duality); the edges they do not satisfy are the ones to add."""
    km, kr, kw = mentee[kept], mentor[kept], weight[kept]
    match = np.full(n_mentees, -1, np.int64)
    match[km[chosen]] = kr[chosen]
    matched_weight = np.zeros(n_mentees, np.int64)
    matched_weight[km[chosen]] = kw[chosen]
    is_matched = match[km] >= 0
    lower = np.zeros(n_mentors, np.int64)
    np.maximum.at(lower, kr[~is_matched], kw[~is_matched])
    moves = is_matched & (match[km] != kr)
    tail = match[km[moves]]
    head = kr[moves].astype(np.int64)
    gain = kw[moves] - matched_weight[km[moves]]
    # One arc per (tail, head), the largest gain.
    code = tail * n_mentors + head
    order = np.argsort(code, kind="stable")
    code, gain = code[order], gain[order]
    if code.size:
        firsts = np.flatnonzero(np.concatenate([[True], code[1:] != code[:-1]]))
        gain = np.maximum.reduceat(gain, firsts)
        tail, head = code[firsts] // n_mentors, code[firsts] % n_mentors
    price = lower
    # Bellman-Ford: a few rounds when places are scarce; more than PROOF_ROUNDS (or a
    # positive cycle, which an optimal matching cannot have) gives up the proof.
    for _ in range(min(n_mentors + 1, PROOF_ROUNDS)):
        raised = price.copy()
        np.maximum.at(raised, head, price[tail] + gain)
        if np.array_equal(raised, price):
            break
        price = raised
    else:
        return None
    load = np.bincount(kr[chosen], minlength=n_mentors)
    if (price[load < capacity] != 0).any():
        return None
    mentee_price = np.where(match >= 0, matched_weight - price[np.maximum(match, 0)], 0)
    if (mentee_price < 0).any():
        return None
    return np.flatnonzero(mentee_price[mentee] + price[mentor] < weight)


def optimal_assignment(n_mentees: int, n_mentors: int, capacity: np.ndarray,
                       mentee: np.ndarray, mentor: np.ndarray,
                       score: np.ndarray, *, prune_above: int | None = None) -> np.ndarray:
    """Indices of the chosen edges of a maximum-cardinality, then maximum-score matching in
    which mentor j takes at most ``capacity[j]`` mentees and every mentee at most one.

    Above ``prune_above`` edges the flow is first solved on each mentor's best candidates
    (:func:`_likely_edges`) and the result is proven optimal for all edges with LP prices
    (:func:`_violated`); edges that break the proof are added and the kept problem solved
    again, and if no proof comes within PRUNE_ROUNDS the whole problem is solved. Either
    way the answer is an optimum of the whole problem (on the integer scores)."""
    usable = capacity[mentor] > 0
    index = np.flatnonzero(usable)
    if index.size == 0:
        return index
    mentee, mentor, score = mentee[index], mentor[index], score[index]
    nodes = n_mentees + n_mentors + 2
    scale = score_scale(float(np.abs(score).max()), nodes, n_mentees)
    points = np.rint(score * scale).astype(np.int64)
    places = min(n_mentees, int(capacity.sum()))
    # Worth it when places are scarce: most mentees stay unmatched, so each mentor ends
    # up with candidates near the top of its list. In a tight market the proof would need
    # long exchange chains, so the whole problem is solved at once.
    scarce = places <= SCARCE_PLACES_PER_MENTEE * np.count_nonzero(
        np.bincount(mentee, minlength=n_mentees))
    if scarce and index.size > (PRUNE_ABOVE if prune_above is None else prune_above):
        kept = np.flatnonzero(_likely_edges(n_mentors, capacity, mentor, points))
        if kept.size * 2 < index.size:
            big = 2 * places * int(np.abs(points).max()) + 1
            if big < 2**62 // 4:
                weight = big + points
                for _ in range(PRUNE_ROUNDS):
                    chosen = _min_cost_flow(n_mentees, n_mentors, capacity, mentee[kept],
                                            mentor[kept], -points[kept])
                    missing = _violated(n_mentees, n_mentors, capacity, mentee, mentor,
                                        weight, kept, chosen)
                    if missing is None:
                        break
                    if missing.size == 0:
                        return index[kept[chosen]]
                    kept = np.union1d(kept, missing)
    return index[_min_cost_flow(n_mentees, n_mentors, capacity, mentee, mentor, -points)]


def _bits(value: int) -> int:
    return max(int(value).bit_length(), 1)


def stable_assignment(n_mentees: int, n_mentors: int, capacity: np.ndarray,
                      mentee: np.ndarray, mentor: np.ndarray, mentee_key: np.ndarray,
                      mentor_key: np.ndarray, mentee_tiebreak: np.ndarray | None = None,
                      mentor_tiebreak: np.ndarray | None = None) -> np.ndarray:
    """Indices of the chosen edges of the mentee-optimal stable matching, ascending.

    Every edge is an acceptable pair (at most one edge per pair); ``mentee_key`` orders a
    mentee's edges (lower is preferred) and ``mentor_key`` a mentor's edges, as
    non-negative integers. Equal keys are broken by the other side: a mentee's by
    ``mentor_tiebreak`` (a permutation of the mentors: lower is preferred; by default the
    mentor's index) and a mentor's by ``mentee_tiebreak``.

    Each edge is packed into one unsigned 64-bit integer per side (63 bits used):
    (mentee, key, mentor's tie-break) orders the mentees' lists by one sort, and (mentor's
    tie-break, key, mentee's tie-break) is the value a mentor compares. Proposals are
    handled as those values, so a round sorts plain integers and no index travels with
    them.
    """
    if mentee.size == 0:
        return np.zeros(0, np.int64)
    u64 = np.uint64
    mentee_tb = (np.arange(n_mentees) if mentee_tiebreak is None
                 else np.asarray(mentee_tiebreak)).astype(u64)
    mentor_tb = (np.arange(n_mentors) if mentor_tiebreak is None
                 else np.asarray(mentor_tiebreak)).astype(u64)
    mentee_bits, mentor_bits = _bits(n_mentees - 1), _bits(n_mentors - 1)
    list_key_bits = _bits(int(mentee_key.max()))
    rank_key_bits = _bits(int(mentor_key.max()))
    # 63 bits at most: the top bit stays clear, so no value equals the empty-slot mark.
    if min(int(mentee_key.min()), int(mentor_key.min())) < 0 or \
            max(list_key_bits, rank_key_bits) + mentee_bits + mentor_bits > 63:
        raise ProblemError("stable mode: preference keys must be non-negative and the "
                           "problem small enough to pack an edge into 63 bits")
    # Each mentee's list, most preferred first: one sort of the packed (mentee, key,
    # mentor's tie-break); the values are unique, so any sort is the same.
    lists = mentee.astype(u64) << u64(list_key_bits + mentor_bits)
    lists |= mentee_key.astype(u64) << u64(mentor_bits)
    lists |= mentor_tb[mentor]
    mentee_shift = u64(list_key_bits + mentor_bits)
    if mentor_key is mentee_key or np.array_equal(mentor_key, mentee_key):
        # Both sides rank by the same key (scores): everything is read back from the
        # sorted values, no permutation is needed.
        lists.sort()
        e_mentee = (lists >> mentee_shift).astype(np.int64)
        e_key = (lists >> u64(mentor_bits)) & u64((1 << list_key_bits) - 1)
        e_mentor_tb = lists & u64((1 << mentor_bits) - 1)
        del lists
    else:
        order = np.argsort(lists)
        del lists
        e_mentee = mentee[order].astype(np.int64)
        e_key = mentor_key[order].astype(u64)
        e_mentor_tb = mentor_tb[mentor[order]]
        del order
    # What a mentor compares: (mentor's tie-break, key, mentee's tie-break), lower wins.
    rank_shift = u64(rank_key_bits + mentee_bits)
    e_rank = e_mentor_tb << rank_shift
    del e_mentor_tb
    e_rank |= e_key << u64(mentee_bits)
    del e_key
    e_rank |= mentee_tb[e_mentee]
    counts = np.bincount(e_mentee, minlength=n_mentees)
    del e_mentee
    end = np.cumsum(counts)
    pointer = end - counts
    # Mentors are handled by their tie-break number (the high bits of a rank value).
    mentor_of_tb = np.empty(n_mentors, np.int64)
    mentor_of_tb[mentor_tb.astype(np.int64)] = np.arange(n_mentors)
    mentee_of_tb = np.empty(n_mentees, np.int64)
    mentee_of_tb[mentee_tb.astype(np.int64)] = np.arange(n_mentees)
    mentee_mask = u64((1 << mentee_bits) - 1)
    capacity = np.maximum(capacity.astype(np.int64), 0)[mentor_of_tb]
    slot_start = np.concatenate([[0], np.cumsum(capacity)[:-1]])
    empty = np.iinfo(u64).max
    slots = np.full(int(capacity.sum()), empty, u64)  # the rank value held in each slot
    held_by = np.zeros(n_mentors, bool)  # mentors that hold anyone
    free = np.flatnonzero(counts > 0)
    while free.size:
        proposal = e_rank[pointer[free]]
        pointer[free] += 1
        targets = np.unique((proposal >> rank_shift).astype(np.int64))
        # The mentees these mentors hold now compete with the new proposals.
        targets = targets[held_by[targets]]
        caps = capacity[targets]
        offsets = np.arange(int(caps.sum())) - np.repeat(np.cumsum(caps) - caps, caps)
        slot_index = np.repeat(slot_start[targets], caps) + offsets
        held = slots[slot_index]
        held = held[held != empty]
        slots[slot_index] = empty
        pool = np.concatenate([held, proposal])
        pool.sort()
        ranked_mentor = (pool >> rank_shift).astype(np.int64)
        starts = np.flatnonzero(np.concatenate([[True], ranked_mentor[1:] != ranked_mentor[:-1]]))
        lengths = np.diff(np.append(starts, pool.size))
        place = np.arange(pool.size) - np.repeat(starts, lengths)
        accept = place < capacity[ranked_mentor]
        slots[slot_start[ranked_mentor[accept]] + place[accept]] = pool[accept]
        held_by[ranked_mentor[accept]] = True
        rejected = mentee_of_tb[(pool[~accept] & mentee_mask).astype(np.int64)]
        free = rejected[pointer[rejected] < end[rejected]]
    held = slots[slots != empty]
    partner = np.full(n_mentees, -1, np.int64)
    partner[mentee_of_tb[(held & mentee_mask).astype(np.int64)]] = \
        mentor_of_tb[(held >> rank_shift).astype(np.int64)]
    return np.flatnonzero(partner[mentee] == mentor)


def _id_rank(ids: list[str]) -> np.ndarray:
    """Each id's position in sorted order (the tie-break "by id")."""
    rank = np.empty(len(ids), np.int64)
    rank[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
    return rank


def _ranking_keys(rankings: list[list[int] | None] | None, owner: np.ndarray,
                  other: np.ndarray, n_other: int,
                  derived: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per edge, the owner's rank of the other side: the position in the owner's given
    ranking, or ``derived`` for owners without one. Edges the owner did not rank are not
    acceptable (returned mask False)."""
    acceptable = np.ones(owner.size, bool)
    if not rankings or all(ranking is None for ranking in rankings):
        return derived, acceptable
    key = derived.astype(np.int64).copy()
    codes: list[int] = []
    positions: list[int] = []
    has_ranking = np.zeros(len(rankings), bool)
    for who, ranking in enumerate(rankings):
        if ranking is None:
            continue
        has_ranking[who] = True
        codes.extend(who * n_other + target for target in ranking)
        positions.extend(range(len(ranking)))
    codes_arr = np.asarray(codes, np.int64)
    sort = np.argsort(codes_arr)
    codes_arr, positions_arr = codes_arr[sort], np.asarray(positions, np.int64)[sort]
    edge_code = owner.astype(np.int64) * n_other + other
    where = np.searchsorted(codes_arr, edge_code)
    if codes_arr.size == 0:  # every ranking given is empty
        codes_arr, positions_arr = np.asarray([-1], np.int64), np.zeros(1, np.int64)
    where_clipped = np.minimum(where, codes_arr.size - 1)
    found = codes_arr[where_clipped] == edge_code
    ranked_owner = has_ranking[owner]
    key[ranked_owner & found] = positions_arr[where_clipped[ranked_owner & found]]
    acceptable[ranked_owner & ~found] = False
    return key, acceptable


def stable_keys(problem: Problem, edges: Edges) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Preference keys for stable mode: the position in a given ranking, or else
    :func:`score_key` (higher score, lower key; equal scores share a key). Returns (mentee
    key, mentor key, acceptable mask); a key orders only the edges of one participant, and
    equal keys are broken by the other side's id (see :func:`assign`)."""
    budget = 63 - _bits(problem.n_mentees - 1) - _bits(problem.n_mentors - 1)
    derived = score_key(edges.score, budget)
    mentee_key, ok_mentee = _ranking_keys(problem.mentee_rankings, edges.mentee, edges.mentor,
                                          problem.n_mentors, derived)
    mentor_key, ok_mentor = _ranking_keys(problem.mentor_rankings, edges.mentor, edges.mentee,
                                          problem.n_mentees, derived)
    return mentee_key, mentor_key, ok_mentee & ok_mentor


_SIGN = np.uint64(1 << 63)


def _descending_bits(values: np.ndarray) -> np.ndarray:
    """The float64 values' bits as unsigned integers in the opposite order: a larger value
    gives a smaller integer (``values`` holds no -0.0 and no NaN)."""
    bits = values.view(np.uint64)
    key = ~bits ^ _SIGN  # positives: all below the sign bit, larger value lower
    negative = bits >= _SIGN
    key[negative] = bits[negative]  # negatives: above it, more negative higher
    return key


def score_key(score: np.ndarray, bits: int) -> np.ndarray:
    """Per edge, a non-negative integer that is lower for a higher score and equal exactly
    when the scores are equal.

    The float's bits, less the smallest, shifted right just enough to fit in ``bits``: no
    scattered memory access, unlike a rank, which needs an argsort. When the shift would
    merge two distinct scores (checked on the sorted scores), it is the dense rank instead
    (below the number of edges).
    """
    if score.size == 0:
        return np.zeros(0, np.uint64)
    values = np.ascontiguousarray(score, np.float64) + 0.0  # -0.0 becomes 0.0
    key = _descending_bits(values)
    low = key.min()
    key -= low
    shift = max(0, _bits(int(key.max())) - bits)
    if shift:
        key >>= np.uint64(shift)
        ordered = np.sort(values)
        high = (_descending_bits(ordered) - low) >> np.uint64(shift)
        if np.any((ordered[1:] != ordered[:-1]) & (high[1:] == high[:-1])):
            return dense_rank_descending(values)
    return key


def dense_rank_descending(score: np.ndarray) -> np.ndarray:
    """Per value, the number of distinct larger values: 0 for the largest score."""
    if score.size == 0:
        return np.zeros(0, np.int64)
    order = np.argsort(-score)
    ordered = score[order]
    dense = np.empty(score.size, np.int64)
    dense[order] = np.cumsum(np.concatenate([[0], ordered[1:] != ordered[:-1]]))
    return dense


def make_scorer(problem: Problem) -> Scorer | None:
    """A :class:`tandem.matching.scoring.Scorer` for a problem given as features with
    participants on both sides, else None."""
    if problem.edges is not None or problem.features is None \
            or problem.n_mentees == 0 or problem.n_mentors == 0:
        return None
    from .scoring import Scorer

    return Scorer(problem)


def candidate_edges(problem: Problem, scorer: Scorer | None = None) -> Edges:
    """The allowed pairs with scores: the given edges, or the top-k scored from features
    (by ``scorer``, a :class:`tandem.matching.scoring.Scorer`, made when not given).
    Forbidden pairs are removed."""
    if problem.edges is not None:
        edges = problem.edges
    elif problem.features is not None:
        scorer = scorer or make_scorer(problem)
        edges = scorer.candidates() if scorer is not None else Edges.empty()
    else:
        raise ProblemError("problem: give either edges or participant features")
    if problem.forbidden and len(edges):
        bad = np.asarray([i * problem.n_mentors + j for i, j in problem.forbidden], np.int64)
        code = edges.mentee.astype(np.int64) * problem.n_mentors + edges.mentor
        keep = ~np.isin(code, bad)
        if not keep.all():
            edges = edges.take(np.flatnonzero(keep))
    return edges


def _locked_pairs(problem: Problem, edges: Edges, scorer: Scorer | None = None) -> list[Pair]:
    if not problem.locked:
        return []
    locked_i = np.asarray([i for i, _ in problem.locked], np.int32)
    locked_j = np.asarray([j for _, j in problem.locked], np.int32)
    contributions: dict[str, np.ndarray] = {}
    if problem.edges is None and problem.features is not None:
        from .scoring import Scorer

        contributions = (scorer or Scorer(problem)).contributions(locked_i, locked_j)
        scores = sum(contributions.values(), np.zeros(len(locked_i)))
    else:
        code = edges.mentee.astype(np.int64) * problem.n_mentors + edges.mentor
        lookup = {int(c): e for e, c in enumerate(code)}
        scores = np.zeros(len(locked_i))
        for position, (i, j) in enumerate(problem.locked):
            e = lookup.get(i * problem.n_mentors + j)
            if e is not None:
                scores[position] = edges.score[e]
        contributions = {"score": scores}
    return [Pair(problem.mentee_ids[i], problem.mentor_ids[j], float(scores[p]),
                 {name: float(values[p]) for name, values in contributions.items()}, True)
            for p, (i, j) in enumerate(problem.locked)]


def assign(problem: Problem, edges: Edges, mode: str) -> tuple[np.ndarray, np.ndarray]:
    """The chosen edge indices (locked pairs excluded) for ``mode``, and a mask of the
    edges that were acceptable (stable mode drops pairs left out of a given ranking)."""
    if mode not in MODES:
        raise ProblemError(f"unknown mode {mode!r} (use optimal or stable)")
    capacity = problem.capacity.astype(np.int64).copy()
    free = np.ones(len(edges), bool)
    if problem.locked:
        locked_mentees = np.asarray([i for i, _ in problem.locked], np.int64)
        np.subtract.at(capacity, [j for _, j in problem.locked], 1)
        free = ~np.isin(edges.mentee, locked_mentees)
    index = np.flatnonzero(free)
    if mode == "optimal":
        chosen = optimal_assignment(problem.n_mentees, problem.n_mentors, capacity,
                                    edges.mentee[index], edges.mentor[index],
                                    edges.score[index])
        return index[chosen], np.ones(len(edges), bool)
    mentee_key, mentor_key, acceptable = stable_keys(problem, edges)
    index = index[acceptable[index]]
    mentee, mentor = edges.mentee, edges.mentor
    if index.size < len(edges):
        same = mentor_key is mentee_key
        mentee, mentor, mentee_key = mentee[index], mentor[index], mentee_key[index]
        mentor_key = mentee_key if same else mentor_key[index]
    # Equal keys (equal scores) are broken by the other side's id.
    chosen = stable_assignment(problem.n_mentees, problem.n_mentors, capacity, mentee, mentor,
                               mentee_key, mentor_key, _id_rank(problem.mentee_ids),
                               _id_rank(problem.mentor_ids))
    return index[chosen], acceptable


def build_result(problem: Problem, edges: Edges, chosen: np.ndarray, mode: str,
                 acceptable: np.ndarray | None = None, scorer: Scorer | None = None) -> Result:
    """Pairs with their explanations, and each unmatched mentee with the reason."""
    pairs = _locked_pairs(problem, edges, scorer)
    names = list(edges.contributions)
    columns = [edges.contributions[name][chosen].tolist() for name in names]
    for row, (i, j, s) in enumerate(zip(edges.mentee[chosen].tolist(),
                                        edges.mentor[chosen].tolist(),
                                        edges.score[chosen].tolist(), strict=True)):
        pairs.append(Pair(problem.mentee_ids[i], problem.mentor_ids[j], s,
                          {name: column[row] for name, column in zip(names, columns,
                                                                      strict=True)}))
    matched = np.zeros(problem.n_mentees, bool)
    matched[edges.mentee[chosen]] = True
    for i, _ in problem.locked:
        matched[i] = True
    has_candidate = np.zeros(problem.n_mentees, bool)
    has_candidate[edges.mentee if acceptable is None else edges.mentee[acceptable]] = True
    unmatched = np.flatnonzero(~matched)
    reasons = {problem.mentee_ids[i]: (CAPACITY_RAN_OUT if has_candidate[i] else NO_CANDIDATE)
               for i in unmatched.tolist()}
    return Result(mode=mode, pairs=pairs, unmatched=list(reasons), reasons=reasons,
                  matched=len(pairs), total_score=float(sum(p.score for p in pairs)))


def solve(problem: Problem, mode: str = "optimal") -> Result:
    """Score (when the problem carries features) and match; see the module docstring."""
    if mode not in MODES:
        raise ProblemError(f"unknown mode {mode!r} (use optimal or stable)")
    scorer = make_scorer(problem)
    edges = candidate_edges(problem, scorer)
    chosen, acceptable = assign(problem, edges, mode)
    return build_result(problem, edges, chosen, mode, acceptable, scorer)
