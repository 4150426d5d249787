"""A synthetic cohort for benchmarks and tests: participants with realistic-looking
features (a few hundred skills grouped in tracks, languages by region, timezones,
weekly availability in local blocks, industries, seniority, teams, short goal texts)."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .model import Constraints, Features, Problem, Side, Weights

N_SKILLS = 300
N_TRACKS = 30
N_INDUSTRIES = 25
N_TEAMS = 2000
LANGUAGES = ["en", "es", "pt", "fr", "de", "it", "nl", "pl", "ar", "hi", "ta", "zh", "ja",
             "ko", "vi", "id", "tr", "ru", "uk", "sw"]
# (UTC offset, share of people, languages spoken there besides English)
REGIONS = [(-8, 8, ["es", "zh", "vi"]), (-7, 3, ["es"]), (-6, 6, ["es"]), (-5, 12, ["es"]),
           (-4, 2, ["es"]), (-3, 5, ["pt", "es"]), (0, 9, []), (1, 14, ["de", "fr", "es",
                                                                         "it", "nl", "pl"]),
           (2, 5, ["uk", "ar", "tr"]), (3, 4, ["ru", "sw", "ar", "tr"]), (4, 2, ["ar"]),
           (5.5, 9, ["hi", "ta"]), (7, 3, ["vi", "id"]), (8, 8, ["zh", "id"]),
           (9, 5, ["ja", "ko"]), (10, 3, []), (12, 1, [])]
# Local weekly blocks people offer: (days, start hour, hours)
BLOCKS = [(range(0, 5), 18, 2), (range(0, 5), 12, 1), (range(0, 5), 8, 1), ([5], 9, 3),
          ([6], 14, 3), ([1, 3], 7, 2), ([0, 2, 4], 20, 2), ([5, 6], 10, 2), ([2], 15, 2),
          ([4], 16, 2)]
WORDS = ("grow lead team career promotion manager senior staff principal architect design "
         "system product strategy roadmap stakeholders communication feedback mentoring "
         "hiring interview negotiate salary confidence public speaking writing documentation "
         "review code quality testing reliability scale performance cloud data analytics "
         "machine learning research startup founder fundraising marketing sales customer "
         "growth pricing finance budget operations process agile delivery planning "
         "prioritise impact influence visibility network transition switch learn improve "
         "understand build launch ship balance burnout remote culture diversity inclusion "
         "ethics security privacy compliance mobile frontend backend infrastructure devops "
         "platform api database distributed observability incident on-call").split()


def _tag_names() -> list[str]:
    return [f"skill-{i:03d}" for i in range(N_SKILLS)]


def _skills(rng: np.random.Generator, n: int, track: np.ndarray, tracks: np.ndarray,
            low: int, high: int, popularity: np.ndarray) -> sp.csr_matrix:
    count = rng.integers(low, high + 1, n)
    rows = np.repeat(np.arange(n), count)
    own = rng.random(rows.size) < 0.8
    in_track = tracks[track[rows], rng.integers(0, tracks.shape[1], rows.size)]
    anywhere = rng.choice(N_SKILLS, rows.size, p=popularity)
    cols = np.where(own, in_track, anywhere)
    vals = rng.integers(1, 4, rows.size).astype(np.float32)
    matrix = sp.csr_matrix((vals, (rows, cols)), shape=(n, N_SKILLS))
    matrix.sum_duplicates()
    return matrix


def _side(rng: np.random.Generator, n: int, mentor: bool, tracks: np.ndarray,
          popularity: np.ndarray, track_words: list[list[str]]) -> Side:
    track = rng.choice(N_TRACKS, n, p=_zipf(N_TRACKS, 0.8))
    skills = _skills(rng, n, track, tracks, 5 if mentor else 2, 9 if mentor else 5,
                     popularity)
    shares = np.asarray([r[1] for r in REGIONS], float)
    region = rng.choice(len(REGIONS), n, p=shares / shares.sum())
    offsets = np.asarray([r[0] for r in REGIONS], np.float32)[region]
    lang_code = {name: i for i, name in enumerate(LANGUAGES)}
    languages = np.zeros(n, np.uint64)
    english = rng.random(n) < 0.85
    languages[english] |= np.uint64(1)
    for r, (_, _, spoken) in enumerate(REGIONS):
        members = np.flatnonzero(region == r)
        if not spoken or members.size == 0:
            continue
        pick = rng.integers(0, len(spoken), members.size)
        local = np.asarray([1 << lang_code[spoken[p]] for p in range(len(spoken))],
                           np.uint64)[pick]
        speaks = (rng.random(members.size) < 0.7) | ~english[members]
        languages[members[speaks]] |= local[speaks]
    availability = _availability(rng, n, offsets)
    industry = rng.choice(N_INDUSTRIES, n, p=_zipf(N_INDUSTRIES, 1.0)).astype(np.int32)
    industry[rng.random(n) < 0.1] = -1
    if mentor:
        seniority = rng.choice(np.arange(2, 9), n, p=[.1, .2, .25, .2, .12, .08, .05])
    else:
        seniority = rng.choice(np.arange(0, 5), n, p=[.15, .35, .3, .15, .05])
    team = rng.integers(0, N_TEAMS, n).astype(np.int32)
    team[rng.random(n) < 0.7] = -1
    text = []
    general = rng.integers(0, len(WORDS), (n, 6))
    own = rng.integers(0, 8, (n, 4))
    for i in range(n):
        words = [WORDS[g] for g in general[i]] + [track_words[track[i]][o] for o in own[i]]
        text.append(" ".join(words))
    return Side(skills, text, languages, offsets, availability, industry,
                seniority.astype(np.int8), team)


def _availability(rng: np.random.Generator, n: int, offsets: np.ndarray) -> np.ndarray:
    hours = np.zeros((n, 168), bool)
    chosen = rng.random((n, len(BLOCKS))) < 0.22
    chosen[np.arange(n), rng.integers(0, len(BLOCKS), n)] = True
    shift = -np.rint(offsets).astype(int)  # local -> UTC
    for b, (days, start, length) in enumerate(BLOCKS):
        who = np.flatnonzero(chosen[:, b])
        for day in days:
            for h in range(start, start + length):
                hours[who, (day * 24 + h + shift[who]) % 168] = True
    packed = np.packbits(np.pad(hours, ((0, 0), (0, 24))), axis=1, bitorder="little")
    return packed.view("<u8").astype(np.uint64)


def _zipf(n: int, power: float) -> np.ndarray:
    p = 1 / np.arange(1, n + 1) ** power
    return p / p.sum()


def cohort(mentees: int, mentors: int, candidates: int = 50, seed: int = 0) -> Problem:
    """A synthetic problem with ``mentees`` and ``mentors`` (capacities 1-5, about 3 on
    average) and typical program constraints: a shared language, at most 8 hours apart,
    at least one common free hour, not in the same team."""
    rng = np.random.default_rng(seed)
    popularity = _zipf(N_SKILLS, 0.7)
    tracks = np.stack([rng.choice(N_SKILLS, 20, replace=False, p=popularity)
                       for _ in range(N_TRACKS)])
    names = _tag_names()
    track_words = [[names[t] for t in tracks[k][:4]] + [WORDS[(k * 7 + i) % len(WORDS)]
                                                       for i in range(4)]
                   for k in range(N_TRACKS)]
    mentee_side = _side(rng, mentees, False, tracks, popularity, track_words)
    mentor_side = _side(rng, mentors, True, tracks, popularity, track_words)
    capacity = rng.choice([1, 2, 3, 4, 5], mentors, p=[.1, .25, .3, .2, .15]).astype(np.int64)
    who = np.flatnonzero(rng.random(mentees) < 0.03)
    prefers = (np.repeat(who, 2).astype(np.int32),
               rng.integers(0, max(mentors, 1), who.size * 2).astype(np.int32))
    who = np.flatnonzero(rng.random(mentees) < 0.01)
    avoids = (who.astype(np.int32), rng.integers(0, max(mentors, 1), who.size).astype(np.int32))
    return Problem(
        mentee_ids=[f"mentee-{i}" for i in range(mentees)],
        mentor_ids=[f"mentor-{j}" for j in range(mentors)],
        capacity=capacity,
        features=Features(mentee_side, mentor_side, prefers, avoids),
        weights=Weights(),
        constraints=Constraints(shared_language=True, max_timezone_gap=8, min_overlap_hours=1,
                                exclude_same_team=True),
        candidates=candidates,
    )
