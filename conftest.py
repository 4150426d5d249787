"""Shared test harness: named personas, an API client, and the query-budget helper.

Personas (made through the real services):
  mentee       Mia, looking for a mentor, has two career goals
  mentee2      Noah, a second mentee
  mentor       Marta, a mentor with free places
  mentor2      Omar, a second mentor
  outsider     Oscar, signed in but part of nothing
  coordinator  Cora, runs programs
  staff        Stan, Django admin access
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (directory facets, allauth rate limits)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@dataclass
class Personas:
    mentee: object
    mentee2: object
    mentor: object
    mentor2: object
    outsider: object
    coordinator: object
    staff: object

    def get(self, name):
        return None if name == "anonymous" else getattr(self, name)


PERSONA_NAMES = ["anonymous", "mentee", "mentee2", "mentor", "mentor2", "outsider",
                 "coordinator", "staff"]


# The authenticator-app secret of every test person given one with ``enable_totp``: a
# browser journey computes its current code with allauth's ``hotp_value``.
PERSONA_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def enable_totp(user):
    """Turns on two-factor authentication (an authenticator app) for ``user``, as
    coordinators and staff must have before they can use Tandem."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, PERSONA_TOTP_SECRET)
    return user


@pytest.fixture
def personas(db) -> Personas:
    return make_personas()


def make_personas() -> Personas:
    """The personas, written to the database (inside whatever transaction is open)."""
    from tandem.accounts.tests.factories import make_mentee, make_mentor, make_user

    mentee = make_mentee(email="mia@example.com", name="Mia Mentee",
                         goals=["Lead a team", "Speak at a conference"])
    mentee2 = make_mentee(email="noah@example.com", name="Noah Second", goals=["Learn Rust"])
    mentor = make_mentor(email="marta@example.com", name="Marta Mentor",
                         skills=["Python", "Leadership"])
    mentor2 = make_mentor(email="omar@example.com", name="Omar Second", skills=["Design"])
    outsider = make_user(email="oscar@example.com", name="Oscar Outsider")
    coordinator = make_user(email="cora@example.com", name="Cora Coordinator")
    coordinator.is_coordinator = True
    coordinator.save(update_fields=["is_coordinator"])
    staff = make_user(email="stan@example.com", name="Stan Staff")
    staff.is_staff = True
    staff.is_superuser = True
    staff.save(update_fields=["is_staff", "is_superuser"])
    # Coordinators and staff must use two-factor authentication (TANDEM_REQUIRE_2FA_FOR_STAFF).
    enable_totp(coordinator)
    enable_totp(staff)
    return Personas(mentee, mentee2, mentor, mentor2, outsider, coordinator, staff)


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client signed in as ``user`` (None: anonymous)."""
    from django.test import Client

    def make(user):
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make


@pytest.fixture
def api_client(client_for):
    """A JSON API client: ``api_client(user).get("/api/me")``; bodies are sent as JSON."""
    import json

    class ApiClient:
        def __init__(self, user):
            self.c = client_for(user)

        def _send(self, method, path, data=None, **extra):
            kwargs = {}
            if data is not None:
                kwargs = {"data": json.dumps(data), "content_type": "application/json"}
            return getattr(self.c, method)(path, **kwargs, **extra)

        def get(self, path, data=None, **extra):
            return self.c.get(path, data=data, **extra)

        def post(self, path, data=None, **extra):
            return self._send("post", path, data, **extra)

        def patch(self, path, data=None, **extra):
            return self._send("patch", path, data, **extra)

        def put(self, path, data=None, **extra):
            return self._send("put", path, data, **extra)

        def delete(self, path, **extra):
            return self.c.delete(path, **extra)

    return ApiClient


@pytest.fixture
def query_budget(django_assert_max_num_queries):
    """Assert that ``fn()`` costs the same number of queries with few and many objects.

    ``query_budget(make=lambda n: ..., call=lambda: ..., small=5, large=50)`` makes
    ``small`` objects, counts the queries of ``call()``, adds up to ``large`` and counts
    again. Returns (queries_small, queries_large)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def check(*, make, call, small=5, large=50):
        make(small)
        call()  # warm caches, so both counts measure the same steady state
        with CaptureQueriesContext(connection) as few:
            call()
        make(large - small)
        call()
        with CaptureQueriesContext(connection) as many:
            call()
        assert len(many) == len(few), (
            f"query count grew with the data: {len(few)} queries for {small} objects, "
            f"{len(many)} for {large}:\n" + "\n".join(q["sql"][:200] for q in many.captured_queries)
        )
        return len(few), len(many)

    return check
