"""Keyboard only: a mentee signs in, skips to the content, finds a mentor and asks (a form
error is announced and linked to its field), the mentor accepts and both confirm the
agreement, the mentee adds a goal and schedules a meeting. Tab, Shift+Tab, Enter and Space
only: no clicks. Every focused element shows a visible focus indicator, and the focus order
follows the page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tandem.accounts.tests.factories import PASSWORD, make_mentee, make_mentor
from tests.browser import axe

# Every kind of page a journey visits is checked with axe-core (tests/browser/axe.py).
new_page, screenshot, sign_in = axe.new_page, axe.screenshot, axe.sign_in
pytestmark = pytest.mark.django_db(transaction=True)

MENTOR = "Beatriz Costa"
MESSAGE = "I want to move into backend work; you made the same move. Would you mentor me?"

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  const rect = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id || '',
    name: (label || el.getAttribute('aria-label') || el.innerText || el.value || '').trim(),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== 'none',
    visible: rect.width > 0 && rect.height > 0,
  };
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def assert_focus_visible(page) -> dict:
    info = focused(page)
    assert info is not None, f"{page.url}: nothing has the focus"
    assert info["visible"] and (info["outline"] or info["shadow"]), (
        f"{page.url}: no visible focus indicator on {info}")
    return info


def tab_to(page, name: str | re.Pattern, *, limit: int = 150, backwards: bool = False) -> dict:
    """Press Tab until the focused element's name (or id) matches; each stop must show
    its focus. Fails, listing the stops, when it never arrives (a trap or a missing
    control)."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        info = assert_focus_visible(page)
        stops.append(info["name"][:40] or f"<{info['tag']}#{info['id']}>")
        text = info["name"]
        if (name.search(text) or name.search(info["id"])) if isinstance(name, re.Pattern) \
                else (text == name or info["id"] == name):
            return info
    pytest.fail(f"{page.url}: never reached {name!r} with Tab; stops: {stops}")


def sign_in_with_keyboard(page, email: str) -> None:
    page.goto("/accounts/login/", timeout=30_000)
    axe.check_new_page(page)
    # The first Tab lands on the skip link, which shows itself and moves focus to main.
    page.keyboard.press("Tab")
    skip = assert_focus_visible(page)
    assert skip["name"] == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    tab_to(page, "Email")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "Password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("banner").get_by_role("button", name="Sign out", include_hidden=True)).to_have_count(1)
    axe.check_new_page(page)


def test_request_agreement_goal_and_meeting_with_the_keyboard_only(
    new_page, sign_in, screenshot, console_log
):
    mentor = make_mentor(email="beatriz@example.com", name=MENTOR, capacity=2)
    make_mentee(email="ana@example.com", name="Ana Ferreira", goals=["Move into backend"])
    ana = new_page()
    sign_in_with_keyboard(ana, "ana@example.com")
    expect(ana.get_by_role("region", name="Getting started")).to_contain_text(
        "Tell people who you are")
    axe.docs_screenshot(ana, "getting-started")

    # The header's links come first, in reading order, then the page.
    tab_to(ana, "Find a mentor")
    ana.keyboard.press("Enter")
    expect(ana.get_by_role("heading", level=1)).to_have_text(re.compile("mentor", re.I))
    axe.check_new_page(ana)
    tab_to(ana, MENTOR)
    ana.keyboard.press("Enter")
    expect(ana.get_by_role("heading", level=1)).to_have_text(MENTOR)
    axe.check_new_page(ana)
    tab_to(ana, "Ask for mentorship")
    ana.keyboard.press("Enter")
    expect(ana.get_by_role("heading", level=1)).to_have_text(f"Ask {MENTOR} to be your mentor")

    # Sending without a message: the error takes the focus, is announced (role=alert) and
    # is tied to the field, and the next Tab goes into that field.
    tab_to(ana, "Send request")
    ana.keyboard.press("Enter")
    error = ana.locator(".field-errors").first
    expect(error).to_be_focused()
    expect(error).to_have_attribute("role", "alert")
    message = ana.get_by_label("Message")
    expect(message).to_have_attribute("aria-invalid", "true")
    described_by = message.get_attribute("aria-describedby") or ""
    assert error.get_attribute("id") in described_by.split()
    screenshot(ana, "keyboard-request-error")
    axe.docs_screenshot(ana, "form-error")
    ana.keyboard.press("Tab")
    expect(message).to_be_focused()
    ana.keyboard.type(MESSAGE)
    tab_to(ana, "Send request")
    ana.keyboard.press("Enter")
    expect(ana.get_by_role("status")).to_have_text(f"Your request is on its way to {MENTOR}.")
    request_url = ana.url
    axe.check_new_page(ana)

    # The mentor accepts (Space on the button) and confirms version 1.
    beatriz = new_page()
    sign_in_with_keyboard(beatriz, mentor.email)
    beatriz.goto(request_url)
    axe.check_new_page(beatriz)
    tab_to(beatriz, "Accept")
    beatriz.keyboard.press("Space")
    expect(beatriz).to_have_url(re.compile(r"/mentorships/\d+/agreement/$"))
    agreement_url = beatriz.url
    axe.check_new_page(beatriz)
    tab_to(beatriz, "Confirm version 1")
    beatriz.keyboard.press("Enter")
    expect(beatriz.get_by_role("status")).to_contain_text("confirm")

    # The mentee confirms: the agreement is in force.
    ana.goto(agreement_url)
    tab_to(ana, "Confirm version 1")
    ana.keyboard.press("Enter")
    expect(ana.get_by_role("status")).to_have_text(
        "Version 1 is confirmed by both of you and now in force.")
    screenshot(ana, "keyboard-agreement-in-force")

    # A new career goal, from "My goals" in the header's "Me" group.
    ana.keyboard.press("Shift+Tab")  # back from wherever the page left the focus
    ana.goto("/")
    tab_to(ana, "Me")  # the group's button: Enter opens it, then its links take the Tab
    ana.keyboard.press("Enter")
    tab_to(ana, "My goals")
    ana.keyboard.press("Enter")
    expect(ana.get_by_role("heading", level=1)).to_have_text("Career goals and objectives")
    axe.check_new_page(ana)
    tab_to(ana, "Title")
    ana.keyboard.type("Give a talk at a conference")
    tab_to(ana, "Add goal")
    ana.keyboard.press("Enter")
    expect(ana.get_by_role("status")).to_have_text("Goal added.")
    expect(ana.locator(".goal-title")).to_contain_text(["Give a talk at a conference"])

    # One meeting at 18:30, typed into the date and time fields.
    mentorship_url = agreement_url.removesuffix("agreement/")
    ana.goto(mentorship_url)
    axe.check_new_page(ana)
    tab_to(ana, "Schedule a meeting")  # one of the Overview's frequent tasks
    ana.keyboard.press("Enter")
    expect(ana.get_by_role("heading", level=1)).to_contain_text("Meetings")
    axe.check_new_page(ana)
    # A day whose day and month are the same number, so the date field's segment order
    # (day-month or month-day, as the browser's locale has it) does not matter.
    day = timezone.localdate() + timedelta(days=2)
    while day.day != day.month:
        day += timedelta(days=1)
    tab_to(ana, "one_day")
    ana.keyboard.type(day.strftime("%d%m%Y"))
    expect(ana.locator("#one_day")).to_have_value(day.isoformat())
    tab_to(ana, "one_at")  # Tab moves through the date's day, month and year first
    ana.keyboard.type("1830")
    expect(ana.locator("#one_at")).to_have_value("18:30")
    tab_to(ana, "Schedule")
    ana.keyboard.press("Enter")
    expect(ana.get_by_role("status")).to_have_text("The meeting is scheduled.")
    rows = ana.get_by_role("region", name="All meetings").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("18:30")
    screenshot(ana, "keyboard-meeting-scheduled")

    console_log.assert_clean()
