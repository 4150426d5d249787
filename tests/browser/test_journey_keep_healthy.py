"""Keep it healthy: a coordinator opens their program's dashboard, sees an at-risk
mentorship with its reasons and nudges the pair; the mentee reports a problem with their
mentor; staff freeze the mentor's account (their sign-in is refused) and unfreeze it; the
mentee sends one type of email to the daily digest and unsubscribes from another through
the link in an email."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tandem.accounts.tests.factories import PASSWORD, make_mentor, make_user
from tandem.health.tests.conftest import confirmed_mentorship
from tandem.health.tests.test_pages import _age
from tandem.mentorships.models import Relationship
from tandem.notifications.models import EmailPreference, Notification
from tandem.safety.models import Report
from tests.browser import axe

# Every kind of page a journey visits is checked with axe-core (tests/browser/axe.py).
new_page, screenshot, sign_in = axe.new_page, axe.screenshot, axe.sign_in
pytestmark = pytest.mark.django_db(transaction=True)


def test_dashboard_nudge_report_freeze_preferences(new_page, sign_in, screenshot, console_log):
    from tandem.programs import services as programs

    reverse("health:program_dashboard", args=[1])
    cora = make_user(email="cora@example.com", name="Cora Coordinator")
    cora.is_coordinator = True
    cora.save(update_fields=["is_coordinator"])
    staff = make_user(email="sam@example.com", name="Sam Staff")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    mentee = make_user(email="mia@example.com", name="Mia Mentee", is_mentee=True)
    mentor = make_mentor(email="marta@example.com", name="Marta Mentor")
    today = timezone.localdate()
    program = programs.program_create(
        actor=cora, name="Spring cohort", applications_open=today,
        applications_close=today + timedelta(days=3), starts_on=today + timedelta(days=5),
        ends_on=today + timedelta(days=100))
    from tandem.growth.services import goal_create

    goal_create(actor=mentee, title="Lead a small team", why="Next step",
                visibility="mentors")
    rel = confirmed_mentorship(mentee, mentor)
    Relationship.objects.filter(pk=rel.pk).update(program=program)
    _age(rel, 70)

    # Step 1: Cora opens her program's dashboard and its at-risk list.
    page = new_page()
    sign_in(page, "cora@example.com", PASSWORD)
    page.goto(reverse("programs:detail", args=[program.pk]))
    axe.check_new_page(page)
    page.get_by_role("navigation", name="Program").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Program dashboard")).to_be_visible()
    expect(page.get_by_role("navigation", name="Program").get_by_role(
        "link", name="Dashboard")).to_have_attribute("aria-current", "page")
    axe.check_new_page(page)
    page.get_by_role("link", name="See the at-risk list").click()
    at_risk = page.get_by_test_id("at-risk-list")
    expect(at_risk).to_contain_text("Mia Mentee")
    expect(at_risk).to_contain_text("Nothing has happened in the mentorship for 70 days.")
    screenshot(page, "program at-risk list")

    # Step 2: she nudges the pair; both get the notification.
    at_risk.get_by_role("link", name="Send a nudge").click()
    expect(page.get_by_role("button", name="Send the nudge to both")).to_be_visible()
    axe.check_new_page(page)
    page.get_by_role("button", name="Send the nudge to both").click()
    expect(page.get_by_role("status").first).to_contain_text("Nudge sent to Mia Mentee")
    axe.check_new_page(page)
    for person in (mentee, mentor):
        assert Notification.objects.filter(recipient=person, kind="health.nudge").exists()

    # Step 3: Mia reports a problem with her mentorship.
    page.context.clear_cookies()
    sign_in(page, "mia@example.com", PASSWORD)
    page.goto(f"/report/?relationship={rel.pk}")
    axe.check_new_page(page)
    page.get_by_label("Harassment").check()
    page.get_by_label("What happened?").fill("Rude messages during our last call.")
    page.get_by_role("button", name="Send the report").click()
    assert Report.objects.count() == 1
    axe.check_new_page(page)

    # Step 4: she sends mentorship emails to the daily digest ...
    page.goto(reverse("notifications:preferences"))
    axe.check_new_page(page)
    page.get_by_role("group", name=re.compile("^Mentorships")).get_by_label(
        "In a daily digest").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").first).to_be_visible()
    assert EmailPreference.objects.filter(group="mentorships", mode="daily").exists()
    # ... and unsubscribes from one type through the link in an email she got.
    links = [m for email in mail.outbox if mentee.email in email.to
             for m in re.findall(r"https?://\S+/notifications/unsubscribe/\S+/", email.body)]
    assert links, [e.subject for e in mail.outbox]
    page.goto(re.sub(r"^https?://[^/]+", "", links[0]))  # the live server, not SITE_URL
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    screenshot(page, "unsubscribed")

    # Step 5: staff freeze Marta's account: her sign-in is refused; then unfreeze it.
    page.context.clear_cookies()
    sign_in(page, "sam@example.com", PASSWORD)
    page.goto(reverse("safety:person", args=[mentor.pk]))
    axe.check_new_page(page)
    page.get_by_label("Reason").fill("Reported for harassment; looking into it.")
    page.get_by_role("button", name="Freeze the account").click()
    expect(page.get_by_role("button", name="Unfreeze the account")).to_be_visible()
    other = new_page()
    other.goto("/accounts/login/")
    other.get_by_label("Email").fill("marta@example.com")
    other.get_by_label("Password").fill(PASSWORD)
    other.get_by_role("button", name="Sign In").click()
    expect(other.get_by_role("button", name="Sign out")).to_have_count(0)
    axe.check_new_page(other)
    page.get_by_role("button", name="Unfreeze the account").click()
    expect(page.get_by_role("button", name="Freeze the account")).to_be_visible()
    other.context.clear_cookies()
    sign_in(other, "marta@example.com", PASSWORD)

    console_log.assert_clean()
