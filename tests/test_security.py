"""Security hardening (issue 8): headers, private caching, sessions, throttling, two-factor
for coordinators and staff, single sign-on settings, no secrets in URLs, and the
production checks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import Client, override_settings

from tandem.accounts.tests.factories import PASSWORD, make_user
from tandem.core.middleware import LOGIN_AT, SEEN_AT
from tandem.core.models import AuditEntry

ROOT = Path(__file__).resolve().parent.parent


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post("/accounts/login/", {"login": email, "password": password}, **extra)


# --- Headers ---------------------------------------------------------------------------

def test_every_page_sends_the_security_headers(personas, client_for):
    for client in (Client(), client_for(personas.mentee)):
        response = client.get("/")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_pages_have_no_inline_scripts_and_htmx_matches_the_policy(personas, client_for):
    html = client_for(personas.mentee).get("/goals/").content.decode()
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None, "an inline script"
    assert re.search(r"\son[a-z]+=\"", html) is None, "an inline event handler"
    assert "style=\"" not in html
    config = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'', html).group(1)
    assert '"includeIndicatorStyles": false' in config and '"allowEval": false' in config


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_it_sends_hsts_over_https(client, db):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_private_pages_and_the_api_are_never_cached(personas, client_for, api_client):
    page = client_for(personas.mentee).get("/goals/")
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    api = api_client(personas.mentee).get("/api/me/goals")
    assert "no-store" in api["Cache-Control"]
    assert "no-store" in Client().get("/api/me").get("Cache-Control", "")
    # The public home page of an anonymous visitor may be cached.
    assert "no-store" not in Client().get("/").get("Cache-Control", "")


# --- Sessions --------------------------------------------------------------------------

def test_signing_in_gives_a_new_session_key(personas):
    client = Client()
    client.get("/accounts/login/")
    session = client.session
    session["before"] = True
    session.save()
    before = session.session_key
    assert sign_in(client, "mia@example.com").status_code == 302
    assert client.session.session_key != before
    assert client.get("/goals/").status_code == 200


def test_signing_out_ends_the_session_on_the_server(personas):
    client = Client()
    sign_in(client, "mia@example.com")
    old_cookie = client.cookies["sessionid"].value
    client.post("/accounts/logout/")
    replay = Client()
    replay.cookies["sessionid"] = old_cookie
    response = replay.get("/goals/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert AuditEntry.objects.filter(action="accounts.logout", actor=personas.mentee).exists()


def _age_session(client, **ages):
    session = client.session
    for key, seconds in ages.items():
        session[key] = int(time.time()) - seconds
    session.save()


@override_settings(TANDEM_SESSION_IDLE_MINUTES=30)
def test_a_session_ends_after_the_idle_timeout(personas, client_for):
    client = client_for(personas.mentee)
    assert client.get("/goals/").status_code == 200
    _age_session(client, **{SEEN_AT: 29 * 60})
    assert client.get("/goals/").status_code == 200  # still within the limit; now fresh
    _age_session(client, **{SEEN_AT: 31 * 60})
    response = client.get("/goals/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    entry = AuditEntry.objects.get(action="accounts.session.expired")
    assert entry.actor == personas.mentee and entry.data == {"reason": "idle"}


@override_settings(TANDEM_SESSION_MAX_HOURS=12)
def test_a_session_ends_at_the_absolute_timeout_however_active(personas, client_for):
    client = client_for(personas.mentee)
    client.get("/goals/")
    _age_session(client, **{LOGIN_AT: 12 * 3600 + 5, SEEN_AT: 10})
    response = client.get("/goals/")
    assert response.status_code == 302
    assert AuditEntry.objects.get(action="accounts.session.expired").data == {
        "reason": "max_age"}


def test_a_personal_access_token_is_not_subject_to_session_timeouts(personas):
    from tandem.accounts.services import token_create

    _, secret = token_create(actor=personas.mentee, name="script")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/me").status_code == 200


def test_changing_the_email_address_asks_for_the_password_again(personas):
    client = Client()
    sign_in(client, "mia@example.com")
    session = client.session
    # As if the sign-in was an hour ago: allauth keeps when the person last authenticated.
    for record in session.get("account_authentication_methods", []):
        record["at"] -= 3600
    session.save()
    response = client.post("/accounts/email/", {"action_add": "", "email": "new@example.com"})
    assert response.status_code == 302 and "/reauthenticate/" in response["Location"]
    assert not personas.mentee.emailaddress_set.filter(email="new@example.com").exists()
    # The password change form always asks for the current password.
    response = client.post("/accounts/password/change/", {
        "oldpassword": "wrong-password-1", "password1": "a-new-long-password-9",
        "password2": "a-new-long-password-9"})
    personas.mentee.refresh_from_db()
    assert personas.mentee.check_password(PASSWORD)


# --- Brute force -----------------------------------------------------------------------

def test_failed_sign_ins_are_throttled_per_account_and_address(personas):
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(5):
        assert sign_in(attacker, "mia@example.com", "not-her-password").status_code == 200
    refused = sign_in(attacker, "mia@example.com")  # even the right password, from there
    assert refused.status_code == 200 and b"Too many failed login attempts" in refused.content
    # Mia herself, from her own address, is not locked out.
    assert sign_in(Client(REMOTE_ADDR="203.0.113.20"), "mia@example.com").status_code == 302
    failed = AuditEntry.objects.filter(action="accounts.login.failed")
    assert failed.count() >= 5
    assert {e.ip_address for e in failed} == {"198.51.100.7"}
    assert failed.first().data == {"login": "mia@example.com"}
    assert AuditEntry.objects.filter(action="accounts.login.succeeded",
                                     ip_address="203.0.113.20").exists()


def test_one_address_cannot_try_many_accounts(personas):
    attacker = Client(REMOTE_ADDR="198.51.100.8")
    people = [make_user(email=f"target{i}@example.com") for i in range(11)]
    for person in people[:10]:
        sign_in(attacker, person.email, "guess-password-1")
    refused = sign_in(attacker, people[10].email)
    assert refused.status_code in (200, 429) and refused.status_code != 302
    assert sign_in(Client(REMOTE_ADDR="203.0.113.21"), people[10].email).status_code == 302


def test_the_throttle_wears_off_after_its_window(personas):
    from django.core.cache import cache

    attacker = Client(REMOTE_ADDR="198.51.100.9")
    for _ in range(6):
        sign_in(attacker, "mia@example.com", "not-her-password")
    assert sign_in(attacker, "mia@example.com").status_code == 200
    cache.clear()  # what the window's end does to allauth's counters
    assert sign_in(attacker, "mia@example.com").status_code == 302


# --- Two-factor for coordinators and staff ----------------------------------------------

def test_a_coordinator_without_two_factor_must_set_it_up_first(personas):
    from tandem.accounts.services import token_create

    carl = make_user(email="carl@example.com", name="Carl Coordinator")
    carl.is_coordinator = True
    carl.save(update_fields=["is_coordinator"])
    client = Client()
    client.force_login(carl)
    for path in ("/", "/goals/", "/programs/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/2fa/totp/activate"), path
    assert client.get("/accounts/2fa/").status_code == 200
    assert client.get("/accounts/2fa/totp/activate/").status_code in (200, 302)
    assert client.get("/api/me").status_code == 403
    assert client.post("/accounts/logout/").status_code == 302
    _, secret = token_create(actor=carl, name="script")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/me").status_code == 200


def test_with_an_authenticator_they_go_anywhere(personas, client_for):
    assert client_for(personas.coordinator).get("/programs/").status_code == 200
    assert client_for(personas.staff).get("/admin/").status_code == 200
    assert client_for(personas.mentee).get("/goals/").status_code == 200  # not required


@override_settings(TANDEM_REQUIRE_2FA_FOR_STAFF=False)
def test_the_requirement_can_be_turned_off(personas):
    stan = make_user(email="sam@example.com")
    stan.is_staff = True
    stan.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(stan)
    assert client.get("/goals/").status_code == 200


def test_signing_in_with_an_authenticator_asks_for_its_code(personas):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from conftest import PERSONA_TOTP_SECRET

    client = Client()
    response = sign_in(client, "cora@example.com")
    assert response.status_code == 302 and "/2fa/authenticate" in response["Location"]
    assert client.get("/programs/").status_code == 302  # not signed in yet
    code = format_hotp_value(hotp_value(PERSONA_TOTP_SECRET, int(time.time()) // 30))
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/programs/").status_code == 200


# --- Single sign-on --------------------------------------------------------------------

OIDC_ENV = {"TANDEM_OIDC_SERVER_URL": "https://id.example.org/realms/staff/",
            "TANDEM_OIDC_CLIENT_ID": "tandem", "TANDEM_OIDC_CLIENT_SECRET": "s3cret",
            "TANDEM_OIDC_NAME": "Example ID"}


def test_single_sign_on_is_off_unless_configured(client, db):
    from tandem.env import oidc_providers

    assert oidc_providers(environ={}) == {}
    assert b"Example ID" not in client.get("/accounts/login/").content


def test_the_settings_make_one_openid_connect_provider():
    from django.core.exceptions import ImproperlyConfigured

    from tandem.env import oidc_providers

    providers = oidc_providers(environ=OIDC_ENV)
    app = providers["openid_connect"]["APPS"][0]
    assert app == {"provider_id": "sso", "name": "Example ID", "client_id": "tandem",
                   "secret": "s3cret",
                   "settings": {"server_url": "https://id.example.org/realms/staff"}}
    assert providers["openid_connect"]["OAUTH_PKCE_ENABLED"] is True
    with pytest.raises(ImproperlyConfigured, match="TANDEM_OIDC_CLIENT_SECRET"):
        oidc_providers(environ={**OIDC_ENV, "TANDEM_OIDC_CLIENT_SECRET": ""})
    with pytest.raises(ImproperlyConfigured, match="https"):
        oidc_providers(environ={**OIDC_ENV, "TANDEM_OIDC_SERVER_URL": "http://id.example"})


def test_the_login_page_offers_the_single_sign_on_button(client, db):
    from tandem.env import oidc_providers

    with override_settings(SOCIALACCOUNT_PROVIDERS=oidc_providers(environ=OIDC_ENV)):
        page = client.get("/accounts/login/").content.decode()
    assert "Example ID" in page
    assert "/accounts/oidc/sso/login/" in page


# --- No secrets in URLs ----------------------------------------------------------------

SECRET_WORDS = re.compile(r"token|secret|password|passwd|api[_-]?key|session", re.I)


def test_no_api_operation_takes_a_secret_in_its_query_string():
    from tandem.api import api

    schema = api.get_openapi_schema()
    offending = [f"{method.upper()} {path} ?{param['name']}"
                 for path, item in schema["paths"].items() for method, op in item.items()
                 for param in op.get("parameters", [])
                 if param["in"] == "query" and SECRET_WORDS.search(param["name"])]
    assert not offending


def test_no_page_or_link_puts_a_secret_in_a_query_string():
    pattern = re.compile(r"[?&](token|secret|password|api_key|key|session)=", re.I)
    found = []
    for path in list(ROOT.glob("tandem/**/*.html")) + list(ROOT.glob("tandem/**/*.py")):
        if "tests" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


# --- Production settings ---------------------------------------------------------------

def test_the_deploy_checks_pass_with_production_settings(tmp_path):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TANDEM_ENV": "production",
           "TANDEM_TESTING": "false", "TANDEM_DATA_DIR": str(tmp_path),
           "SECRET_KEY": "k" * 20 + "-production-secret-key-for-the-deploy-check-0123456789",
           "ALLOWED_HOSTS": "tandem.example.org", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING",
         "--settings", "tandem.settings"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
