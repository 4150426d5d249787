"""Pause, resume and complete a mentorship with JavaScript turned off: from the
mentorship's page to the page of choices, through each confirmation step (which says what
will happen before anything does), to the closing reflection. The mentor's place is freed
only by the confirmed step."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tandem.accounts.models import Profile
from tandem.accounts.tests.factories import PASSWORD, make_mentee, make_mentor
from tandem.health.tests.conftest import confirmed_mentorship
from tandem.mentorships.models import Relationship
from tandem.notifications.models import Notification
from tests.browser import axe

# Every kind of page a journey visits is checked with axe-core (tests/browser/axe.py).
new_page, screenshot, sign_in = axe.new_page, axe.screenshot, axe.sign_in
pytestmark = pytest.mark.django_db(transaction=True)

MENTOR = "Beatriz Costa"


def test_pause_resume_and_complete_through_the_confirmation_steps(
        new_page, sign_in, screenshot, console_log):
    mentor = make_mentor(email="beatriz@example.com", name=MENTOR, capacity=3)
    ana = make_mentee(email="ana@example.com", name="Ana Ferreira", goals=["Move into backend"])
    rel = confirmed_mentorship(ana, mentor)
    page = new_page(java_script_enabled=False)
    sign_in(page, "ana@example.com", PASSWORD)
    status = page.get_by_role("status")

    # The mentorship's page has a link, not a one-click button.
    page.goto(f"/mentorships/{rel.pk}/")
    expect(page.get_by_role("button", name="Mark complete")).to_have_count(0)
    page.get_by_role("link", name="Pause, complete or end…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Pause, complete or end the mentorship")
    screenshot(page, "manage-choices")

    # Pause: the step says nothing is freed, then pauses once confirmed.
    page.get_by_role("link", name="Pause the mentorship…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Pause the mentorship with {MENTOR}?")
    what = page.get_by_role("region", name="What will happen")
    expect(what).to_contain_text(f"Nothing is freed: {MENTOR} keeps this place for you "
                                 "(1 of 3 places taken).")
    until = timezone.localdate() + timedelta(days=14)
    page.get_by_label("Resume on (optional)").fill(until.isoformat())
    page.get_by_label("Why (optional)").fill("Exams until the end of the month")
    screenshot(page, "pause-confirmation")
    page.get_by_role("button", name="Pause the mentorship").click()
    expect(status).to_have_text("The mentorship is paused.")
    expect(page.get_by_test_id("relationship-state")).to_have_text("Paused")
    rel.refresh_from_db()
    assert rel.state == "paused" and rel.paused_until == until
    assert Profile.objects.get(user=mentor).places_taken == 1

    # Resume, through its own step.
    page.get_by_role("link", name="Resume, complete or end…").click()
    page.get_by_role("link", name="Resume the mentorship…").click()
    axe.check_new_page(page)
    page.get_by_role("button", name="Resume the mentorship").click()
    expect(status).to_have_text("The mentorship is active again.")
    expect(page.get_by_test_id("relationship-state")).to_have_text("Active")

    # Complete: the step names the place freed and who is told; Cancel changes nothing.
    page.get_by_role("link", name="Pause, complete or end…").click()
    page.get_by_role("link", name="Complete the mentorship…").click()
    expect(page.get_by_test_id("place-freed")).to_have_text(re.compile(
        rf"{MENTOR} gets back the place this mentorship takes: 0 of their 3 places taken "
        r"afterwards \(now 1\)"))
    expect(page.get_by_test_id("who-is-told")).to_contain_text(f"Who is told: {MENTOR}")
    screenshot(page, "complete-confirmation")
    page.get_by_role("link", name="Cancel").click()
    expect(page).to_have_url(re.compile(rf"/mentorships/{rel.pk}/$"))
    rel.refresh_from_db()
    assert rel.state == "active"

    page.get_by_role("link", name="Pause, complete or end…").click()
    page.get_by_role("link", name="Complete the mentorship…").click()
    page.get_by_role("button", name="Complete the mentorship").click()
    expect(status).to_have_text("The mentorship is complete. Congratulations!")
    expect(page.get_by_role("heading", level=1)).to_have_text("Closing reflection")
    axe.check_new_page(page)
    rel.refresh_from_db()
    assert rel.state == Relationship.State.COMPLETED
    assert Profile.objects.get(user=mentor).places_taken == 0
    assert Notification.objects.filter(recipient=mentor, kind="relationship.completed").exists()

    # Afterwards the page of choices says there is nothing left to do.
    page.goto(f"/mentorships/{rel.pk}/manage/")
    expect(page.get_by_test_id("manage-closed")).to_contain_text("This mentorship has closed")
    expect(page.get_by_role("link", name="Complete the mentorship…")).to_have_count(0)
    console_log.assert_clean()
