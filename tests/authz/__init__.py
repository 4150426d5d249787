"""Shared pieces of the authorization matrix (tests/test_authorization_matrix.py).

Each feature that adds routes lists them in its own module here, named in FEATURES, with:
``MATRIX`` (route -> method -> persona -> status), optionally ``ARGS`` (URL argument ->
function(objects) -> value), ``JSON_BODIES``, ``PRIVATE_OBJECT_CASES``, and
``objects(personas, base) -> dict``, which makes the feature's objects; ``base`` holds
the shared ones (see the ``objects`` fixture): ``relationship`` is Noah (mentee2) with
Marta (mentor), active; ``request`` is Mia's (mentee) pending request to Marta; ``goal``
is Mia's first goal; ``meeting`` is in Noah and Marta's relationship.
"""

from __future__ import annotations

from conftest import PERSONA_NAMES

FEATURES = ["growth", "plans", "feedback", "journal", "advocacy", "record", "notifications",
            "safety", "programs", "health", "directory_suggestions", "conversations",
            "circles", "privacy", "audit", "installable", "mentorships"]

ANON = "anonymous"
SIGNED_IN = [p for p in PERSONA_NAMES if p != ANON]


def everyone(status):
    return {p: status for p in PERSONA_NAMES}


def signed_in(status, *, anon=302):
    """Pages behind login: anonymous people are sent to the sign-in page (302)."""
    return {ANON: anon, **{p: status for p in SIGNED_IN}}


def api_signed_in(status):
    return signed_in(status, anon=401)


def only(owner_status, owners, *, others=404, anon=302):
    return {ANON: anon, **{p: owner_status if p in owners else others for p in SIGNED_IN}}


def api_only(owner_status, owners):
    return only(owner_status, owners, anon=401)


def signed_out_only(status, *, signed=302):
    return {ANON: status, **{p: signed for p in SIGNED_IN}}


