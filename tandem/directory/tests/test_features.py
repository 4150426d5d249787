"""Profiles as matching-engine features (tandem.directory.features)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from tandem.accounts.models import AvailabilityWindow, Profile, ProfileLanguage, Tag, User
from tandem.accounts.services import availability_replace, profile_update
from tandem.accounts.tests.factories import make_mentee, make_mentor
from tandem.directory.features import availability_bits, problem_for, seniority_level
from tandem.growth.services import goal_create
from tandem.matching.model import Constraints, ProblemError, Weights
from tandem.matching.scoring import Scorer
from tandem.matching.solve import solve


def _hours(words) -> set[int]:
    return {h for h in range(168) if int(words[h // 64]) >> (h % 64) & 1}


def _mentee(**changes) -> User:
    """A mentee (wants Python, speaks English) with these profile changes."""
    mentee = make_mentee(timezone=changes.pop("timezone", "Europe/Lisbon"))
    if changes:
        profile_update(actor=mentee, profile=mentee.profile, changes=changes)
    return mentee


def _problem(mentees, mentors, **kwargs):
    return problem_for(mentees=mentees, mentors=mentors, weights=Weights(),
                       constraints=Constraints(), **kwargs)


def test_it_maps_the_personas_profiles(personas):
    problem = _problem([personas.mentee, personas.mentee2], [personas.mentor, personas.mentor2])
    assert problem.mentee_ids == [str(personas.mentee.pk), str(personas.mentee2.pk)]
    assert problem.mentor_ids == [str(personas.mentor.pk), str(personas.mentor2.pk)]
    # Both mentors have two places free by default.
    assert problem.capacity.tolist() == [2, 2]
    mentees, mentors = problem.features.mentees, problem.features.mentors
    # Everyone speaks English: the one shared language is bit 0.
    assert mentees.languages.tolist() == [1, 1] and mentors.languages.tolist() == [1, 1]
    # Mia wants Python; Marta offers it, Omar does not.
    overlap = (mentees.skills @ mentors.skills.T).toarray()
    assert overlap[0, 0] > 0 and overlap[0, 1] == 0
    assert "Lead a team" in mentees.text[0] and "Python" in mentors.text[0]
    assert mentors.timezone.dtype == np.float32 and mentors.team.tolist() == [-1, -1]
    # Marta's Tuesday 18:00-20:00 in Berlin is two hours of the UTC week.
    assert len(_hours(mentors.availability[0])) == 2
    result = solve(problem, mode="optimal")
    assert {(p.mentee, p.mentor) for p in result.pairs} >= {
        (str(personas.mentee.pk), str(personas.mentor.pk))}


def test_it_sets_a_bit_for_a_shared_language_only(db):
    mentee = _mentee(languages=["pt", "en"])
    mentor = make_mentor(languages=["pt", "de"])
    other = make_mentor(languages=["fr"])
    problem = _problem([mentee], [mentor, other])
    mentees, mentors = problem.features.mentees, problem.features.mentors
    # Only Portuguese is spoken on both sides: one bit, shared by Mia and the first mentor.
    assert int(mentees.languages[0]) & int(mentors.languages[0]) != 0
    assert int(mentees.languages[0]) & int(mentors.languages[1]) == 0
    assert bin(int(mentees.languages[0])).count("1") == 1
    edges = Scorer(problem).candidates()
    language = dict(zip(edges.mentor.tolist(), edges.contributions["language"].tolist(),
                        strict=True))
    assert language == {0: 1.0, 1: 0.0}


def test_it_counts_availability_across_the_end_of_the_week(db):
    # Monday 00:00-03:00 at UTC+2 is Sunday 22:00 to Monday 01:00 UTC: hours 166, 167, 0.
    mentee = make_mentee(timezone="Etc/GMT-2")
    availability_replace(actor=mentee, profile=mentee.profile,
                         windows=[{"weekday": 0, "start": "00:00", "end": "03:00"}])
    mentor = make_mentor(timezone="UTC", windows=[
        {"weekday": 0, "start": "00:00", "end": "01:00"},
        {"weekday": 6, "start": "22:00", "end": "23:00"},
        {"weekday": 3, "start": "10:00", "end": "12:00"}])
    problem = _problem([mentee], [mentor])
    assert _hours(problem.features.mentees.availability[0]) == {166, 167, 0}
    assert _hours(problem.features.mentors.availability[0]) == {0, 166, 3 * 24 + 10,
                                                                3 * 24 + 11}
    contributions = Scorer(problem).contributions(np.array([0]), np.array([0]))
    # Two common hours of the four that earn the full term.
    assert contributions["availability"][0] == pytest.approx(0.5)


def test_it_counts_an_hour_when_half_of_it_is_covered():
    bits = availability_bits([[(0, 30)], [(0, 29)], [(10070, 10110)], [(15, 45), (50, 60)]])
    assert _hours(bits[0]) == {0}
    assert _hours(bits[1]) == set()
    # 10 minutes of Sunday 23:00 and 30 of Monday 00:00 (wrapped).
    assert _hours(bits[2]) == {0}
    # Two windows in one hour add up.
    assert _hours(bits[3]) == {0}


def test_it_never_reads_goals_the_mentee_keeps_to_themselves(db):
    mentee = make_mentee(goals=["Shared ambition"])
    goal_create(actor=mentee, title="Secret plan", why="nobody knows", visibility="private")
    goal_create(actor=mentee, title="Chosen only", why="one mentorship", visibility="chosen")
    done = goal_create(actor=mentee, title="Old achievement", status="achieved")
    problem = _problem([mentee], [make_mentor()])
    text = problem.features.mentees.text[0]
    assert "Shared ambition" in text
    assert "Secret" not in text and "nobody" not in text and "Chosen" not in text
    assert done.title not in text


def test_it_uses_given_capacity_never_negative_and_maps_locked_pairs(personas):
    Profile.objects.filter(user=personas.mentor2).update(places_taken=5, mentor_capacity=2)
    problem = _problem([personas.mentee, personas.mentee2],
                       [personas.mentor, personas.mentor2],
                       capacity={personas.mentor.pk: 7},
                       locked=[(personas.mentee2.pk, personas.mentor2.pk)],
                       forbidden=[(personas.mentee.pk, personas.mentor.pk)])
    assert problem.capacity.tolist() == [7, 0]
    assert problem.locked == [(1, 1)] and problem.forbidden == [(0, 0)]
    with pytest.raises(ProblemError, match="not among the mentors"):
        _problem([personas.mentee], [personas.mentor],
                 locked=[(personas.mentee.pk, personas.outsider.pk)])
    with pytest.raises(ProblemError, match="listed twice"):
        _problem([personas.mentee, personas.mentee], [personas.mentor])


def test_it_maps_industry_and_seniority(db):
    mentee = _mentee(industries=["Fintech", "Health"], experience_years=2)
    mentor = make_mentor(industries=["Fintech"], experience_years=9)
    unknown = make_mentor()
    problem = _problem([mentee], [mentor, unknown])
    fintech = Tag.objects.get(slug="fintech").pk
    assert problem.features.mentees.industry.tolist() == [fintech]
    assert problem.features.mentors.industry.tolist() == [fintech, -1]
    assert problem.features.mentors.seniority.tolist() == [seniority_level(9), -1]
    assert [seniority_level(y) for y in (None, 0, 1, 2, 3, 10, 45)] == [-1, 0, 1, 1, 2, 4, 10]


def test_it_handles_empty_lists_and_people_with_nothing_filled_in(db):
    assert _problem([], []).n_mentees == 0
    bare = User.objects.create_user(email="bare@example.com")  # no profile at all
    problem = _problem([bare], [make_mentor()])
    assert problem.features.mentees.text == [""]
    assert Scorer(problem).candidates().score.size == 1


def _bulk_people(n: int) -> tuple[list[User], list[User]]:
    """n people straight into the tables (the services would take minutes): half mentees,
    half mentors, with skills, languages, windows and goals."""
    rng = np.random.default_rng(1)
    tags = Tag.objects.bulk_create([Tag(slug=f"skill-{i}", name=f"Skill {i}")
                                    for i in range(60)])
    users = User.objects.bulk_create([User(email=f"bulk{i}@example.com") for i in range(n)])
    profiles = Profile.objects.bulk_create([
        Profile(user=u, display_name=f"Bulk {i}", is_mentee=i % 2 == 0, is_mentor=i % 2 == 1,
                headline="Engineer", bio="I help people grow into leaders",
                utc_offset_minutes=int(rng.integers(-8, 9)) * 60, mentor_capacity=2,
                experience_years=int(rng.integers(0, 30)))
        for i, u in enumerate(users)])
    offered, wanted = Profile.skills_offered.through, Profile.skills_wanted.through
    offered.objects.bulk_create([offered(profile=p, tag=tags[int(t)]) for p in profiles[1::2]
                                 for t in rng.choice(60, 4, replace=False)])
    wanted.objects.bulk_create([wanted(profile=p, tag=tags[int(t)]) for p in profiles[::2]
                                for t in rng.choice(60, 2, replace=False)])
    ProfileLanguage.objects.bulk_create([ProfileLanguage(profile=p, code=["en", "pt", "es"][
        i % 3]) for i, p in enumerate(profiles)])
    AvailabilityWindow.objects.bulk_create([
        AvailabilityWindow(profile=p, weekday=1, start_minute=1080, end_minute=1200,
                           utc_start=int(s), utc_end=int(s) + 120)
        for p, s in zip(profiles, rng.integers(0, 10080, n), strict=True)])
    from tandem.accounts.models import CareerGoal

    CareerGoal.objects.bulk_create([
        CareerGoal(user=u, title=f"Goal {i}", title_key=f"goal {i}", why="lead a team")
        for i, u in enumerate(users[::2])])
    return users[::2], users[1::2]


def test_it_builds_two_thousand_people_quickly_in_few_queries(
        db, django_assert_max_num_queries):
    mentees, mentors = _bulk_people(2000)
    started = time.perf_counter()
    with django_assert_max_num_queries(16):
        problem = _problem(mentees, mentors)
    elapsed = time.perf_counter() - started
    assert problem.n_mentees == 1000 and problem.n_mentors == 1000
    assert problem.features.mentees.skills.nnz == 2000
    assert problem.features.mentors.skills.nnz == 4000
    assert all(problem.features.mentees.text)
    assert elapsed < 2.0
    edges = Scorer(problem).candidates()
    assert edges.score.size == 1000 * 50
