"""The bridge from profiles to the matching engine: people's profiles as engine features.

``problem_for`` turns lists of mentees and mentors into a ``tandem.matching`` Problem (a
program's matching run uses it); ``load_people`` and ``build_problem`` are the two halves,
used by the directory's "Suggested for you" to score one mentee against every eligible
mentor without listing their ids in SQL.

How a profile becomes features (each row of an engine ``Side``):

* skills: a sparse matrix over the tags present. A mentee *wants* the skills they want to
  learn (weight 2) and their interests (weight 1); a mentor *offers* their skills offered.
* text: for a mentee, the title, why and measure of their **open** career goals that they
  share with all their mentors (visibility "mentors"). Private goals, and goals shared
  only with chosen mentorships, are never read: the engine shows no text, but a score
  would still leak something about words a mentee kept to themselves. For a mentor, their
  headline, bio and skills offered.
* languages: a bitmask over the languages spoken on both sides (a language only one side
  speaks cannot be shared). At most 64 fit: if more are present, the 64 most common.
* timezone: ``Profile.utc_offset_minutes`` / 60, the zone's current offset (kept true
  across daylight saving by ``tandem refresh_timezones``).
* availability: 168 hours of the UTC week (hour 0 = Monday 00:00 UTC) as three uint64
  words; an hour counts when the person's windows cover at least half of it (30 minutes).
  Windows that run past the end of the week wrap to Monday.
* industry: the tag id of one of the person's industries (the lowest, so it is stable),
  -1 for none.
* seniority: 0-10 from years of experience (see ``seniority_level``); -1 when unknown, so
  an empty field neither helps nor hurts (the engine gives unknown no points).
* team: -1 (profiles have no team).

Reading costs a constant number of queries for any number of people: one per table.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from django.db.models import QuerySet

from tandem.accounts.choices import GoalStatus, GoalVisibility
from tandem.accounts.models import MINUTES_PER_WEEK, AvailabilityWindow, CareerGoal, Profile
from tandem.accounts.models import ProfileLanguage as Language
from tandem.matching.model import Constraints, Features, Problem, ProblemError, Side, Weights

WANTED_WEIGHT = 2.0  # a skill the mentee wants to learn
INTEREST_WEIGHT = 1.0  # an interest: counts, but less
HOURS_PER_WEEK = 168
# Years of experience at which each level 1..10 starts (level 0 below one year).
SENIORITY_YEARS = (1, 3, 5, 8, 11, 15, 20, 25, 30, 40)
# Large id lists are sent in batches: SQLite refuses more than 32,766 parameters.
ID_BATCH = 10_000


def seniority_level(years: int | None) -> int:
    """0-10 from years of experience; -1 when unknown. Roughly logarithmic: the difference
    between 1 and 3 years matters more than the one between 21 and 23."""
    if years is None:
        return -1
    return bisect_right(SENIORITY_YEARS, years)


@dataclass(slots=True)
class Person:
    """What the engine (and a suggestion's reasons) need of one profile."""

    user_id: int
    profile_id: int | None = None
    headline: str = ""
    bio: str = ""
    offset_minutes: int = 0
    experience_years: int | None = None
    free_places: int = 0
    offered: dict[int, str] = field(default_factory=dict)  # tag id -> name
    wanted: dict[int, str] = field(default_factory=dict)
    interests: dict[int, str] = field(default_factory=dict)
    industries: list[tuple[int, str]] = field(default_factory=list)  # in the order listed
    languages: list[str] = field(default_factory=list)  # codes
    windows: list[tuple[int, int]] = field(default_factory=list)  # UTC minutes of the week
    goals: list[str] = field(default_factory=list)  # shared, open goals' text

    @property
    def industry(self) -> int:
        return self.industries[0][0] if self.industries else -1

    @property
    def wants(self) -> dict[int, float]:
        weights = {tag: INTEREST_WEIGHT for tag in self.interests}
        weights.update({tag: WANTED_WEIGHT for tag in self.wanted})
        return weights


def _batches(ids: list[int]):
    for start in range(0, len(ids), ID_BATCH):
        yield ids[start:start + ID_BATCH]


def _filtered(queryset: QuerySet, lookup: str, who) -> Iterable:
    """Rows of ``queryset`` whose ``lookup`` is among ``who``: a list of ids (sent in
    batches) or a queryset of profiles (a subquery, however many)."""
    if isinstance(who, QuerySet):
        return queryset.filter(**{f"{lookup}__in": who.values("pk")})
    rows: list = []
    for batch in _batches(who):
        rows.extend(queryset.filter(**{f"{lookup}__in": batch}))
    return rows


def load_people(who, *, as_mentor: bool, as_mentee: bool,
                scope: QuerySet | None = None) -> list[Person]:
    """Read the people ``who`` (a list of user ids, or a queryset of Profiles) in a fixed
    number of queries. ``as_mentor`` reads what a mentor offers, ``as_mentee`` what a
    mentee wants and their shared goals. Returns them in the order of the ids given (a
    person without a profile gets empty features), or the queryset's order.

    ``scope``, with a queryset: a simpler queryset of profiles that holds all of ``who``,
    used to read the related rows (rows of others are skipped), so that a costly filter
    runs once rather than once per table."""
    if isinstance(who, QuerySet):
        profiles = who
        profile_filter = scope if scope is not None else who
    else:
        profiles = None
        profile_filter = None
    fields = ("pk", "user_id", "headline", "bio", "utc_offset_minutes", "experience_years",
              "mentor_capacity", "places_taken")
    if profiles is not None:
        rows = list(profiles.values_list(*fields))
    else:
        rows = list(_filtered(Profile.objects.values_list(*fields), "user_id", who))
    people: dict[int, Person] = {}
    by_profile: dict[int, Person] = {}
    for pk, user_id, headline, bio, offset, years, capacity, taken in rows:
        person = Person(user_id=user_id, profile_id=pk, headline=headline, bio=bio,
                        offset_minutes=offset, experience_years=years,
                        free_places=max(capacity - taken, 0))
        people[user_id] = person
        by_profile[pk] = person
    if profile_filter is None:
        profile_filter = list(by_profile)

    def related(through, *columns, order="pk"):
        rows = through.objects.values_list("profile_id", *columns).order_by(order)
        return _filtered(rows, "profile_id", profile_filter)

    if as_mentor:
        for pid, tag, name in related(Profile.skills_offered.through, "tag_id", "tag__name"):
            if pid in by_profile:
                by_profile[pid].offered[tag] = name
    if as_mentee:
        for pid, tag, name in related(Profile.skills_wanted.through, "tag_id", "tag__name"):
            if pid in by_profile:
                by_profile[pid].wanted[tag] = name
        for pid, tag, name in related(Profile.interests.through, "tag_id", "tag__name"):
            if pid in by_profile:
                by_profile[pid].interests[tag] = name
        goals = CareerGoal.objects.filter(visibility=GoalVisibility.MENTORS).exclude(
            status__in=GoalStatus.closed()).order_by("position", "pk")
        goals = goals.values_list("user_id", "title", "why", "measure")
        if isinstance(profile_filter, QuerySet):
            goal_rows = goals.filter(user__profile__in=profile_filter.values("pk"))
        else:
            goal_rows = _filtered(goals, "user_id", list(people))
        for user_id, title, why, measure in goal_rows:
            if user_id in people:
                people[user_id].goals.append(" ".join(filter(None, (title, why, measure))))
    # Tags have no order of their own on a profile: the lowest id keeps the choice stable.
    for pid, tag, name in related(Profile.industries.through, "tag_id", "tag__name",
                                  order="tag_id"):
        if pid in by_profile:
            by_profile[pid].industries.append((tag, name))
    for pid, code in _filtered(Language.objects.values_list("profile_id", "code")
                               .order_by("code"), "profile_id", profile_filter):
        if pid in by_profile:
            by_profile[pid].languages.append(code)
    for pid, start, end in _filtered(
            AvailabilityWindow.objects.values_list("profile_id", "utc_start", "utc_end"),
            "profile_id", profile_filter):
        if pid in by_profile:
            by_profile[pid].windows.append((start, end))
    if profiles is not None:
        return [by_profile[row[0]] for row in rows]
    return [people.get(user_id) or Person(user_id=user_id) for user_id in who]


def availability_bits(windows_per_person: list[list[tuple[int, int]]]) -> np.ndarray:
    """(n, 3) uint64: hour h of the UTC week is bit h % 64 of word h // 64, set when the
    person's windows cover at least 30 minutes of it. Minutes past the week's end wrap."""
    n = len(windows_per_person)
    owner = [i for i, windows in enumerate(windows_per_person) for _ in windows]
    spans = [w for windows in windows_per_person for w in windows]
    covered = np.zeros((n, HOURS_PER_WEEK), np.int32)
    if spans:
        arr = np.asarray(spans, np.int64)
        start = arr[:, 0] % MINUTES_PER_WEEK
        end = start + np.clip(arr[:, 1] - arr[:, 0], 0, MINUTES_PER_WEEK)
        first = start // 60
        count = (end - 1) // 60 - first + 1
        count = np.where(end > start, count, 0)
        rows = np.repeat(np.asarray(owner, np.int64), count)
        offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        hour = np.repeat(first, count) + offset
        minutes = (np.minimum(np.repeat(end, count), (hour + 1) * 60)
                   - np.maximum(np.repeat(start, count), hour * 60))
        np.add.at(covered, (rows, hour % HOURS_PER_WEEK), minutes)
    hours = covered >= 30
    packed = np.packbits(np.pad(hours, ((0, 0), (0, 24))), axis=1, bitorder="little")
    return packed.view("<u8").astype(np.uint64).reshape(n, 3)


def _language_bits(mentees: list[Person], mentors: list[Person]) -> dict[str, int]:
    """Bit per language spoken on both sides; the 64 most common when there are more."""
    mentee_count = Counter(code for p in mentees for code in set(p.languages))
    mentor_count = Counter(code for p in mentors for code in set(p.languages))
    both = [code for code in mentee_count if code in mentor_count]
    both.sort(key=lambda code: (-(mentee_count[code] + mentor_count[code]), code))
    return {code: bit for bit, code in enumerate(sorted(both[:64]))}


def _side(people: list[Person], *, mentor: bool, vocabulary: dict[int, int],
          language_bits: dict[str, int]) -> Side:
    n = len(people)
    rows, cols, vals = [], [], []
    for i, person in enumerate(people):
        tags = {tag: 1.0 for tag in person.offered} if mentor else person.wants
        for tag, weight in tags.items():
            rows.append(i)
            cols.append(vocabulary[tag])
            vals.append(weight)
    skills = sp.csr_matrix((np.asarray(vals, np.float32), (rows, cols)),
                           shape=(n, max(len(vocabulary), 1)))
    if mentor:
        text = [" ".join(filter(None, (p.headline, p.bio, *p.offered.values())))
                for p in people]
    else:
        text = [" ".join(p.goals) for p in people]
    languages = np.zeros(n, np.uint64)
    for i, person in enumerate(people):
        mask = 0
        for code in person.languages:
            if code in language_bits:
                mask |= 1 << language_bits[code]
        languages[i] = np.uint64(mask)
    return Side(
        skills=skills,
        text=text,
        languages=languages,
        timezone=np.asarray([p.offset_minutes / 60 for p in people], np.float32),
        availability=availability_bits([p.windows for p in people]),
        industry=np.asarray([p.industry for p in people], np.int32),
        seniority=np.asarray([seniority_level(p.experience_years) for p in people], np.int8),
        team=np.full(n, -1, np.int32),
    )


def build_problem(*, mentees: list[Person], mentors: list[Person], weights: Weights,
                  constraints: Constraints, capacity: dict[int, int] | None = None,
                  candidates: int = 50, locked=(), forbidden=()) -> Problem:
    """The engine's Problem from people already read (see ``load_people``)."""
    tags = {tag for p in mentors for tag in p.offered}
    tags |= {tag for p in mentees for tag in p.wants}
    vocabulary = {tag: i for i, tag in enumerate(sorted(tags))}
    language_bits = _language_bits(mentees, mentors)
    mentee_index = {p.user_id: i for i, p in enumerate(mentees)}
    mentor_index = {p.user_id: j for j, p in enumerate(mentors)}
    capacity = capacity or {}
    places = np.asarray([max(int(capacity.get(p.user_id, p.free_places)), 0)
                         for p in mentors], np.int64)

    def pairs(given, name: str) -> list[tuple[int, int]]:
        out = []
        for mentee_id, mentor_id in given:
            if mentee_id not in mentee_index:
                raise ProblemError(f"{name}: user {mentee_id} is not among the mentees")
            if mentor_id not in mentor_index:
                raise ProblemError(f"{name}: user {mentor_id} is not among the mentors")
            out.append((mentee_index[mentee_id], mentor_index[mentor_id]))
        return out

    return Problem(
        mentee_ids=[str(p.user_id) for p in mentees],
        mentor_ids=[str(p.user_id) for p in mentors],
        capacity=places,
        features=Features(
            mentees=_side(mentees, mentor=False, vocabulary=vocabulary,
                          language_bits=language_bits),
            mentors=_side(mentors, mentor=True, vocabulary=vocabulary,
                          language_bits=language_bits),
        ),
        weights=weights,
        constraints=constraints,
        candidates=candidates,
        locked=pairs(locked, "locked"),
        forbidden=pairs(forbidden, "forbidden"),
    )


def problem_for(*, mentees: list, mentors: list, weights: Weights, constraints: Constraints,
                capacity: dict[int, int] | None = None, candidates: int = 50, locked=(),
                forbidden=()) -> Problem:
    """A matching Problem for these people, read from their profiles in a fixed number of
    queries. Ids in the problem are ``str(user.pk)``. ``capacity`` maps a mentor's user id
    to their places (default: their free places, capacity minus places taken, never
    negative). ``locked`` and ``forbidden`` hold (mentee user id, mentor user id) pairs;
    a pair naming someone not in the lists raises ``ProblemError``."""
    mentee_ids = [u.pk for u in mentees]
    mentor_ids = [u.pk for u in mentors]
    for name, ids in (("mentees", mentee_ids), ("mentors", mentor_ids)):
        seen = Counter(ids)
        twice = [pk for pk, count in seen.items() if count > 1]
        if twice:
            raise ProblemError(f"{name}: user {twice[0]} is listed twice")
    return build_problem(
        mentees=load_people(mentee_ids, as_mentor=False, as_mentee=True) if mentee_ids else [],
        mentors=load_people(mentor_ids, as_mentor=True, as_mentee=False) if mentor_ids else [],
        weights=weights, constraints=constraints, capacity=capacity, candidates=candidates,
        locked=locked, forbidden=forbidden)


__all__ = ["Person", "availability_bits", "build_problem", "load_people", "problem_for",
           "seniority_level"]
