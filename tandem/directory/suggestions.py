""""Suggested for you": the mentors who fit a mentee best, with the reasons in plain words.

The same scorer as a program's matching run (``tandem.matching.scoring.Scorer``) scores the
mentee against every eligible mentor; the top pairs' named contributions become reasons
("You both speak Portuguese", "Offers Python and SQL, which you want to learn").

Eligible: an active mentor, open to requests, with a free place, not the mentee, not one
they already asked (open request) or have a mentorship with, not one who declined their
request or let it expire in the last 90 days, not one either of them declined in a program
match, not one whose mentorship with them a re-match request ended, and not one who has
stopped answering requests. A shared language is required; and a suggestion needs a reason of substance
(skills or goals), not only a matching clock.

The ranking is cached per mentee for a few minutes (keyed by their profile's and goals'
last change), and the open mentors' features, shared by every viewer, for a minute; every
read re-checks eligibility of the cached mentors, so one just asked (or who closed their
door) disappears at once. A page costs a constant number of queries. bench/suggestions.py
times it with 10,000 mentors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np
from django.core.cache import cache
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from tandem.accounts.choices import LANGUAGES, GoalStatus, GoalVisibility
from tandem.accounts.models import CareerGoal, Profile, ProfileLanguage, User
from tandem.directory.features import (
    Person,
    availability_bits,
    build_problem,
    load_people,
    seniority_level,
)
from tandem.matching.model import Constraints, Weights
from tandem.matching.scoring import Scorer

LIMIT = 5  # suggestions shown
KEPT = 10  # ranked and cached, so a few can drop out (asked meanwhile) and 5 remain
CACHE_SECONDS = 300
POOL_KEY = "directory:suggestions:pool"
POOL_SECONDS = 60
WEIGHTS = Weights()  # the engine's defaults, as a program starts with
CONSTRAINTS = Constraints(shared_language=True)
# A term is a reason when it earns at least this share of its weight: any skill in common,
# some words of the goals, a language, at most 3 hours apart, an hour a week together, the
# same industry, the seniority gap about right.
REASON_SHARE = {"skills": 0.01, "goals": 0.05, "language": 0.5, "timezone": 0.74,
                "availability": 0.25, "industry": 0.5, "seniority": 0.66}
# What the mentee asked for comes before the circumstances (language, clock, calendar).
SUBSTANCE = ("skills", "goals")
MAX_REASONS = 3
TURNED_DOWN_DAYS = 90

READY = "ready"
INCOMPLETE = "incomplete"
NOT_MENTEE = "not_mentee"


@dataclass
class Suggestion:
    profile: Profile
    score: float
    reasons: list[str]


@dataclass
class Suggestions:
    """What the viewer sees: ``status`` is "ready" (``items`` may still be empty when no
    mentor fits), "incomplete" (``missing`` says what to add) or "not_mentee"."""

    status: str
    items: list[Suggestion] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        if self.status == NOT_MENTEE:
            return ("Suggestions are for people looking for a mentor: tick “I want a mentor” "
                    "on your profile to see them.")
        if self.status == INCOMPLETE:
            return ("To suggest mentors who fit, we need a little more about you: add "
                    + _join(self.missing) + " to your profile.")
        if not self.items:
            return ("No mentor with a free place fits your profile right now. Try the "
                    "search below, or add more skills you want to learn.")
        return ""


def open_mentors() -> QuerySet[Profile]:
    """Mentors anyone may be suggested: active, open to requests, with a free place and
    still answering requests."""
    from tandem.mentorships.selectors import unresponsive_condition

    # NOT EXISTS per candidate (correlated on the profile's user) rather than NOT IN (every
    # unresponsive user): the list tested all users, mentees too, with three subqueries
    # each, 60 ms at 100,000 people on every directory page that re-checks its suggestions.
    return (Profile.objects
            .filter(is_mentor=True, open_to_requests=True, user__is_active=True,
                    mentor_capacity__gt=F("places_taken"))
            .exclude(unresponsive_condition("user__")))


def _not_for(mentee: User) -> list[QuerySet]:
    """Mentor user ids ``mentee`` is not suggested, as one-column querysets (subqueries):
    those they already asked (an open request), who declined them (ever) or let their
    request expire in the last 90 days; their current mentors; and what other apps add
    (``mentors_not_suggested`` in their sections: a program match either declined, a
    mentorship a re-match request ended)."""
    from tandem.core.sections import mentors_not_suggested
    from tandem.mentorships.models import MentorshipRequest, Relationship

    asked_or_turned_down = MentorshipRequest.objects.filter(
        Q(state__in=[*MentorshipRequest.OPEN_STATES, MentorshipRequest.State.DECLINED])
        | Q(state=MentorshipRequest.State.EXPIRED,
            closed_at__gte=timezone.now() - timedelta(days=TURNED_DOWN_DAYS)),
        mentee=mentee).order_by().values("mentor_id")
    mentoring = Relationship.objects.filter(
        mentee=mentee, state__in=Relationship.OPEN_STATES).order_by().values("mentor_id")
    return [asked_or_turned_down, mentoring, *mentors_not_suggested(mentee=mentee)]


def eligible_mentors(mentee: User) -> QuerySet[Profile]:
    """Profiles of the mentors ``mentee`` may be suggested (see the module docstring)."""
    mentors = open_mentors().exclude(user=mentee)
    for ids in _not_for(mentee):
        mentors = mentors.exclude(user_id__in=ids)
    return mentors


def mentor_pool() -> list[Person]:
    """Every open mentor's features, shared by all viewers and cached for a minute:
    reading them is most of the cost of a suggestion. What changed meanwhile is caught
    when the suggestions are shown (eligibility is checked again then)."""
    # The related rows are read for every mentor open to requests (a cheap filter) rather
    # than re-running the eligibility subqueries once per table.
    # (Not cache.get_or_set: it reads the value back after storing it, a second unpickling
    # of thousands of people.)
    pool = cache.get(POOL_KEY)
    if pool is None:
        scope = Profile.objects.filter(is_mentor=True, open_to_requests=True)
        pool = load_people(open_mentors().order_by("pk"), as_mentor=True, as_mentee=False,
                           scope=scope)
        cache.set(POOL_KEY, pool, POOL_SECONDS)
    return pool


def _viewer_profile(user: User) -> Profile | None:
    """The viewer's profile with what completeness needs, in one query."""
    through = Profile.skills_wanted.through
    interests = Profile.interests.through
    shared_goals = CareerGoal.objects.filter(
        user=OuterRef("user_id"), visibility=GoalVisibility.MENTORS).exclude(
        status__in=GoalStatus.closed())
    return (Profile.objects.filter(user=user).annotate(
        has_wants=Exists(through.objects.filter(profile=OuterRef("pk")))
        | Exists(interests.objects.filter(profile=OuterRef("pk"))),
        has_goals=Exists(shared_goals),
        has_language=Exists(ProfileLanguage.objects.filter(profile=OuterRef("pk"))),
        # Part of the cache key, with the profile's own last change: a goal edited makes
        # new suggestions at once.
        goals_changed=Subquery(CareerGoal.objects.filter(user=OuterRef("user_id"))
                               .order_by("-updated_at").values("updated_at")[:1]),
    ).first())


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _hours_words(hours: int) -> str:
    return f"{hours} hour{'s' if hours != 1 else ''}"


def reasons_for(contributions: dict[str, float], mentee: Person, mentor: Person,
                weights: Weights = WEIGHTS) -> list[str]:
    """Up to 3 named contributions of a pair in plain words: skills and goals first, then the
    largest of the others."""
    ranked = sorted(((name in SUBSTANCE, value, name) for name, value in contributions.items()
                     if name in REASON_SHARE and getattr(weights, name, 0) > 0
                     and value >= REASON_SHARE[name] * getattr(weights, name)), reverse=True)
    reasons = []
    for _, _, name in ranked:
        text = _reason(name, mentee, mentor)
        if text:
            reasons.append(text)
        if len(reasons) == MAX_REASONS:
            break
    return reasons


def _reason(name: str, mentee: Person, mentor: Person) -> str:
    if name == "skills":
        wanted = [mentor.offered[t] for t in mentor.offered if t in mentee.wanted]
        if wanted:
            return f"Offers {_join(sorted(wanted)[:3])}, which you want to learn"
        liked = [mentor.offered[t] for t in mentor.offered if t in mentee.interests]
        if liked:
            return f"Offers {_join(sorted(liked)[:3])}, which you are interested in"
        return ""
    if name == "goals":
        return "Their experience fits your goals"
    if name == "language":
        shared = [LANGUAGES.get(c, c) for c in mentee.languages if c in mentor.languages]
        return f"You both speak {_join(sorted(shared))}" if shared else ""
    if name == "timezone":
        gap = abs(mentee.offset_minutes - mentor.offset_minutes) % (24 * 60)
        gap = min(gap, 24 * 60 - gap) / 60
        if gap == 0:
            return "In the same time zone as you"
        hours = f"{gap:g}"
        return f"Close to your time zone: {hours} hour{'s' if gap != 1 else ''} apart"
    if name == "availability":
        both = availability_bits([mentee.windows, mentor.windows])
        hours = int(np.bitwise_count(both[0] & both[1]).sum())
        return f"Available when you are: {_hours_words(hours)} a week" if hours else ""
    if name == "industry":
        mine = {tag for tag, _ in mentee.industries}
        common = [label for tag, label in mentor.industries if tag in mine]
        return f"Also works in {_join(common[:2])}" if common else ""
    if name == "seniority":
        years = mentor.experience_years
        if years is None or seniority_level(years) < 0:
            return ""
        return f"A few steps ahead of you: {years} years of experience"
    return ""


def _rank(viewer: User) -> list[tuple[int, float, list[str]]]:
    """(mentor user id, score, reasons) of the best-fitting eligible mentors, best first."""
    mentee = load_people([viewer.pk], as_mentor=False, as_mentee=True)[0]
    excluded = {viewer.pk}
    not_for = Q()
    for ids in _not_for(viewer):
        not_for |= Q(pk__in=ids)
    excluded.update(User.objects.filter(not_for).values_list("pk", flat=True))
    mentors = [p for p in mentor_pool() if p.user_id not in excluded]
    if not mentors:
        return []
    problem = build_problem(mentees=[mentee], mentors=mentors, weights=WEIGHTS,
                            constraints=CONSTRAINTS, candidates=max(50, KEPT))
    edges = Scorer(problem).candidates(threads=1)
    ranked = []
    for e in np.argsort(-edges.score, kind="stable"):
        parts = {name: float(values[e]) for name, values in edges.contributions.items()}
        if parts["skills"] <= 0 and parts["goals"] <= 0:
            continue  # nothing of substance in common: a matching clock is not a reason
        mentor = mentors[int(edges.mentor[e])]
        ranked.append((mentor.user_id, round(float(edges.score[e]), 4),
                       reasons_for(parts, mentee, mentor)))
        if len(ranked) == KEPT:
            break
    return ranked


def suggestions_for(viewer: User, *, limit: int = LIMIT) -> Suggestions:
    """The viewer's suggested mentors (or why there are none), in a constant number of
    queries when cached and a fixed number per table when not."""
    profile = _viewer_profile(viewer)
    if profile is None or not profile.is_mentee:
        return Suggestions(status=NOT_MENTEE)
    missing = []
    if not (profile.has_wants or profile.has_goals):
        missing.append("skills you want to learn (or a career goal shared with mentors)")
    if not profile.has_language:
        missing.append("the languages you speak")
    if missing:
        return Suggestions(status=INCOMPLETE, missing=missing)
    goals = profile.goals_changed.timestamp() if profile.goals_changed else 0
    key = f"directory:suggestions:{viewer.pk}:{profile.updated_at.timestamp()}:{goals}"
    ranked = cache.get(key)
    if ranked is None:
        ranked = _rank(viewer)
        cache.set(key, ranked, CACHE_SECONDS)
    ids = [user_id for user_id, _, _ in ranked]
    # Re-checked on every read: a mentor asked or full since the ranking drops out.
    profiles = {p.user_id: p for p in eligible_mentors(viewer).filter(user_id__in=ids)
                .select_related("user").prefetch_related(
                    "skills_offered",
                    Prefetch("languages", queryset=ProfileLanguage.objects.order_by("code")))}
    items = [Suggestion(profile=profiles[user_id], score=score, reasons=reasons)
             for user_id, score, reasons in ranked if user_id in profiles]
    return Suggestions(status=READY, items=items[:limit])


__all__ = ["Suggestion", "Suggestions", "eligible_mentors", "reasons_for", "suggestions_for"]
