"""The relationship workspace on the demo's busiest mentorship: the Overview fits in
1,600 px at 1280x800 and uses the width; every page of the workspace fits a 375 px phone
without sideways scrolling and passes axe; the sub-navigation is plain links that work
with JavaScript off, marking the current page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count
from playwright.sync_api import expect

from tandem.mentorships.models import Relationship
from tests.browser import axe
from tests.browser.conftest import reseed

new_page, screenshot, sign_in = axe.new_page, axe.screenshot, axe.sign_in
pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
MAX_OVERVIEW_HEIGHT = 1600
TABS = ["Overview", "Meetings", "Goals and plan", "Feedback and reports", "Messages",
        "Notes and journal", "Timeline"]


def busiest() -> Relationship:
    """The demo's mentorship with the most meetings, feedback, messages and notes."""
    return (Relationship.objects.select_related("mentee", "mentor")
            .annotate(size=Count("meetings", distinct=True)
                      + Count("feedback_entries", distinct=True)
                      + Count("messages", distinct=True) + Count("notes", distinct=True))
            .order_by("-size", "pk").first())


def tab_link(page, label):
    return page.get_by_role("navigation", name="Mentorship").get_by_role(
        "link", name=label, exact=True)


def test_it_fits_the_busiest_mentorship_on_a_screenful_and_works_without_javascript(
        new_page, sign_in, screenshot, console_log):
    reseed()
    call_command("demo")
    rel = busiest()
    for person in (rel.mentee, rel.mentor):
        page = new_page(viewport=DESKTOP)
        sign_in(page, person.email, settings.TANDEM_DEMO_PASSWORD)
        page.goto(f"/mentorships/{rel.pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Mentorship with {rel.other_party(person).display_name}")
        height = page.evaluate("document.documentElement.scrollHeight")
        print(f"Overview of mentorship {rel.pk} for {person.email}: {height} px at 1280x800")
        assert height <= MAX_OVERVIEW_HEIGHT, f"{person.email}: the Overview is {height} px"
        # Two columns on a desktop: the attention card and the cards beside it.
        attention = page.get_by_test_id("attention").bounding_box()
        beside = page.get_by_role("heading", name="Health").bounding_box()
        assert beside["x"] > attention["x"] + attention["width"]
        screenshot(page, f"overview-{person.profile.pk}")
        for label in TABS:
            tab_link(page, label).click()
            expect(tab_link(page, label)).to_have_attribute("aria-current", "page")
            axe.check_new_page(page)
            page.set_viewport_size(PHONE)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{label} scrolls sideways at 375 px: {width}"
            page.set_viewport_size(DESKTOP)

    # The sub-navigation is plain links: with JavaScript off each tab is a page of its own.
    # (One test: the demo loads once, and a second test's database would lack the rows
    # the migrations add, which the flush after this one removes.)
    page = new_page(java_script_enabled=False, viewport=DESKTOP)
    sign_in(page, rel.mentee.email, settings.TANDEM_DEMO_PASSWORD)
    page.set_viewport_size(PHONE)  # signed in wide: the phone's menu hides "Sign out"
    page.goto(f"/mentorships/{rel.pk}/")
    expect(tab_link(page, "Overview")).to_have_attribute("aria-current", "page")
    for label, heading in (("Meetings", "Meetings"), ("Goals and plan", "Goals and plan"),
                           ("Feedback and reports", "Feedback and reports"),
                           ("Notes and journal", "Notes and journal"),
                           ("Messages", f"Messages with {rel.mentor.display_name}"),
                           ("Timeline", "Timeline"),
                           ("Overview", f"Mentorship with {rel.mentor.display_name}")):
        tab_link(page, label).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(tab_link(page, label)).to_have_attribute("aria-current", "page")
        expect(page.get_by_role("navigation", name="Mentorship").locator(
            "[aria-current=page]")).to_have_count(1)
    console_log.assert_clean()
