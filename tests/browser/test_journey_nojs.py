"""JavaScript turned off in the browser: a mentee asks a mentor, the mentor accepts, both
confirm the agreement, the mentee adds a goal and schedules a meeting. Every step is a
plain form that posts and redirects; htmx only enhances."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tandem.accounts.tests.factories import PASSWORD, make_mentee, make_mentor
from tandem.meetings.models import Meeting
from tandem.mentorships.models import Relationship
from tests.browser.nav import open_group

pytestmark = pytest.mark.django_db(transaction=True)

MENTOR = "Beatriz Costa"
NO_JS = {"java_script_enabled": False}


def sign_in_without_js(page, email: str) -> None:
    page.goto("/accounts/login/", timeout=30_000)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("banner").get_by_role("button", name="Sign out", include_hidden=True)).to_have_count(1)


def test_request_accept_agree_goal_and_meeting_without_javascript(
    new_page, screenshot, console_log
):
    mentor = make_mentor(email="beatriz@example.com", name=MENTOR, capacity=2)
    make_mentee(email="ana@example.com", name="Ana Ferreira", goals=["Move into backend"])
    ana = new_page(**NO_JS)
    sign_in_without_js(ana, "ana@example.com")
    status = ana.get_by_role("status")

    # The directory's filters submit as a form.
    ana.get_by_role("banner").get_by_role("link", name="Find a mentor").click()
    ana.get_by_label("Search", exact=True).fill("Beatriz")
    ana.get_by_role("button", name="Search").click()
    expect(ana).to_have_url(re.compile(r"q=Beatriz"))
    ana.get_by_role("link", name=MENTOR).first.click()
    expect(ana.get_by_role("heading", level=1)).to_have_text(MENTOR)

    # Ask.
    ana.get_by_role("link", name="Ask for mentorship").click()
    ana.get_by_label("Message").fill("Would you mentor me into backend work?")
    ana.get_by_role("button", name="Send request").click()
    expect(status).to_have_text(f"Your request is on its way to {MENTOR}.")
    request_url = ana.url

    # The mentor accepts and confirms version 1.
    beatriz = new_page(**NO_JS)
    sign_in_without_js(beatriz, mentor.email)
    beatriz.goto(request_url)
    beatriz.get_by_role("button", name="Accept").click()
    expect(beatriz).to_have_url(re.compile(r"/mentorships/\d+/agreement/$"))
    agreement_url = beatriz.url
    beatriz.get_by_role("button", name="Confirm version 1").click()
    expect(beatriz.get_by_role("status")).to_contain_text("confirm")

    # The mentee confirms: in force.
    ana.goto(agreement_url)
    ana.get_by_role("button", name="Confirm version 1").click()
    expect(status).to_have_text("Version 1 is confirmed by both of you and now in force.")
    expect(ana.get_by_role("heading", name="In force: version 1")).to_be_visible()
    rel = Relationship.objects.get()
    assert rel.state == "active"

    # A goal.
    open_group(ana, "Me")  # a <details>: opens without JavaScript
    ana.get_by_role("banner").get_by_role("link", name="My goals").click()
    ana.get_by_label("Title", exact=True).fill("Give a talk at a conference")
    ana.get_by_role("button", name="Add goal").click()
    expect(status).to_have_text("Goal added.")
    expect(ana.locator(".goal-title")).to_contain_text(["Give a talk at a conference"])

    # A meeting, from the mentorship's page.
    ana.goto(agreement_url.removesuffix("agreement/"))
    ana.get_by_test_id("quick-actions").get_by_role("link", name="Schedule a meeting").click()
    one = ana.get_by_role("region", name="Schedule one meeting")
    day = timezone.localdate() + timedelta(days=10)
    one.get_by_label("Date", exact=True).fill(day.isoformat())
    one.get_by_label("Time", exact=True).fill("18:30")
    one.get_by_role("button", name="Schedule").click()
    expect(status).to_have_text("The meeting is scheduled.")
    assert Meeting.objects.filter(relationship=rel).count() == 1
    rows = ana.get_by_role("region", name="All meetings").locator("tbody tr")
    expect(rows).to_have_count(1)
    screenshot(ana, "nojs-meeting-scheduled")

    console_log.assert_clean()
