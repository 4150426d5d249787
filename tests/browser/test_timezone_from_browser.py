"""A new account's timezone comes from the browser (the Intl API), as the issue asks:
someone signing up in Berlin finds Europe/Berlin already chosen on their profile; without
JavaScript the select stays UTC, as the server sent it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tandem.accounts.models import User
from tandem.accounts.selectors import profile_of
from tests.browser import axe
from tests.browser.nav import open_group
from tests.browser.signup import sign_up

pytestmark = pytest.mark.django_db(transaction=True)



def test_it_prefills_the_timezone_from_the_browser(new_page, screenshot, console_log,
                                                   mailoutbox, live_server):
    page = new_page(timezone_id="Europe/Berlin")
    sign_up(page, "berta@example.com", mailoutbox, live_server)
    open_group(page, "Me")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Profile").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    expect(page.get_by_label("Timezone")).to_have_value("Europe/Berlin")
    axe.assert_accessible(page)
    screenshot(page, "timezone-from-browser")
    page.get_by_label("Name", exact=True).fill("Berta")
    page.get_by_label("I am looking for a mentor").check()
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status")).to_have_text("Your profile is saved.")
    assert profile_of(User.objects.get(email="berta@example.com")).timezone == "Europe/Berlin"
    console_log.assert_clean()


def test_it_leaves_a_zone_chosen_before_alone(new_page, console_log, mailoutbox, live_server):
    """Once the profile has a role, UTC is someone's choice: the browser does not change it."""
    page = new_page(timezone_id="Asia/Tokyo")
    sign_up(page, "utc@example.com", mailoutbox, live_server)
    page.goto("/profile/")
    expect(page.get_by_label("Timezone")).to_have_value("Asia/Tokyo")
    page.get_by_label("Timezone").select_option("UTC")  # on purpose
    page.get_by_label("Name", exact=True).fill("Uma")
    page.get_by_label("I am looking for a mentor").check()
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status")).to_have_text("Your profile is saved.")
    page.reload()
    expect(page.get_by_label("Timezone")).to_have_value("UTC")
    console_log.assert_clean()


def test_it_keeps_utc_without_javascript(new_page, screenshot, mailoutbox, live_server):
    page = new_page(timezone_id="Europe/Berlin", java_script_enabled=False)
    sign_up(page, "nojs@example.com", mailoutbox, live_server)
    page.goto("/profile/")
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    expect(page.get_by_label("Timezone")).to_have_value("UTC")
    screenshot(page, "timezone-without-javascript")
