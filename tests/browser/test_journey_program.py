"""A coordinator runs a program end to end: creates it, imports participants from a CSV
file with one bad row (and imports the valid rows), runs matching, locks a pair, swaps
two, and publishes: the pairs become mentorships."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tandem.accounts.tests.factories import PASSWORD, make_user
from tandem.mentorships.models import Relationship
from tandem.programs.models import MatchPair, Participant, Program
from tests.browser import axe

# Every kind of page a journey visits is checked with axe-core (tests/browser/axe.py).
new_page, screenshot, sign_in = axe.new_page, axe.screenshot, axe.sign_in
pytestmark = pytest.mark.django_db(transaction=True)

CSV = (
    "email,name,role,capacity,skills,languages,timezone\n"
    "lena@example.com,Lena Park,mentee,,Python;Testing,en,Europe/Berlin\n"
    "omar.h@example.com,Omar Haddad,mentee,,Leadership,en,Europe/London\n"
    "not-an-address,Broken Row,mentee,,,en,Europe/Berlin\n"
    "sofia@example.com,Sofia Ruiz,mentee,,Design,en;es,Europe/Madrid\n"
    "kai@example.com,Kai Jensen,mentor,2,Python;Leadership,en,Europe/Copenhagen\n"
    "ines@example.com,Ines Duarte,mentor,2,Design;Testing,en;es,Europe/Lisbon\n"
)


def test_create_import_match_lock_swap_publish(new_page, sign_in, screenshot, console_log):
    # Load the URLconf (and the libraries behind it) before the first request, as seeding
    # does in the other journeys, so the first page is not the one that pays for it.
    reverse("programs:list")
    coordinator = make_user(email="rita@example.com", name="Rita Coordinator")
    coordinator.is_coordinator = True
    coordinator.save(update_fields=["is_coordinator"])
    today = timezone.localdate()
    page = new_page()
    sign_in(page, "rita@example.com", PASSWORD)

    # Step 1: create the program.
    page.goto("/programs/")
    axe.check_new_page(page)
    page.get_by_role("link", name="Create a program").click()
    page.get_by_label("Name").fill("Data mentoring spring")
    page.get_by_label("Applications open").fill(str(today - timedelta(days=5)))
    page.get_by_label("Applications close").fill(str(today + timedelta(days=5)))
    page.get_by_label("Program starts").fill(str(today + timedelta(days=10)))
    page.get_by_label("Program ends").fill(str(today + timedelta(days=100)))
    page.get_by_label("Agreement template: objectives").fill("Meet every two weeks")
    screenshot(page, "program form")
    page.get_by_role("button", name="Create the program").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data mentoring spring")
    axe.check_new_page(page)
    program = Program.objects.get()

    # Step 2: import a CSV file with one bad row: nothing is imported yet.
    page.get_by_role("navigation", name="Program").get_by_role("link", name="Import", exact=True).click()
    expect(page).to_have_url(re.compile(r"/import/$"))
    axe.check_new_page(page)
    page.get_by_label("CSV file", exact=True).set_input_files(
        files=[{"name": "people.csv", "mimeType": "text/csv", "buffer": CSV.encode()}])
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("heading", name="Some rows have errors")).to_be_visible()
    expect(page.get_by_role("table", name="Rows with errors")).to_contain_text(
        "not an email address")
    assert not Participant.objects.filter(program=program).exists()
    screenshot(page, "import report")

    # Step 3: import the valid rows.
    page.get_by_role("button", name="Import the 5 valid rows").click()
    expect(page.get_by_text("5 participants imported")).to_be_visible()
    assert Participant.objects.filter(program=program).count() == 5

    # Step 4: run matching and review the proposed pairs with their reasons.
    page.get_by_role("navigation", name="Program").get_by_role("link", name="Matching", exact=True).click()
    page.get_by_role("button", name="Start matching").click()
    pairs = page.get_by_role("region", name="Proposed pairs").locator("tbody tr")
    expect(pairs).to_have_count(3)
    # The overview says the run waits for review, one click away.
    page.get_by_role("navigation", name="Program").get_by_role("link", name="Overview").click()
    axe.check_new_page(page)
    page.get_by_role("link", name="Review matching run #1").click()
    expect(page.get_by_role("navigation", name="Program").get_by_role(
        "link", name="Matching", exact=True)).to_have_attribute("aria-current", "page")
    expect(pairs).to_have_count(3)
    screenshot(page, "proposed pairs")

    # Step 5: lock the first pair.
    pairs.first.get_by_role("button", name="Lock").click()
    expect(page.get_by_role("status").or_(page.get_by_text("The pair is locked.")).first
           ).to_be_visible()
    locked = MatchPair.objects.get(locked=True)
    expect(pairs.first).to_contain_text("Locked")

    # Step 6: swap the mentors of the two other pairs.
    others = list(MatchPair.objects.filter(locked=False, status="proposed").order_by("id"))
    before = {p.pk: p.mentor_id for p in others}
    swap = page.get_by_role("region", name="Swap two mentors")
    swap.get_by_label("Swap the mentor of").select_option(str(others[0].pk))
    swap.get_by_label("with the mentor of").select_option(str(others[1].pk))
    swap.get_by_role("button", name="Swap").click()
    expect(page.get_by_text("The mentors are swapped.")).to_be_visible()
    for pair in others:
        pair.refresh_from_db()
    if before[others[0].pk] != before[others[1].pk]:
        assert others[0].mentor_id == before[others[1].pk]
    screenshot(page, "after swap")

    # Step 7: publish: the pairs become mentorships with the program's objectives.
    page.get_by_role("link", name="Review and publish").click()
    expect(page.get_by_role("button", name="Publish 3 matches")).to_be_visible()
    axe.check_new_page(page)
    page.get_by_role("button", name="Publish 3 matches").click()
    expect(page.get_by_text("The matches are published")).to_be_visible()
    assert Relationship.objects.filter(program=program).count() == 3
    assert Relationship.objects.filter(program=program, mentee=locked.mentee,
                                       mentor=locked.mentor).exists()
    screenshot(page, "published")
    console_log.assert_clean()
