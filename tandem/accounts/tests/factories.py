"""Factories for accounts. Plain rows come from factory_boy; people with profiles are made
through the real services (``make_*``) so tests see what a user would have made."""

from __future__ import annotations

import factory

from tandem.accounts.models import CareerGoal, Tag, User
from tandem.accounts.services import availability_replace, profile_update, user_create
from tandem.growth.services import goal_create

PASSWORD = "correct-horse-battery-staple"


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Skill {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)


class CareerGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareerGoal

    user = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Goal number {n}")
    title_key = factory.LazyAttribute(lambda o: o.title.casefold())
    why = "Because it matters to me."


_counter = iter(range(1, 10**9))


def make_user(*, email: str | None = None, name: str = "", **profile) -> User:
    n = next(_counter)
    user = user_create(email=email or f"user{n}@example.com", password=PASSWORD,
                       display_name=name or f"Person {n}", verified=True)
    if profile:
        profile_update(actor=user, profile=user.profile, changes=profile)
    return user


def make_mentor(*, email=None, name="", skills=("Python",), capacity=2, timezone="Europe/Berlin",
                languages=("en",), windows=None, **profile) -> User:
    user = make_user(email=email, name=name, is_mentor=True, skills_offered=list(skills),
                     mentor_capacity=capacity, open_to_requests=True, timezone=timezone,
                     languages=list(languages), headline="Experienced mentor", **profile)
    availability_replace(actor=user, profile=user.profile, windows=windows if windows is not None
                         else [{"weekday": 1, "start": "18:00", "end": "20:00"}])
    return user


def make_mentee(*, email=None, name="", goals=("Grow as an engineer",), timezone="Europe/Lisbon",
                **profile) -> User:
    user = make_user(email=email, name=name, is_mentee=True, timezone=timezone,
                     skills_wanted=["Python"], languages=["en"], **profile)
    for title in goals:
        goal_create(actor=user, title=title, why="It matters.")
    return user
