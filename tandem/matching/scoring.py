"""Scores mentee-mentor pairs from participant features and keeps each mentee's top-k.

Each term is in [0, 1] (preference in [-1, 1]) and multiplied by the program's weight:

* ``skills``: cosine of the mentee's wanted tags and the mentor's offered tags (weighted);
* ``goals``: TF-IDF cosine of the mentee's goals and the mentor's expertise (scikit-learn);
* ``language``: 1 when they share a language;
* ``timezone``: 1 - gap / 12, the gap in hours around the 24-hour clock;
* ``availability``: overlapping weekly hours / ``overlap_target_hours``, at most 1;
* ``industry``: 1 when both name the same industry;
* ``seniority``: 1 when the mentor is two levels above the mentee, 1/3 less per level off;
* ``preference``: +1 for a mentor the mentee prefers, -1 for one they avoid.

Hard constraints (a shared language, a maximum timezone gap, a minimum overlap, not the
same team, a minimum score, forbidden pairs) exclude a pair before the top-k are chosen.

How it stays fast and small: mentees are scored in chunks of rows against all mentors,
so memory is (chunk x mentors), never (mentees x mentors). The two text-like terms are
sparse products (cost follows the shared tags and words, not the vocabulary); the
categorical terms are one lookup each in small tables built over the distinct values
(timezone x seniority, industry x languages, availability sets), constraints folded in as
-inf; the top-k is an ``argpartition`` per row. Chunks run on a thread pool: numpy and
scipy release the GIL in these loops. Contributions are computed only for the kept edges.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from .model import Constraints, Edges, Features, Problem, Side, Weights

# A lookup table over distinct values is used when it has at most this many cells.
TABLE_LIMIT = 1 << 24
# Target cells per chunk (float32): about 4 MB, so a chunk's arrays stay in cache.
CHUNK_CELLS = 1 << 20
NEG = np.float32(-np.inf)


def _normalise_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    matrix = sp.csr_matrix(matrix, dtype=np.float32)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return sp.csr_matrix(sp.diags(1 / norms).astype(np.float32) @ matrix)


def _timezone_term(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(term, gap in hours) for UTC offsets in hours, broadcasting."""
    d = np.abs(a - b) % 24
    gap = np.minimum(d, 24 - d)
    return 1 - np.minimum(gap, 12) / 12, gap


def _seniority_term(mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
    gap = mentor.astype(np.float32) - mentee.astype(np.float32)
    term = np.clip(1 - np.abs(gap - 2) / 3, 0, 1)
    return np.where((mentee < 0) | (mentor < 0), 0, term)


def _popcount(words: np.ndarray) -> np.ndarray:
    return np.bitwise_count(words).sum(axis=-1, dtype=np.int32)


class _Lookup:
    """A term read from a table over distinct values of each side: cell (a, b) holds the
    weighted term, or -inf where a hard constraint fails."""

    def __init__(self, table: np.ndarray, mentee_code: np.ndarray, mentor_code: np.ndarray):
        self.table = np.ascontiguousarray(table, np.float32)
        self.mentee_code = mentee_code
        self.mentor_code = mentor_code

    def add(self, out: np.ndarray, r0: int, r1: int) -> None:
        codes = self.mentee_code[r0:r1]
        distinct, inverse = np.unique(codes, return_inverse=True)
        if 3 * distinct.size <= codes.size:
            # Mentees are processed sorted by their codes: compute each distinct row once.
            out += self.table[distinct][:, self.mentor_code][inverse]
        else:
            out += self.table[codes][:, self.mentor_code]


LOWEST = np.finfo(np.float32).min


def top_k(score: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(rows, cols) of each row's k largest finite values (fewer when a row has fewer).

    ``argpartition`` degrades badly when many cells hold the same value (-inf for every
    excluded pair), so instead a per-row threshold is read from a sorted sample of columns
    such that about 2.5k cells pass it; the cells at or above it are ranked exactly and
    rows where fewer than k passed are redone with every finite cell.
    """
    c, m = score.shape
    if m <= 4 * k:
        threshold = np.full(c, LOWEST, np.float32)
    else:
        sample_size = min(m, max(1024, m // 8))
        step = m / sample_size
        sample = score[:, (np.arange(sample_size) * step).astype(np.intp)]
        sample.sort(axis=1)
        q = min(sample_size, int(np.ceil(2.5 * k * sample_size / m)) + 1)
        threshold = np.maximum(sample[:, sample_size - q], LOWEST)
    flat = np.flatnonzero(score >= threshold[:, None])
    rows = flat // m
    counts = np.bincount(rows, minlength=c)
    short = np.flatnonzero((counts < k) & (threshold > LOWEST))
    if short.size:
        again = np.flatnonzero(score[short] >= LOWEST)
        again_rows = short[again // m]
        keep = ~np.isin(rows, short)
        flat = np.concatenate([flat[keep], again_rows * m + again % m])
        rows = np.concatenate([rows[keep], again_rows])
    # Sort by (row, value descending) with one uint64 key: the float32 bits made
    # order-preserving as an unsigned integer, then inverted for descending order.
    bits = score.ravel()[flat].astype(np.float32).view(np.uint32)
    ordered = np.where(bits >> 31 == 1, ~bits, bits | np.uint32(0x80000000))
    key = (rows.astype(np.uint64) << np.uint64(32)) | (~ordered).astype(np.uint64)
    order = np.argsort(key)
    rows, flat = rows[order], flat[order]
    first = np.searchsorted(rows, rows, side="left")
    chosen = (np.arange(rows.size) - first) < k
    return rows[chosen], flat[chosen] - rows[chosen] * m


def _distinct(*columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of the stacked columns and each row's code."""
    stacked = np.column_stack([np.asarray(c) for c in columns])
    values, codes = np.unique(stacked, axis=0, return_inverse=True)
    return values, codes.ravel().astype(np.intp)


class Scorer:
    """Scores a problem's features; see the module docstring."""

    # Set by _availability when the mentees' availability sets are compared per chunk.
    availability_code: np.ndarray
    availability_values: np.ndarray

    def __init__(self, problem: Problem):
        assert problem.features is not None
        self.problem = problem
        self.features: Features = problem.features
        self.weights: Weights = problem.weights
        self.constraints = problem.constraints
        self.k = problem.candidates
        self._prepare()

    # -- preparation: sparse matrices and lookup tables ---------------------------------

    def _prepare(self) -> None:
        mentees, mentors, w, c = self.features.mentees, self.features.mentors, self.weights, \
            self.constraints
        self.mentee_skills = _normalise_rows(mentees.skills)
        self.mentor_skills = _normalise_rows(mentors.skills)
        self.skills_left = (self.mentee_skills * np.float32(w.skills)).tocsr()
        self.use_skills = bool(w.skills > 0 and self.mentee_skills.nnz
                               and self.mentor_skills.nnz)
        self._prepare_text(mentees, mentors, w)
        self.lookups = [self._timezone_seniority(mentees, mentors, w, c),
                        self._industry_language(mentees, mentors, w, c)]
        availability = self._availability(mentees, mentors, w, c)
        if availability is not None:
            self.lookups.append(availability)
        # Process mentees sorted by their codes, so that a chunk holds few distinct ones.
        keys = [lookup.mentee_code for lookup in reversed(self.lookups)]
        if self.direct_availability:
            keys.append(self.availability_code)
        self.order = np.lexsort(keys) if keys else np.arange(len(mentees))
        for lookup in self.lookups:
            lookup.mentee_code = lookup.mentee_code[self.order]
        if self.direct_availability:
            self.availability_code = self.availability_code[self.order]
        self.position = np.empty_like(self.order)
        self.position[self.order] = np.arange(self.order.size)
        self.skills_rows = self.skills_left[self.order] if self.use_skills else None
        self.skills_right = self.mentor_skills.T.tocsr()
        self.goals_rows = self.goals_left[self.order] if self.use_goals else None
        self._sparse_adjustments()

    def _prepare_text(self, mentees: Side, mentors: Side, w: Weights) -> None:
        texts = mentees.text + mentors.text
        self.use_goals = bool(w.goals > 0 and any(texts))
        if not self.use_goals:
            return
        # In a large cohort, words found in more than 5% of profiles say little about a
        # pair (their idf is low) and would make the similarity product dense.
        max_df = 0.05 if len(texts) >= 2000 else 1.0
        vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True,
                                     dtype=np.float32, max_df=max_df)
        try:
            matrix = vectorizer.fit_transform(texts).tocsr()
        except ValueError:  # nothing but stop words
            self.use_goals = False
            return
        self.mentee_text = matrix[:len(mentees)]
        self.mentor_text = matrix[len(mentees):]
        self.goals_left = (self.mentee_text * np.float32(w.goals)).tocsr()
        self.goals_right = self.mentor_text.T.tocsr()

    def _timezone_seniority(self, mentees: Side, mentors: Side, w: Weights,
                            c: Constraints) -> _Lookup:
        a_values, a_code = _distinct(mentees.timezone, mentees.seniority)
        b_values, b_code = _distinct(mentors.timezone, mentors.seniority)
        tz, gap = _timezone_term(a_values[:, 0:1].astype(np.float64),
                                 b_values[None, :, 0].astype(np.float64))
        seniority = _seniority_term(a_values[:, 1:2], b_values[None, :, 1]).astype(np.float64)
        # Unweighted terms by code, to explain kept edges with one lookup each.
        self.tz_seniority = (a_code, b_code, tz, seniority)
        table = w.timezone * tz + w.seniority * seniority
        if c.max_timezone_gap is not None:
            table = np.where(gap > c.max_timezone_gap + 1e-9, -np.inf, table)
        return _Lookup(table, a_code, b_code)

    def _industry_language(self, mentees: Side, mentors: Side, w: Weights,
                           c: Constraints) -> _Lookup:
        a_values, a_code = _distinct(mentees.industry.astype(np.int64),
                                     mentees.languages.view(np.int64))
        b_values, b_code = _distinct(mentors.industry.astype(np.int64),
                                     mentors.languages.view(np.int64))
        same = (a_values[:, 0:1] == b_values[None, :, 0]) & (a_values[:, 0:1] >= 0)
        shared = (a_values[:, 1:2] & b_values[None, :, 1]) != 0
        self.industry_language = (a_code, b_code, same.astype(np.float64),
                                  shared.astype(np.float64))
        table = w.industry * same + w.language * shared
        if c.shared_language:
            table = np.where(shared, table, -np.inf)
        return _Lookup(table, a_code, b_code)

    def _overlap_value(self) -> np.ndarray:
        """Weighted availability term for 0..168 hours of overlap, -inf below the minimum."""
        hours = np.arange(169)
        value = self.weights.availability * np.minimum(
            hours / self.constraints.overlap_target_hours, 1)
        value = np.where(hours < self.constraints.min_overlap_hours, -np.inf, value)
        return value.astype(np.float32)

    def _availability(self, mentees: Side, mentors: Side, w: Weights,
                      c: Constraints) -> _Lookup | None:
        self.overlap_value = self._overlap_value()
        self.direct_availability = False
        if w.availability == 0 and c.min_overlap_hours == 0:
            return None
        a_values, a_code = _distinct(*mentees.availability.T)
        b_values, b_code = _distinct(*mentors.availability.T)
        if a_values.shape[0] * b_values.shape[0] > TABLE_LIMIT:
            # Too many distinct sets for a table: count common bits per chunk, once per
            # distinct mentee set in the chunk.
            self.direct_availability = True
            self.availability_values = a_values.astype(np.uint64)
            self.availability_code = a_code
            return None

        def bits(values: np.ndarray) -> np.ndarray:
            # Explicit width: with an empty side there are no rows to infer it from.
            as_bytes = values.astype("<u8").view(np.uint8).reshape(len(values),
                                                                   values.shape[1] * 8)
            return np.unpackbits(as_bytes, axis=1, bitorder="little")[:, :168]

        overlap = bits(a_values).astype(np.float32) @ bits(b_values).astype(np.float32).T
        table = self.overlap_value[np.rint(overlap).astype(np.intp)]
        return _Lookup(table, a_code, b_code)

    def _same_team_pairs(self) -> tuple[np.ndarray, np.ndarray] | None:
        """Every (mentee, mentor) pair in the same team, or None when there are so many
        that comparing team codes per chunk is cheaper."""
        mentee_team = self.features.mentees.team
        mentor_team = self.features.mentors.team
        mentors = np.flatnonzero(mentor_team >= 0)
        mentors = mentors[np.argsort(mentor_team[mentors], kind="stable")]
        sorted_team = mentor_team[mentors]
        mentees = np.flatnonzero(mentee_team >= 0)
        start = np.searchsorted(sorted_team, mentee_team[mentees], side="left")
        count = np.searchsorted(sorted_team, mentee_team[mentees], side="right") - start
        total = int(count.sum())
        if total > 4 * (len(mentee_team) + len(mentor_team)) + 100_000:
            return None
        offset = np.arange(total) - np.repeat(np.cumsum(count) - count, count)
        return (np.repeat(mentees, count).astype(np.int64),
                mentors[np.repeat(start, count) + offset].astype(np.int64))

    def _sparse_adjustments(self) -> None:
        """Per-pair additions (preferences) and exclusions (forbidden, same team), sorted by
        the mentee's processing position."""
        f, n_mentors = self.features, self.problem.n_mentors
        rows = [f.prefers[0].astype(np.int64), f.avoids[0].astype(np.int64)]
        cols = [f.prefers[1].astype(np.int64), f.avoids[1].astype(np.int64)]
        vals = [np.full(len(f.prefers[0]), self.weights.preference, np.float32),
                np.full(len(f.avoids[0]), -self.weights.preference, np.float32)]
        # The preference term of each pair, looked up for kept edges.
        pref_code = np.concatenate(rows) * n_mentors + np.concatenate(cols)
        pref_val = np.concatenate([np.ones(len(f.prefers[0])), -np.ones(len(f.avoids[0]))])
        order = np.argsort(pref_code, kind="stable")
        self.pref_code, self.pref_val = pref_code[order], pref_val[order]
        if self.problem.forbidden:
            forbidden = np.asarray(self.problem.forbidden, np.int64).reshape(-1, 2)
            rows.append(forbidden[:, 0])
            cols.append(forbidden[:, 1])
            vals.append(np.full(len(forbidden), NEG, np.float32))
        self.exclude_team = False
        if self.constraints.exclude_same_team:
            pairs = self._same_team_pairs()
            if pairs is None:
                self.exclude_team = True
                self.team_rows = self.features.mentees.team[self.order]
            else:
                rows.append(pairs[0])
                cols.append(pairs[1])
                vals.append(np.full(len(pairs[0]), NEG, np.float32))
        positions = self.position[np.concatenate(rows)]
        order = np.argsort(positions, kind="stable")
        self.adjust_rows = positions[order]
        self.adjust_cols = np.concatenate(cols).astype(np.intp)[order]
        self.adjust_vals = np.concatenate(vals)[order]

    # -- scoring ------------------------------------------------------------------------

    def _chunk(self, r0: int,
               r1: int) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray], np.ndarray]:
        """Top-k of the mentees at processing positions r0..r1: (mentee, mentor, skills
        contribution, goals contribution) arrays."""
        m = self.problem.n_mentors
        shape = (r1 - r0, m)
        if self.skills_rows is not None:  # the skills term is used
            skills = (self.skills_rows[r0:r1] @ self.skills_right).toarray()
        else:
            skills = np.zeros(shape, np.float32)
        goals = None
        if self.goals_rows is not None:  # the goals term is used
            goals = (self.goals_rows[r0:r1] @ self.goals_right).toarray()
            score = skills + goals
        else:
            score = skills.copy()
        for lookup in self.lookups:
            lookup.add(score, r0, r1)
        if self.direct_availability:
            codes = self.availability_code[r0:r1]
            distinct, inverse = np.unique(codes, return_inverse=True)
            sets = self.availability_values[distinct]
            mentor_sets = self.features.mentors.availability
            overlap = np.bitwise_count(sets[:, 0, None] & mentor_sets[None, :, 0])
            for word in (1, 2):
                overlap += np.bitwise_count(sets[:, word, None] & mentor_sets[None, :, word])
            score += self.overlap_value[overlap][inverse]
        if self.exclude_team:
            team = self.team_rows[r0:r1, None]
            np.putmask(score, (team == self.features.mentors.team[None, :]) & (team >= 0),
                       NEG)
        lo, hi = np.searchsorted(self.adjust_rows, [r0, r1])
        if hi > lo:
            np.add.at(score, (self.adjust_rows[lo:hi] - r0, self.adjust_cols[lo:hi]),
                      self.adjust_vals[lo:hi])
        if self.constraints.min_score is not None:
            np.putmask(score, score < np.float32(self.constraints.min_score), NEG)
        rows, cols = top_k(score, min(self.k, m))
        mentee = self.order[rows + r0]
        contributions = self.contributions(
            mentee, cols, skills=skills[rows, cols],
            goals=goals[rows, cols] if goals is not None else np.zeros(len(cols)))
        # Stored as float32 (half the memory for millions of edges); the score is the
        # float64 sum of exactly these values, so an explanation adds up to its score.
        total = np.zeros(len(cols))
        for name, values in contributions.items():
            contributions[name] = values.astype(np.float32)
            total += contributions[name]
        return mentee, cols, contributions, total

    def candidates(self, threads: int | None = None) -> Edges:
        """The top-k candidate edges per mentee that pass every hard constraint, with the
        score split into named contributions."""
        n, m = self.problem.n_mentees, self.problem.n_mentors
        if n == 0 or m == 0:
            return Edges.empty()
        rows = max(16, CHUNK_CELLS // m)
        bounds = [(r0, min(r0 + rows, n)) for r0 in range(0, n, rows)]
        threads = threads or min(os.cpu_count() or 1, 8)
        if threads > 1 and len(bounds) > 1:
            with ThreadPoolExecutor(threads) as pool:
                parts = list(pool.map(lambda b: self._chunk(*b), bounds))
        else:
            parts = [self._chunk(*b) for b in bounds]
        mentee = np.concatenate([p[0] for p in parts]).astype(np.int32)
        mentor = np.concatenate([p[1] for p in parts]).astype(np.int32)
        contributions = {name: np.concatenate([p[2][name] for p in parts])
                         for name in parts[0][2]}
        score = np.concatenate([p[3] for p in parts])
        return Edges(mentee, mentor, score, contributions)

    def contributions(self, mentee: np.ndarray, mentor: np.ndarray,
                      skills: np.ndarray | None = None,
                      goals: np.ndarray | None = None) -> dict[str, np.ndarray]:
        """Each term's weighted contribution for the given pairs (float64); they add up to
        the pair's score. Hard constraints are not checked here (locked pairs use this)."""
        a, b, w = self.features.mentees, self.features.mentors, self.weights
        if skills is None:
            skills = _row_dots(self.skills_left, self.mentor_skills, mentee, mentor) \
                if self.use_skills else np.zeros(len(mentee))
        if goals is None:
            goals = _row_dots(self.goals_left, self.mentor_text, mentee, mentor) \
                if self.use_goals else np.zeros(len(mentee))
        a_code, b_code, tz_table, seniority_table = self.tz_seniority
        tz = tz_table[a_code[mentee], b_code[mentor]]
        seniority = seniority_table[a_code[mentee], b_code[mentor]]
        a_code, b_code, same_table, shared_table = self.industry_language
        industry = same_table[a_code[mentee], b_code[mentor]]
        shared = shared_table[a_code[mentee], b_code[mentor]]
        overlap = _popcount(a.availability[mentee] & b.availability[mentor])
        code = mentee.astype(np.int64) * self.problem.n_mentors + mentor
        preference = np.zeros(len(mentee))
        if len(self.pref_code):
            where = np.minimum(np.searchsorted(self.pref_code, code), len(self.pref_code) - 1)
            hit = self.pref_code[where] == code
            preference[hit] = self.pref_val[where[hit]]
        target = self.constraints.overlap_target_hours
        return {
            "skills": np.asarray(skills, np.float64),
            "goals": np.asarray(goals, np.float64),
            "language": w.language * shared,
            "timezone": w.timezone * tz,
            "availability": w.availability * np.minimum(overlap / target, 1.0),
            "industry": w.industry * industry,
            "seniority": w.seniority * seniority,
            "preference": w.preference * preference,
        }


def _row_dots(left: sp.csr_matrix, right: sp.csr_matrix, i: np.ndarray,
              j: np.ndarray) -> np.ndarray:
    if len(i) == 0:
        return np.zeros(0)
    return np.asarray(left[i].multiply(right[j]).sum(axis=1), np.float64).ravel()


def score_candidates(problem: Problem) -> Edges:
    """The top-k candidate edges of a problem given as features."""
    return Scorer(problem).candidates()
