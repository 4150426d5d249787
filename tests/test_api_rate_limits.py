"""The API's rate limits (issue 16, item 32): per personal access token and per address,
answered 429 with Retry-After and the API's JSON error shape. The limits are settings
(TANDEM_API_RATE_PER_TOKEN, TANDEM_API_RATE_PER_ADDRESS); under test they are high, so
the suite and the fuzzing are never throttled, and these tests lower them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings

from tandem.accounts.services import token_create


def _token_client(user, **extra):
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_create(actor=user, name='script')[1]}",
                  **extra)


def _assert_throttled(response, window):
    assert response.status_code == 429, response.content
    assert response.json() == {"detail": response.json()["detail"], "errors": []}
    assert "Too many requests" in response.json()["detail"]
    assert 1 <= int(response["Retry-After"]) <= window


@override_settings(TANDEM_API_RATE_PER_TOKEN="3/m")
def test_it_throttles_each_token_on_its_own(personas):
    first, second = _token_client(personas.mentee), _token_client(personas.mentee)
    for _ in range(3):
        assert first.get("/api/me").status_code == 200
    _assert_throttled(first.get("/api/me"), 60)
    _assert_throttled(first.post("/api/me/goals", data="{}", content_type="application/json"),
                      60)
    # Another token (of the same person, or of someone else) has its own allowance.
    assert second.get("/api/me").status_code == 200
    assert _token_client(personas.mentor).get("/api/me").status_code == 200


@override_settings(TANDEM_API_RATE_PER_ADDRESS="3/h")
def test_it_throttles_each_address_whatever_the_credential(personas):
    here = {"REMOTE_ADDR": "198.51.100.7"}
    anonymous = Client(**here)
    assert anonymous.get("/api/me").status_code == 401
    assert anonymous.get("/api/me", HTTP_AUTHORIZATION="Bearer tdm_guess").status_code == 401
    assert _token_client(personas.mentee, **here).get("/api/me").status_code == 200
    # Guessing tokens from one place is throttled too, and a made-up X-Forwarded-For
    # (no trusted proxy is configured) does not make it another address.
    _assert_throttled(anonymous.get("/api/me", HTTP_X_FORWARDED_FOR="203.0.113.9"), 3600)
    _assert_throttled(_token_client(personas.mentor, **here).get("/api/me"), 3600)
    assert Client(REMOTE_ADDR="198.51.100.8").get("/api/me").status_code == 401


def test_the_limits_under_test_are_high_enough_for_the_suite():
    from django.conf import settings

    from tandem.env import parse_rate

    for name in ("TANDEM_API_RATE_PER_TOKEN", "TANDEM_API_RATE_PER_ADDRESS"):
        count, seconds = parse_rate(getattr(settings, name), name=name)
        assert count / seconds >= 1000, name


@pytest.mark.parametrize(("value", "expected"), [("600/m", (600, 60)), ("10/s", (10, 1)),
                                                 ("5000/h", (5000, 3600)),
                                                 ("20000/d", (20000, 86400)),
                                                 ("100/5m", (100, 300))])
def test_it_reads_a_rate(value, expected):
    from tandem.env import env_rate

    assert env_rate("RATE", "1/s", environ={"RATE": value}) == value
    from tandem.env import parse_rate

    assert parse_rate(value, name="RATE") == expected


@pytest.mark.parametrize("value", ["600", "600/minute", "0/m", "-1/m", "ten/m", "10/0m"])
def test_it_refuses_a_rate_it_cannot_read(value):
    from tandem.env import env_rate

    with pytest.raises(ImproperlyConfigured, match="RATE"):
        env_rate("RATE", "1/s", environ={"RATE": value})


def test_every_operation_documents_429(personas):
    from tandem.api import api

    spec = api.get_openapi_schema()
    for item in spec["paths"].values():
        for op in item.values():
            assert 429 in op["responses"] or "429" in op["responses"]
