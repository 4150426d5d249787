"""Signing up in the browser, as a new person does: the form, then the link in the email."""

from __future__ import annotations

import re

from playwright.sync_api import expect

PASSWORD = "a-long-and-unusual-passphrase-42"


def sign_up(page, email: str, mailoutbox, live_server) -> None:
    """Sign up and confirm the email; ends signed in (on the first-run set-up)."""
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    body = next(m.body for m in mailoutbox if m.to == [email])
    link = re.search(rf"{re.escape(live_server.url)}/accounts/confirm-email/\S+/", body)
    page.goto(link[0])
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("banner").get_by_role("button", name="Sign out", include_hidden=True)).to_have_count(1)
