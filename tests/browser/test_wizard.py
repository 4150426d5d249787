"""The first-run wizard and the languages multi-select in a real browser (issue 18, item 6):
a new person signs up on a phone (375 px), answers the short set-up and lands on home;
the languages are chosen with the keyboard only (type to filter, Enter to choose, remove
a chip); every step is axe-clean and fits. Without JavaScript the same steps work with the
plain selects."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tandem.accounts.models import User
from tandem.accounts.selectors import profile_of
from tandem.accounts.tests.factories import PASSWORD as FACTORY_PASSWORD
from tandem.accounts.tests.factories import make_mentee
from tandem.core.models import AuditEntry
from tests.browser import axe
from tests.browser.nav import open_group
from tests.browser.signup import PASSWORD, sign_up

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 800}


def fits(page) -> None:
    """No sideways scroll, and axe finds nothing serious."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"
    axe.assert_accessible(page)


def chosen(page) -> list[str]:
    """What the form will post for languages: the (hidden) select's chosen options."""
    return page.locator("#id_languages").evaluate(
        "s => Array.from(s.selectedOptions, o => o.value)")


def test_it_signs_up_and_sets_up_on_a_phone(new_page, screenshot, console_log, mailoutbox,
                                           live_server):
    page = new_page(viewport=PHONE, timezone_id="Europe/Berlin")
    sign_up(page, "lea@example.com", mailoutbox, live_server)

    # Step 1: name and roles.
    expect(page).to_have_url(re.compile(r"/welcome/roles/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to Tandem")
    expect(page.get_by_test_id("welcome-progress")).to_have_text(
        "Getting started: step 1 of 4")
    fits(page)
    screenshot(page, "welcome-roles")
    page.get_by_role("button", name="Next").click()  # nothing filled in
    expect(page.get_by_text("Please correct the fields marked below")).to_be_visible()
    page.get_by_label("Your name").fill("Lea Schmidt")
    page.get_by_label("I am looking for a mentor").check()
    page.get_by_role("button", name="Next").click()

    # Step 2: the timezone, already the browser's.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your timezone")
    expect(page.get_by_label("Timezone")).to_have_value("Europe/Berlin")
    fits(page)
    page.get_by_role("button", name="Next").click()

    # Step 3: languages, with the keyboard only.
    expect(page.get_by_role("heading", level=1)).to_have_text("The languages you speak")
    # The multi-select replaces the select once its deferred script has run; acting
    # before that would hold on to the select it then hides.
    expect(page.locator(".multiselect-filter")).to_be_visible()
    filter_box = page.get_by_label("Languages", exact=True)
    expect(filter_box).to_be_visible()
    expect(page.locator("#id_languages")).to_be_hidden()
    filter_box.focus()
    page.keyboard.type("germ")
    expect(page.locator("#id_languages_count")).to_contain_text("1 language matches")
    page.keyboard.press("Enter")
    expect(filter_box).to_have_value("")
    page.keyboard.type("en")  # English first: names that start with the text lead
    page.keyboard.press("Enter")
    page.keyboard.type("portu")
    page.keyboard.press("Enter")
    remove = page.get_by_role("button", name=re.compile(r"^Remove "))
    expect(remove).to_have_text(["English ×", "German ×", "Portuguese ×"])
    assert chosen(page) == ["en", "de", "pt"]  # the select lists by name
    # Remove English with the keyboard; the focus moves on to the next chip.
    page.get_by_role("button", name="Remove English").focus()
    page.keyboard.press("Enter")
    expect(remove).to_have_count(2)
    expect(page.get_by_role("button", name="Remove German")).to_be_focused()
    expect(page.locator("#id_languages_count")).to_have_text("English removed.")
    # Into the list with the arrow keys; Space ticks.
    filter_box.focus()
    page.keyboard.type("fr")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("checkbox", name="French")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Remove French")).to_be_visible()
    assert sorted(chosen(page)) == ["de", "fr", "pt"]
    fits(page)
    screenshot(page, "welcome-languages")
    page.get_by_role("button", name="Next").click()

    # Step 4: skills; Back keeps what was saved.
    expect(page.get_by_role("heading", level=1)).to_have_text("What you want to grow")
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_role("button", name=re.compile(r"^Remove "))).to_have_text(
        ["French ×", "German ×", "Portuguese ×"])
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Skills I want to grow").fill("Public speaking, Python")
    fits(page)
    page.get_by_role("button", name="Finish", exact=True).click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("status")).to_contain_text("your profile is set up")
    expect(page.get_by_role("heading", name="Welcome, Lea Schmidt")).to_be_visible()
    user = User.objects.get(email="lea@example.com")
    profile = profile_of(user)
    assert (profile.display_name, profile.is_mentee, profile.is_mentor, profile.timezone) == (
        "Lea Schmidt", True, False, "Europe/Berlin")
    assert sorted(lang.code for lang in profile.languages.all()) == ["de", "fr", "pt"]
    assert sorted(tag.name for tag in profile.skills_wanted.all()) == ["Public speaking", "Python"]
    assert profile.welcomed_at is not None
    assert AuditEntry.objects.filter(actor=user, action="accounts.welcome.finished").count() == 1
    console_log.assert_clean()


def test_it_works_without_javascript(new_page, screenshot, mailoutbox, live_server):
    page = new_page(viewport=PHONE, timezone_id="Europe/Berlin", java_script_enabled=False)
    sign_up(page, "noam@example.com", mailoutbox, live_server)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to Tandem")
    page.get_by_label("Your name").fill("Noam Levi")
    page.get_by_label("Both: I want a mentor, and to mentor others").check()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_label("Timezone")).to_have_value("UTC")  # no script to pre-fill it
    page.get_by_label("Timezone").select_option("Asia/Jerusalem")
    page.get_by_role("button", name="Next").click()
    # The plain multiple select, as it always was.
    languages = page.get_by_label("Languages")
    expect(languages).to_be_visible()
    expect(page.get_by_text("Hold Ctrl (or ⌘) to pick several.")).to_be_visible()
    languages.select_option(["he", "en"])
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your skills, and your time as a mentor")
    page.get_by_label("Mentees I can take at once").fill("99999999999999999999")
    page.get_by_role("button", name="Finish", exact=True).click()
    expect(page.get_by_text("At most 20 mentees at once.")).to_be_visible()
    page.get_by_label("Mentees I can take at once").fill("2")
    page.get_by_label("Skills I can offer").fill("Go")
    screenshot(page, "welcome-skills-without-javascript")
    page.get_by_role("button", name="Finish and open my full profile").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    expect(page.get_by_label("Languages")).to_have_values(["en", "he"])
    profile = profile_of(User.objects.get(email="noam@example.com"))
    assert (profile.is_mentee, profile.is_mentor, profile.mentor_capacity,
            profile.timezone) == (True, True, 2, "Asia/Jerusalem")


def test_skip_for_now_goes_home_and_signing_in_again_does_not_ask(new_page, mailoutbox,
                                                                    live_server):
    page = new_page(java_script_enabled=False)
    sign_up(page, "sam@example.com", mailoutbox, live_server)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to Tandem")
    page.get_by_role("button", name="Skip for now").click()
    expect(page.get_by_role("status")).to_have_text(
        "You can finish setting up any time on Your profile.")
    open_group(page, "Me")
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("sam@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("banner").get_by_role("button", name="Sign out",
                                                   include_hidden=True)).to_have_count(1)
    expect(page).not_to_have_url(re.compile(r"/welcome/"))


def test_the_profile_page_posts_what_the_multi_select_shows(new_page, console_log):
    mentee = make_mentee(email="ines@example.com", name="Inês")  # speaks English
    page = new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(mentee.email)
    page.get_by_label("Password").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.goto("/profile/")
    expect(page.get_by_role("button", name="Remove English")).to_be_visible()
    # The multi-select replaces the select once its deferred script has run; acting
    # before that would hold on to the select it then hides.
    expect(page.locator(".multiselect-filter")).to_be_visible()
    filter_box = page.get_by_label("Languages", exact=True)
    filter_box.fill("xyz")
    expect(page.locator("#id_languages_count")).to_have_text("No language matches “xyz”.")
    filter_box.press("Escape")
    filter_box.fill("catal")
    filter_box.press("Enter")  # chooses Catalan; does not submit the form
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    page.get_by_role("button", name="Remove English").click()
    axe.assert_accessible(page)
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status")).to_have_text("Your profile is saved.")
    assert [lang.code for lang in profile_of(mentee).languages.all()] == ["ca"]
    expect(page.get_by_role("button", name=re.compile(r"^Remove "))).to_have_text(["Catalan ×"])
    console_log.assert_clean()
