"""Reading a problem file and writing a result, in the format docs/matching.md describes.

Every mistake raises :class:`ProblemError` with a message naming what is wrong and where
(``mentees[3].id``), so the CLI can print it and exit with code 2.
"""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

import numpy as np
import scipy.sparse as sp

from .model import Constraints, Edges, Features, Problem, ProblemError, Result, Side, Weights

MENTEE_FEATURES = {"wants", "goals", "prefers", "avoids"}
MENTOR_FEATURES = {"offers", "expertise"}
SHARED_FEATURES = {"languages", "timezone", "availability", "industry", "seniority", "team"}
MENTEE_KEYS = {"id", "ranking"} | MENTEE_FEATURES | SHARED_FEATURES
MENTOR_KEYS = {"id", "capacity", "ranking"} | MENTOR_FEATURES | SHARED_FEATURES
TOP_KEYS = {"mentees", "mentors", "edges", "weights", "constraints", "candidates", "locked",
            "forbidden"}


def load_problem(path: str) -> Problem:
    """Read and validate a problem file."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as error:
        raise ProblemError(f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ProblemError(f"{path} is not UTF-8 text") from None
    return parse_problem(text)


def parse_problem(text: str) -> Problem:
    """Parse problem JSON text into a validated :class:`Problem`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ProblemError(f"malformed JSON at line {error.lineno} column {error.colno}: "
                           f"{error.msg}") from None
    return problem_from_dict(data)


def _is_number(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _object(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise ProblemError(f"{where}: expected an object, got {type(value).__name__}")
    return value


def _list(value: Any, where: str) -> list:
    if not isinstance(value, list):
        raise ProblemError(f"{where}: expected a list, got {type(value).__name__}")
    return value


def _unknown_keys(item: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise ProblemError(f"{where}: unknown field {unknown[0]!r} "
                           f"(allowed: {', '.join(sorted(allowed))})")


def _ids(items: list, side: str) -> tuple[list[str], dict[str, int]]:
    ids: list[str] = []
    index: dict[str, int] = {}
    for position, item in enumerate(items):
        where = f"{side}[{position}]"
        _object(item, where)
        value = item.get("id")
        if not isinstance(value, str) or not value:
            raise ProblemError(f"{where}.id: expected a non-empty string id, got {value!r}")
        if value in index:
            raise ProblemError(f"{where}.id: duplicate {side[:-1]} id {value!r} "
                               f"(first at {side}[{index[value]}])")
        index[value] = position
        ids.append(value)
    return ids, index


def _lookup(value: Any, index: dict[str, int], kind: str, where: str) -> int:
    if not isinstance(value, str):
        raise ProblemError(f"{where}: expected a {kind} id string, got {value!r}")
    if value not in index:
        raise ProblemError(f"{where}: unknown {kind} id {value!r}")
    return index[value]


def _pairs(data: dict, key: str, mentees: dict, mentors: dict) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()
    for position, item in enumerate(_list(data.get(key, []), key)):
        where = f"{key}[{position}]"
        _object(item, where)
        _unknown_keys(item, {"mentee", "mentor"}, where)
        pair = (_lookup(item.get("mentee"), mentees, "mentee", f"{where}.mentee"),
                _lookup(item.get("mentor"), mentors, "mentor", f"{where}.mentor"))
        if pair in seen:
            raise ProblemError(f"{where}: the pair {item['mentee']!r}-{item['mentor']!r} "
                               f"is listed twice")
        seen.add(pair)
        pairs.append(pair)
    return pairs


def _rankings(items: list, side: str, other: dict[str, int],
              kind: str) -> list[list[int] | None] | None:
    rankings: list[list[int] | None] = []
    any_given = False
    for position, item in enumerate(items):
        if "ranking" not in item:
            rankings.append(None)
            continue
        any_given = True
        where = f"{side}[{position}].ranking"
        ranked: list[int] = []
        seen: set[int] = set()
        for rank, value in enumerate(_list(item["ranking"], where)):
            target = _lookup(value, other, kind, f"{where}[{rank}]")
            if target in seen:
                raise ProblemError(f"{where}[{rank}]: {value!r} is ranked twice")
            seen.add(target)
            ranked.append(target)
        rankings.append(ranked)
    return rankings if any_given else None


def problem_from_dict(data: Any) -> Problem:
    """Validate a decoded problem document and build a :class:`Problem`."""
    _object(data, "problem")
    _unknown_keys(data, TOP_KEYS, "problem")
    for key in ("mentees", "mentors"):
        if key not in data:
            raise ProblemError(f"problem: missing {key!r}")
    mentee_items = _list(data["mentees"], "mentees")
    mentor_items = _list(data["mentors"], "mentors")
    mentee_ids, mentee_index = _ids(mentee_items, "mentees")
    mentor_ids, mentor_index = _ids(mentor_items, "mentors")
    for position, item in enumerate(mentee_items):
        _unknown_keys(item, MENTEE_KEYS, f"mentees[{position}]")
    capacity = np.zeros(len(mentor_items), np.int64)
    for position, item in enumerate(mentor_items):
        where = f"mentors[{position}]"
        _unknown_keys(item, MENTOR_KEYS, where)
        value = item.get("capacity", 1)
        if not _is_int(value):
            raise ProblemError(f"{where}.capacity: expected a whole number, got {value!r}")
        if value < 0:
            raise ProblemError(f"{where}.capacity: negative capacity {value} for mentor "
                               f"{item['id']!r}")
        capacity[position] = value

    problem = Problem(mentee_ids, mentor_ids, capacity)
    problem.mentee_rankings = _rankings(mentee_items, "mentees", mentor_index, "mentor")
    problem.mentor_rankings = _rankings(mentor_items, "mentors", mentee_index, "mentee")
    problem.locked = _pairs(data, "locked", mentee_index, mentor_index)
    problem.forbidden = _pairs(data, "forbidden", mentee_index, mentor_index)
    _check_locks(problem, data)

    if "candidates" in data:
        value = data["candidates"]
        if not _is_int(value) or value < 1:
            raise ProblemError(f"candidates: expected a whole number >= 1, got {value!r}")
        problem.candidates = value
    problem.weights = _weights(data.get("weights", {}))
    problem.constraints = _constraints(data.get("constraints", {}))

    if "edges" in data:
        problem.edges = _edges(data["edges"], mentee_index, mentor_index)
    else:
        problem.features = _features(mentee_items, mentor_items, mentor_index)
    return problem


def _check_locks(problem: Problem, data: dict) -> None:
    forbidden = set(problem.forbidden)
    seen_mentee: dict[int, int] = {}
    used = np.zeros(problem.n_mentors, np.int64)
    for position, (mentee, mentor) in enumerate(problem.locked):
        where = f"locked[{position}]"
        if (mentee, mentor) in forbidden:
            raise ProblemError(f"{where}: the pair {problem.mentee_ids[mentee]!r}-"
                               f"{problem.mentor_ids[mentor]!r} is both locked and forbidden")
        if mentee in seen_mentee:
            raise ProblemError(f"{where}: mentee {problem.mentee_ids[mentee]!r} is already "
                               f"locked at locked[{seen_mentee[mentee]}]")
        seen_mentee[mentee] = position
        used[mentor] += 1
        if used[mentor] > problem.capacity[mentor]:
            raise ProblemError(f"{where}: mentor {problem.mentor_ids[mentor]!r} has capacity "
                               f"{problem.capacity[mentor]} but more locked pairs")


def _weights(value: Any) -> Weights:
    _object(value, "weights")
    names = {f.name for f in dataclasses.fields(Weights)}
    _unknown_keys(value, names, "weights")
    for name, weight in value.items():
        if not _is_number(weight) or weight < 0:
            raise ProblemError(f"weights.{name}: expected a number >= 0, got {weight!r}")
    return Weights(**{name: float(weight) for name, weight in value.items()})


def _constraints(value: Any) -> Constraints:
    _object(value, "constraints")
    names = {f.name for f in dataclasses.fields(Constraints)}
    _unknown_keys(value, names, "constraints")
    result = Constraints()
    for name, item in value.items():
        where = f"constraints.{name}"
        if name in ("shared_language", "exclude_same_team"):
            if not isinstance(item, bool):
                raise ProblemError(f"{where}: expected true or false, got {item!r}")
        elif name in ("min_overlap_hours", "overlap_target_hours"):
            if not _is_int(item) or not 0 <= item <= 168:
                raise ProblemError(f"{where}: expected whole hours 0-168, got {item!r}")
        elif item is not None and not _is_number(item):
            raise ProblemError(f"{where}: expected a number, got {item!r}")
        setattr(result, name, item)
    if result.overlap_target_hours < 1:
        raise ProblemError("constraints.overlap_target_hours: must be at least 1")
    return result


def _edges(value: Any, mentees: dict[str, int], mentors: dict[str, int]) -> Edges:
    items = _list(value, "edges")
    mentee = np.zeros(len(items), np.int32)
    mentor = np.zeros(len(items), np.int32)
    score = np.zeros(len(items), np.float64)
    seen: dict[tuple[int, int], int] = {}
    for position, item in enumerate(items):
        where = f"edges[{position}]"
        _object(item, where)
        _unknown_keys(item, {"mentee", "mentor", "score"}, where)
        pair = (_lookup(item.get("mentee"), mentees, "mentee", f"{where}.mentee"),
                _lookup(item.get("mentor"), mentors, "mentor", f"{where}.mentor"))
        if pair in seen:
            raise ProblemError(f"{where}: duplicate edge {item['mentee']!r}-{item['mentor']!r}"
                               f" (first at edges[{seen[pair]}])")
        seen[pair] = position
        if "score" not in item:
            raise ProblemError(f"{where}.score: missing")
        if not _is_number(item["score"]):
            raise ProblemError(f"{where}.score: expected a finite number, got "
                               f"{item['score']!r}")
        mentee[position], mentor[position] = pair
        score[position] = item["score"]
    return Edges(mentee, mentor, score, {"score": score.copy()})


def _string_list(value: Any, where: str) -> list[str]:
    for position, item in enumerate(_list(value, where)):
        if not isinstance(item, str) or not item:
            raise ProblemError(f"{where}[{position}]: expected a non-empty string, "
                               f"got {item!r}")
    return value


def _tags(value: Any, where: str) -> dict[str, float]:
    if isinstance(value, list):
        return {tag: 1.0 for tag in _string_list(value, where)}
    _object(value, where)
    for tag, weight in value.items():
        if not _is_number(weight) or weight < 0:
            raise ProblemError(f"{where}.{tag}: expected a weight >= 0, got {weight!r}")
    return {tag: float(weight) for tag, weight in value.items()}


class _Codes(dict):
    def code(self, name: str) -> int:
        return self.setdefault(name, len(self))


def _side(items: list, side: str, tag_key: str, text_key: str, tags: _Codes,
          languages: _Codes, industries: _Codes, teams: _Codes) -> Side:
    n = len(items)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    text: list[str] = []
    lang = np.zeros(n, np.uint64)
    timezone = np.zeros(n, np.float32)
    availability = np.zeros((n, 3), np.uint64)
    industry = np.full(n, -1, np.int32)
    seniority = np.full(n, -1, np.int8)
    team = np.full(n, -1, np.int32)
    for i, item in enumerate(items):
        where = f"{side}[{i}]"
        for tag, weight in _tags(item.get(tag_key, {}), f"{where}.{tag_key}").items():
            rows.append(i)
            cols.append(tags.code(tag))
            vals.append(weight)
        goal = item.get(text_key, "")
        if not isinstance(goal, str):
            raise ProblemError(f"{where}.{text_key}: expected text, got {goal!r}")
        text.append(goal)
        for name in _string_list(item.get("languages", []), f"{where}.languages"):
            code = languages.code(name)
            if code >= 64:
                raise ProblemError(f"{where}.languages: more than 64 distinct languages")
            lang[i] |= np.uint64(1 << code)
        value = item.get("timezone", 0)
        if not _is_number(value) or not -12 <= value <= 14:
            raise ProblemError(f"{where}.timezone: expected a UTC offset in hours from -12 "
                               f"to 14, got {value!r}")
        timezone[i] = value
        hours = _list(item.get("availability", []), f"{where}.availability")
        for position, hour in enumerate(hours):
            if not _is_int(hour) or not 0 <= hour < 168:
                raise ProblemError(f"{where}.availability[{position}]: expected an hour of "
                                   f"the week 0-167 (UTC), got {hour!r}")
            availability[i, hour // 64] |= np.uint64(1 << (hour % 64))
        for key, codes, target in (("industry", industries, industry), ("team", teams, team)):
            if key in item:
                if not isinstance(item[key], str) or not item[key]:
                    raise ProblemError(f"{where}.{key}: expected a non-empty string, "
                                       f"got {item[key]!r}")
                target[i] = codes.code(item[key])
        if "seniority" in item:
            value = item["seniority"]
            if not _is_int(value) or not 0 <= value <= 10:
                raise ProblemError(f"{where}.seniority: expected a whole number 0-10, "
                                   f"got {value!r}")
            seniority[i] = value
    # The tag vocabulary is only complete once both sides are read: the skills matrix is
    # built by _features.
    parsed = Side(sp.csr_matrix((n, 1), dtype=np.float32), text, lang, timezone,
                  availability, industry, seniority, team)
    parsed.__dict__["skills_triples"] = (rows, cols, vals)
    return parsed


def _features(mentee_items: list, mentor_items: list, mentor_index: dict[str, int]) -> Features:
    tags, languages, industries, teams = _Codes(), _Codes(), _Codes(), _Codes()
    mentees = _side(mentee_items, "mentees", "wants", "goals", tags, languages, industries,
                    teams)
    mentors = _side(mentor_items, "mentors", "offers", "expertise", tags, languages,
                    industries, teams)
    for side in (mentees, mentors):
        rows, cols, vals = side.__dict__.pop("skills_triples")
        side.skills = sp.csr_matrix((np.asarray(vals, np.float32), (rows, cols)),
                                    shape=(len(side), max(len(tags), 1)))
    preferences = {}
    for key in ("prefers", "avoids"):
        pairs_i, pairs_j = [], []
        for i, item in enumerate(mentee_items):
            where = f"mentees[{i}].{key}"
            for position, value in enumerate(_list(item.get(key, []), where)):
                pairs_i.append(i)
                pairs_j.append(_lookup(value, mentor_index, "mentor", f"{where}[{position}]"))
        preferences[key] = (np.asarray(pairs_i, np.int32), np.asarray(pairs_j, np.int32))
    return Features(mentees, mentors, preferences["prefers"], preferences["avoids"])


def _number(value: float) -> float | int:
    rounded = round(float(value), 6)
    return int(rounded) if rounded == int(rounded) else rounded


def result_to_dict(result: Result) -> dict:
    """The result document: the issue's fields plus ``reasons`` (why each unmatched mentee
    is unmatched) and each pair's ``contributions`` and ``locked`` flag."""
    return {
        "mode": result.mode,
        "pairs": [
            {"mentee": pair.mentee, "mentor": pair.mentor, "score": _number(pair.score),
             "contributions": {name: _number(value)
                               for name, value in pair.contributions.items()},
             "locked": pair.locked}
            for pair in result.pairs
        ],
        "unmatched": list(result.unmatched),
        "reasons": dict(result.reasons),
        "matched": result.matched,
        "total_score": _number(result.total_score),
    }


def result_to_json(result: Result) -> str:
    return json.dumps(result_to_dict(result), indent=1) + "\n"
