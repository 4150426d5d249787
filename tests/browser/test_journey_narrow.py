"""A phone, 375 pixels wide: every page a mentee and a mentor use fits the screen with no
sideways scrolling, passes the accessibility check, and the navigation folds into a Menu
button that opens and closes with the keyboard and works without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tandem.accounts.tests.factories import PASSWORD, make_mentee, make_mentor
from tandem.health.tests.conftest import confirmed_mentorship
from tests.browser import axe

# Every kind of page a journey visits is checked with axe-core (tests/browser/axe.py).
new_page, screenshot = axe.new_page, axe.screenshot
pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}


def assert_fits(page) -> None:
    """No horizontal scrolling: the document is no wider than the screen."""
    page.wait_for_load_state()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > 375:
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 376)
            .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                + ' ' + Math.round(e.getBoundingClientRect().right))""")
        pytest.fail(f"{page.url} is {width}px wide at 375px; widest elements: {wide}")


def sign_in_on_a_phone(page, email: str) -> None:
    """Signing in, where "Sign out" is folded into the menu."""
    page.goto("/accounts/login/", timeout=30_000)
    assert_fits(page)
    axe.check_new_page(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Welcome"))
    assert_fits(page)
    axe.check_new_page(page)


def visit(page, path: str) -> None:
    page.goto(path)
    assert_fits(page)
    axe.check_new_page(page)


def test_every_page_fits_a_phone_and_the_menu_folds(new_page, screenshot, console_log):
    mentor = make_mentor(email="beatriz@example.com", name="Beatriz Costa",
                         bio="Backend engineer for twelve years; I like helping people move "
                             "into their first backend role.")
    mentee = make_mentee(email="ana@example.com", name="Ana Ferreira",
                         goals=["Move into a backend role with a very long title that wraps"])
    rel = confirmed_mentorship(mentee, mentor)

    # Signed out: the landing page and the sign-in form.
    page = new_page(**PHONE)
    visit(page, "/")
    screenshot(page, "narrow-landing")
    visit(page, "/accounts/signup/")

    sign_in_on_a_phone(page, mentee.email)
    header = page.get_by_role("banner")

    # The links are folded behind "Menu"; Notifications stays in view.
    menu = header.get_by_text("Menu", exact=True)
    expect(menu).to_be_visible()
    expect(header.get_by_role("link", name="Notifications")).to_be_visible()
    goals_link = header.get_by_role("link", name="My goals")
    expect(goals_link).to_be_hidden()
    screenshot(page, "narrow-dashboard")

    # It opens and closes from the keyboard, and the open menu fits the screen too.
    menu.focus()
    page.keyboard.press("Enter")
    expect(goals_link).to_be_visible()
    assert_fits(page)
    screenshot(page, "narrow-menu-open")
    page.keyboard.press("Space")
    expect(goals_link).to_be_hidden()
    page.keyboard.press("Enter")
    goals_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Career goals and objectives")
    expect(header.get_by_role("link", name="My goals")).to_be_hidden()  # folded again
    assert_fits(page)
    axe.check_new_page(page)

    mentorship = f"/mentorships/{rel.pk}/"
    for path in ["/profile/", "/profile/availability/", "/mentors/",
                 f"/people/{mentor.profile.pk}/", "/requests/", "/mentorships/", mentorship,
                 f"{mentorship}agreement/", f"{mentorship}goals/", f"{mentorship}plan/",
                 f"{mentorship}meetings/", f"{mentorship}feedback/", f"{mentorship}reports/",
                 f"{mentorship}strengths/", f"{mentorship}notes/", f"{mentorship}advocacy/",
                 f"{mentorship}timeline/", f"{mentorship}tab/meetings/",
                 f"{mentorship}tab/goals/", f"{mentorship}tab/feedback/",
                 f"{mentorship}tab/notes/", "/journal/", "/journal/new/", "/resources/",
                 "/notifications/", "/programs/", "/me/record/", "/settings/notifications/"]:
        visit(page, path)
    page.goto(f"{mentorship}meetings/")
    screenshot(page, "narrow-meetings")
    page.goto(mentorship)
    screenshot(page, "narrow-mentorship")

    # The mentor's side: requests and the mentorship as they see it.
    mentor_page = new_page(**PHONE)
    sign_in_on_a_phone(mentor_page, mentor.email)
    for path in ["/requests/", mentorship, f"{mentorship}agreement/", f"{mentorship}feedback/new/"]:
        visit(mentor_page, path)
    expect(mentor_page.get_by_role("heading", level=1)).to_have_text(re.compile(r"feedback", re.I))

    console_log.assert_clean()
