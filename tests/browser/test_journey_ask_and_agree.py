"""From a request to an amended agreement, end to end with two people in two browsers: the
mentee asks, the mentor asks for more information, the mentee replies, the mentor accepts,
both confirm the agreement, the mentor proposes an amendment, the mentee confirms it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tandem.accounts.models import CareerGoal
from tandem.accounts.tests.factories import PASSWORD, make_mentee, make_mentor
from tests.browser import axe

# Every kind of page a journey visits is checked with axe-core (tests/browser/axe.py).
new_page, screenshot, sign_in = axe.new_page, axe.screenshot, axe.sign_in
pytestmark = pytest.mark.django_db(transaction=True)

MENTOR = "Beatriz Costa"
MENTEE = "Ana Ferreira"
GOALS = ("Move into a backend role", "Give a talk at PyCon Portugal")
MESSAGE = ("I am a data engineer who wants to move into backend work. You made the same "
           "move, and I would love to learn how you went about it.")
QUESTION = "How many hours a month can you give this, and what have you built so far?"
ANSWER = "About four hours a month. So far: two internal APIs in Django, both in production."
MEETING_LINK = "https://meet.example.com/beatriz-ana"


def test_mentee_asks_mentor_accepts_and_both_agree_then_amend(
    new_page, sign_in, screenshot, console_log
):
    # Step 1: a mentor with two places and a mentee with two career goals.
    mentor = make_mentor(email="beatriz@example.com", name=MENTOR, capacity=2)
    mentee = make_mentee(email="ana@example.com", name=MENTEE, goals=GOALS)

    ana = new_page()
    sign_in(ana, mentee.email, PASSWORD)
    beatriz = new_page()
    sign_in(beatriz, mentor.email, PASSWORD)
    ana_status = ana.get_by_role("status")
    beatriz_status = beatriz.get_by_role("status")
    state = ana.get_by_test_id("request-state")

    # Step 2: Ana asks from Beatriz's page: one goal, monthly video calls.
    ana.goto(f"/people/{mentor.profile.pk}/")
    expect(ana.get_by_role("heading", level=1)).to_have_text(MENTOR)
    axe.check_new_page(ana)
    ana.get_by_role("link", name="Ask for mentorship").click()
    expect(ana.get_by_role("heading", level=1)).to_have_text(
        f"Ask {MENTOR} to be your mentor")
    ana.get_by_label("Message").fill(MESSAGE)
    goals = ana.get_by_role("group", name="Which of your career goals do you want help with?")
    # Goals shared with mentors come pre-ticked; Ana keeps only the first.
    goals.get_by_label(GOALS[0]).check()
    goals.get_by_label(GOALS[1]).uncheck()
    ana.get_by_label("How often would you like to meet?").select_option(label="Every month")
    ana.get_by_label("How would you like to meet?").select_option(label="Video call")
    screenshot(ana, "mentee-writes-request")
    ana.get_by_role("button", name="Send request").click()
    expect(ana_status).to_have_text(f"Your request is on its way to {MENTOR}.")
    expect(ana.get_by_role("heading", level=1)).to_have_text(f"Your request to {MENTOR}")
    expect(state).to_have_text("Waiting for the mentor")
    message = ana.get_by_role("region", name="Message")
    expect(message).to_contain_text(MESSAGE)
    expect(message.get_by_role("listitem")).to_have_text([re.compile(rf"^{GOALS[0]}\b")])
    expect(message).to_contain_text("Proposed: every month, by video call.")
    request_url = ana.url
    screenshot(ana, "mentee-request-sent")

    # Step 3: Beatriz sees one unread notification, follows it and asks a question.
    beatriz.reload()
    header = beatriz.get_by_role("banner")
    expect(header.get_by_test_id("unread-count")).to_have_text("1 unread")
    header.get_by_role("link", name="Notifications").click()
    expect(beatriz.get_by_role("heading", name="Notifications", exact=True)).to_be_visible()
    screenshot(beatriz, "mentor-notifications")
    notification = beatriz.get_by_role("link", name=f"{MENTEE} asked you to be their mentor")
    # The link opens with a 1x1 visually-hidden "Unread: " span; Playwright aims a click at
    # the centre of the first box, which falls just above the link text, so use the keyboard.
    notification.focus()
    notification.press("Enter")
    expect(beatriz).to_have_url(request_url)
    expect(beatriz.get_by_role("heading", level=1)).to_have_text(
        f"{MENTEE} asks you to be their mentor")
    expect(beatriz.get_by_test_id("request-state")).to_have_text("Waiting for the mentor")
    expect(header.get_by_test_id("unread-count")).to_have_count(0)
    expect(beatriz.get_by_text("You have 0 of 2 places taken.")).to_be_visible()
    ask = beatriz.locator(".card", has=beatriz.get_by_role(
        "heading", name="Ask for more information"))
    ask.get_by_label("What would you like to know?").fill(QUESTION)
    screenshot(beatriz, "mentor-asks-question")
    ask.get_by_role("button", name="Send question").click()
    expect(beatriz_status).to_have_text("Your question was sent.")
    expect(beatriz.get_by_test_id("request-state")).to_have_text(
        "Mentor asked for more information")
    expect(beatriz.get_by_role("heading", name="Ask for more information")).to_have_count(0)

    # Step 4: Ana sees the question and answers it.
    ana.reload()
    expect(state).to_have_text("Mentor asked for more information")
    thread = ana.get_by_role("region", name="Questions and answers").get_by_role("listitem")
    expect(thread).to_have_count(1)
    expect(thread.first).to_contain_text(f"{MENTOR} asked")
    expect(thread.first).to_contain_text(QUESTION)
    reply = ana.get_by_role("region", name=f"{MENTOR} would like to know more")
    reply.get_by_label("Your answer").fill(ANSWER)
    screenshot(ana, "mentee-answers")
    reply.get_by_role("button", name="Send answer").click()
    expect(ana_status).to_have_text("Your answer was sent; the request is back with the mentor.")
    expect(state).to_have_text("Waiting for the mentor")
    expect(thread).to_have_count(2)
    expect(reply).to_have_count(0)

    # Step 5: Beatriz reads the answer and accepts; a draft agreement is waiting.
    beatriz.reload()
    thread = beatriz.get_by_role("region", name="Questions and answers").get_by_role("listitem")
    expect(thread).to_have_count(2)
    expect(thread.last).to_contain_text(f"{MENTEE} answered")
    expect(thread.last).to_contain_text(ANSWER)
    screenshot(beatriz, "mentor-reads-answer")
    beatriz.get_by_role("button", name="Accept").click()
    expect(beatriz_status).to_have_text("You accepted. Now agree together how you will work.")
    expect(beatriz).to_have_url(re.compile(r"/mentorships/\d+/agreement/$"))
    agreement_url = beatriz.url
    mentorship_url = agreement_url.removesuffix("agreement/")
    expect(beatriz.get_by_role("heading", level=1)).to_have_text("Mentorship agreement")
    draft = beatriz.get_by_role("region", name="Version 1: waiting for confirmation")
    expect(draft).to_contain_text(f"Proposed by {MENTOR}.")
    expect(draft).to_contain_text("Mentee: not yet · Mentor: not yet")
    expect(draft.locator("dd").first).to_have_text(f"{GOALS[0]} (goal: {GOALS[0]})")
    expect(beatriz.get_by_role("heading", name=re.compile("^In force"))).to_have_count(0)
    expect(beatriz.get_by_label("Objective 1", exact=True)).to_have_value(GOALS[0])
    expect(beatriz.get_by_label("Linked career goal").first).to_have_value(
        str(CareerGoal.objects.get(user=mentee, title=GOALS[0]).pk))
    expect(beatriz.get_by_label("Objective 2", exact=True)).to_have_value("")
    expect(beatriz.get_by_label("How often", exact=True)).to_have_value("monthly")
    expect(beatriz.get_by_label("How we meet")).to_have_value("video")
    screenshot(beatriz, "mentor-draft-agreement")

    # Step 6: Beatriz settles the day, time and link and saves: saving her version of the
    # draft is her confirmation of it.
    beatriz.get_by_label("Link or place").fill(MEETING_LINK)
    beatriz.get_by_label("Preferred day").select_option(label="Tuesday")
    beatriz.get_by_label("Preferred time").fill("18:30")
    beatriz.get_by_role("button", name="Save changes to version 1").click()
    expect(beatriz_status).to_have_text(
        "Saved. This counts as your confirmation; it is in force once the other person confirms it too.")
    meetings = (f"Every month, 60 minutes, by video call, Tuesdays at 18:30 Europe/Lisbon · "
                f"{MEETING_LINK}")
    expect(draft.locator("dd").nth(1)).to_have_text(meetings)
    expect(draft).to_contain_text(re.compile(r"Mentee: not yet ·\s+Mentor: confirmed \d"))
    expect(draft).to_contain_text("You have confirmed this version; waiting for the other party.")
    expect(beatriz.get_by_role("button", name="Confirm version 1")).to_have_count(0)
    screenshot(beatriz, "mentor-confirmed-v1")

    # Step 7: Ana opens the agreement and confirms version 1; it is in force.
    ana.goto(agreement_url)
    draft = ana.get_by_role("region", name="Version 1: waiting for confirmation")
    expect(draft).to_contain_text(re.compile(r"Mentee: not yet ·\s+Mentor: confirmed \d"))
    expect(draft.locator("dd").nth(1)).to_have_text(meetings)
    screenshot(ana, "mentee-reads-v1")
    ana.get_by_role("button", name="Confirm version 1").click()
    expect(ana_status).to_have_text("Version 1 is confirmed by both of you and now in force.")
    expect(ana.get_by_role("heading", name="In force: version 1")).to_be_visible()
    expect(draft).to_have_count(0)
    expect(ana.get_by_role("heading", name="History")).to_have_count(0)
    screenshot(ana, "mentee-v1-in-force")

    # Step 8: Beatriz proposes weekly meetings of 45 minutes; version 2 waits for Ana.
    beatriz.reload()
    expect(beatriz.get_by_role("heading", name="In force: version 1")).to_be_visible()
    expect(beatriz.get_by_role("heading", name="Propose a change")).to_be_visible()
    beatriz.get_by_role("heading", name="Propose a change").click()  # opens the form
    beatriz.get_by_label("How often", exact=True).select_option(label="Every week")
    beatriz.get_by_label("Typical length (minutes)").fill("45")
    beatriz.get_by_role("button", name="Propose version 2").click()
    expect(beatriz_status).to_have_text(
        "Saved. This counts as your confirmation; it is in force once the other person confirms it too.")
    draft = beatriz.get_by_role("region", name="Version 2: waiting for confirmation")
    expect(draft).to_contain_text(re.compile(r"Mentee: not yet ·\s+Mentor: confirmed \d"))
    expected_changes = [["How often", "Every month", "Every week"],
                        ["Length", "60 minutes", "45 minutes"]]
    expect(draft.get_by_role("heading", name="What changes from version 1")).to_be_visible()
    rows = draft.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(len(expected_changes))
    for row, cells in zip(rows.all(), expected_changes, strict=True):
        expect(row.locator("td")).to_have_text(cells)
    expect(beatriz.get_by_role("heading", name="In force: version 1")).to_be_visible()
    screenshot(beatriz, "mentor-proposes-v2")

    # Step 9: Ana reads the change, confirms version 2; version 1 is superseded.
    ana.reload()
    draft = ana.get_by_role("region", name="Version 2: waiting for confirmation")
    expect(draft).to_contain_text(f"Proposed by {MENTOR}.")
    rows = draft.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(len(expected_changes))
    for row, cells in zip(rows.all(), expected_changes, strict=True):
        expect(row.locator("td")).to_have_text(cells)
    screenshot(ana, "mentee-reads-change")
    ana.get_by_role("button", name="Confirm version 2").click()
    expect(ana_status).to_have_text("Version 2 is confirmed by both of you and now in force.")
    in_force = ana.get_by_role("region", name="In force: version 2")
    expect(in_force.locator("dd").nth(1)).to_have_text(
        meetings.replace("Every month, 60 minutes", "Every week, 45 minutes"))
    expect(draft).to_have_count(0)
    history = ana.get_by_role("region", name="History").get_by_role("listitem")
    expect(history).to_have_text([
        re.compile(r"^Version 2 — confirmed\b.* \d{4} \(2 changes\)$"),
        re.compile(r"^Version 1 — superseded\b.* \d{4}$"),
    ])
    screenshot(ana, "mentee-v2-in-force")
    ana.get_by_role("link", name="Version 1", exact=True).click()
    expect(ana.get_by_role("heading", level=1)).to_have_text("Agreement, version 1")
    expect(ana.get_by_test_id("version-status")).to_have_text("Superseded")
    expect(ana.locator("dd").nth(1)).to_have_text(meetings)
    screenshot(ana, "mentee-reads-v1-superseded")

    # Step 10: the mentorship page shows it active, under version 2.
    for person in (ana, beatriz):
        person.goto(mentorship_url)
        expect(person.get_by_test_id("relationship-state")).to_have_text("Active")
        agreement = person.get_by_role("region", name="Agreement")
        expect(agreement).to_contain_text(
            re.compile(r"Version 2, confirmed by both on \d+ \w+ \d{4}\."))
        expect(agreement.get_by_test_id("agreement-pending")).to_have_count(0)
        axe.check_new_page(person)
    expect(ana.get_by_role("heading", level=1)).to_have_text(f"Mentorship with {MENTOR}")
    expect(beatriz.get_by_role("heading", level=1)).to_have_text(f"Mentorship with {MENTEE}")
    screenshot(ana, "mentee-mentorship-active")

    console_log.assert_clean()
