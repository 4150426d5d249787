"""A message that arrives while the conversation is open (htmx polling) takes the place of
"No messages yet. Say hello below.": the empty state does not stay above it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tandem.accounts.tests.factories import PASSWORD, make_mentee, make_mentor
from tandem.conversations.services import message_post
from tandem.health.tests.conftest import confirmed_mentorship

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_removes_the_empty_state_when_the_first_message_arrives(new_page, sign_in,
                                                                   console_log):
    mia = make_mentee(email="mia@example.com", name="Mia Mentee", goals=["Lead a team"])
    marta = make_mentor(email="marta@example.com", name="Marta Mentor")
    rel = confirmed_mentorship(mia, marta)

    page = new_page()
    page.context.set_default_timeout(30_000)
    sign_in(page, mia.email, PASSWORD)
    page.goto(reverse("conversations:thread", args=[rel.pk]))
    empty = page.get_by_text("No messages yet.")
    expect(empty).to_be_visible()

    message_post(actor=marta, relationship=rel, body="Welcome! Shall we meet on Tuesday?")
    expect(page.get_by_test_id("message")).to_have_count(1, timeout=20_000)
    expect(empty).to_have_count(0)
    # The next one arrives quietly: nothing left to remove, no error in the console.
    message_post(actor=marta, relationship=rel, body="Or Wednesday, if that suits you.")
    expect(page.get_by_test_id("message")).to_have_count(2, timeout=20_000)
    console_log.assert_clean()
