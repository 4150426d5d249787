"""Messages between the pair: the mentor writes, the mentee sees the unread count on the
mentorship's page and in her inbox, opens the thread and replies, and the mentor's open
thread shows the reply without a reload (htmx polling)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tandem.accounts.tests.factories import PASSWORD, make_mentee, make_mentor
from tandem.conversations.models import Message
from tandem.health.tests.conftest import confirmed_mentorship
from tests.browser import axe

new_page, screenshot, sign_in = axe.new_page, axe.screenshot, axe.sign_in
pytestmark = pytest.mark.django_db(transaction=True)


def test_the_pair_exchange_messages(new_page, sign_in, screenshot, console_log):
    mia = make_mentee(email="mia@example.com", name="Mia Mentee", goals=["Lead a team"])
    marta = make_mentor(email="marta@example.com", name="Marta Mentor")
    rel = confirmed_mentorship(mia, marta)
    thread = reverse("conversations:thread", args=[rel.pk])

    # Step 1: Marta opens the conversation and writes, pointing at Mia's goal.
    mentor_page = new_page()
    sign_in(mentor_page, "marta@example.com", PASSWORD)
    mentor_page.goto(reverse("mentorships:detail", args=[rel.pk]))
    axe.check_new_page(mentor_page)
    mentor_page.get_by_test_id("messages-section").get_by_role(
        "link", name="Write to Mia Mentee").click()
    expect(mentor_page.get_by_role("heading", level=1)).to_have_text("Messages with Mia Mentee")
    mentor_page.get_by_label("Message", exact=True).fill("How did the **team lead** interview go?")
    mentor_page.get_by_label("Refer to (optional)").select_option(label="Lead a team")
    mentor_page.get_by_role("button", name="Send").click()
    sent = mentor_page.get_by_test_id("message").last
    expect(sent.get_by_test_id("message-body")).to_contain_text("How did the team lead")
    expect(sent.get_by_test_id("message-reference")).to_have_text("Goal: Lead a team")
    screenshot(mentor_page, "mentor wrote")

    # Step 2: Mia sees one unread message on the mentorship's page and in her inbox.
    mentee_page = new_page()
    sign_in(mentee_page, "mia@example.com", PASSWORD)
    mentee_page.goto(reverse("mentorships:detail", args=[rel.pk]))
    expect(mentee_page.get_by_test_id("relationship-unread")).to_have_text("1 unread")
    screenshot(mentee_page, "unread on the mentorship")
    mentee_page.goto(reverse("conversations:inbox"))
    conversation = mentee_page.get_by_test_id("conversation")
    expect(conversation.get_by_test_id("conversation-unread")).to_have_text("1 unread")
    expect(conversation).to_contain_text("How did the team lead interview go?")
    screenshot(mentee_page, "inbox")

    # Step 3: she opens the thread (now read) and replies.
    conversation.get_by_role("link", name="Marta Mentor").click()
    expect(mentee_page.get_by_test_id("message-body")).to_contain_text("team lead")
    mentee_page.get_by_label("Message", exact=True).fill("It went well: they asked about delegation!")
    mentee_page.get_by_role("button", name="Send").click()
    expect(mentee_page.get_by_test_id("message")).to_have_count(2)
    screenshot(mentee_page, "mentee replied")
    mentee_page.goto(reverse("conversations:inbox"))
    expect(mentee_page.get_by_test_id("conversation-unread")).to_have_count(0)

    # Step 4: Marta's open thread shows the reply without reloading.
    assert mentor_page.url.split("#")[0].endswith(thread)
    reply = mentor_page.get_by_test_id("message").filter(has_text="asked about delegation")
    expect(reply).to_be_visible(timeout=15_000)
    expect(mentor_page.get_by_test_id("message")).to_have_count(2)
    screenshot(mentor_page, "reply appeared")
    assert Message.objects.count() == 2
    console_log.assert_clean()
