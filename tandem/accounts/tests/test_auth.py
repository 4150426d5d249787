"""Sign-up, verification, sign-in limits, password reset and two-factor sign-in: the
allauth flows as Tandem configures them."""

import re

from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from tandem.accounts.models import Profile, User
from tandem.accounts.tests.factories import PASSWORD
from tandem.core.models import AuditEntry

NEW_PASSWORD = "plenty-of-entropy-42"


def test_it_signs_up_verifies_the_email_and_gives_a_profile(client, db, mailoutbox):
    response = client.post("/accounts/signup/", {
        "email": "New.Person@Example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email__iexact="new.person@example.com")
    assert Profile.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(action="accounts.user.signed_up", actor=user).exists()

    # Not verified yet: signing in sends people back to the "check your email" page.
    client.logout()
    response = client.post("/accounts/login/", {"login": "new.person@example.com",
                                                "password": NEW_PASSWORD})
    assert response["Location"] == "/accounts/confirm-email/"

    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mailoutbox[-1].body)[1]
    assert client.get(link).status_code == 200  # a confirm button, not a GET side effect
    response = client.post(link)
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified


def test_it_refuses_a_weak_or_mismatched_password_with_a_message(client, db):
    response = client.post("/accounts/signup/", {
        "email": "weak@example.com", "password1": "password", "password2": "password"})
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    response = client.post("/accounts/signup/", {
        "email": "weak@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert "You must type the same password each time." in response.content.decode()
    assert not User.objects.filter(email="weak@example.com").exists()


def test_it_locks_out_password_guessing_on_an_account(client, personas):
    for _ in range(5):
        client.post("/accounts/login/", {"login": "mia@example.com", "password": "wrong-guess"})
    response = client.post("/accounts/login/", {"login": "mia@example.com", "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    # Someone else's account is not affected by the attack on Mia's.
    response = client.post("/accounts/login/", {"login": "noah@example.com", "password": PASSWORD})
    assert response.status_code == 302


def test_it_resets_a_forgotten_password_by_email(client, personas, mailoutbox):
    client.post("/accounts/password/reset/", {"email": "mia@example.com"})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mailoutbox[-1].body)[1]
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    personas.mentee.refresh_from_db()
    assert personas.mentee.check_password(NEW_PASSWORD)


def test_it_asks_for_the_authenticator_code_after_the_password(client, personas):
    secret = generate_totp_secret()
    TOTP.activate(personas.mentor, secret)
    response = client.post("/accounts/login/", {"login": "marta@example.com", "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session  # not signed in with the password alone

    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert "Incorrect code" in response.content.decode()
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(personas.mentor.pk)
