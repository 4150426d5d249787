"""The audit log: staff search it (page and API); to everyone else it does not exist.
Also the single sign-on routes of allauth's socialaccount (tandem/settings.py), which
exist even when no OpenID Connect server is configured (the matrix runs without one)."""

from __future__ import annotations

from tests.authz import api_only, everyone, only, signed_in

ARGS = {"provider_id": lambda o: "sso"}

MATRIX = {
    "core:audit": {"GET": only(200, ["staff"])},
    "GET /api/audit": {"GET": api_only(200, ["staff"])},
    "socialaccount_login_cancelled": {"GET": everyone(200)},
    "socialaccount_login_error": {"GET": everyone(401)},
    "socialaccount_signup": {"GET": everyone(302)},  # no sign-on in progress
    "socialaccount_connections": {"GET": signed_in(200)},
    # No server configured: the provider "sso" does not exist.
    "openid_connect_login": {"GET": everyone(404), "POST": everyone(404)},
    "openid_connect_callback": {"GET": everyone(404)},
}
