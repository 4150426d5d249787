"""The directory's address bar follows its filters: after each change (a language, a
search typed quickly, the sort, a checkbox) the URL holds exactly the filters whose
results are shown, so reloading it, bookmarking it or sharing it shows the same list."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tandem.accounts.tests.factories import PASSWORD, make_mentee, make_mentor

pytestmark = pytest.mark.django_db(transaction=True)


def shown(page) -> tuple[str, list[str]]:
    results = page.locator("#results")
    return (results.get_by_test_id("result-count").inner_text(),
            results.locator(".mentor-card h2").all_inner_texts())


def filters_in(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_it_keeps_the_address_in_step_with_the_filters(new_page, sign_in, console_log):
    make_mentor(name="Paula Portuguese", languages=("pt",), skills=("Python",))
    make_mentor(name="Pedro Portuguese", languages=("pt", "en"), skills=("Design",))
    make_mentor(name="Emma English", languages=("en",), skills=("Python",))
    mentee = make_mentee(email="mia@example.com", name="Mia Mentee")

    page = new_page()
    page.context.set_default_timeout(20_000)
    sign_in(page, mentee.email, PASSWORD)
    page.goto("/mentors/")
    expect(page.get_by_test_id("result-count")).to_have_text("3 mentors found")

    # A language: the results change and the address says so.
    page.get_by_label("Language").select_option("pt")
    expect(page.get_by_test_id("result-count")).to_have_text("2 mentors found")
    expect(page).to_have_url(re.compile(r"[?&]language=pt(&|$)"))

    # Typing quickly, then at once another filter: the address ends with both.
    page.get_by_label("Search").press_sequentially("Pedro", delay=40)
    page.get_by_label("Sort by").select_option(index=1)
    expect(page.get_by_test_id("result-count")).to_have_text("1 mentor found")
    expect(page).to_have_url(re.compile(r"q=Pedro"))
    sort = page.get_by_label("Sort by").input_value()
    expect(page).to_have_url(re.compile(rf"sort={sort}"))
    page.wait_for_load_state("networkidle")
    assert filters_in(page.url).get("language") == ["pt"]

    # Clearing the search: the address drops it, one step at a time, never behind.
    page.get_by_label("Search").fill("")
    expect(page.get_by_test_id("result-count")).to_have_text("2 mentors found")
    expect(page).not_to_have_url(re.compile(r"q=Pedro"))
    page.wait_for_load_state("networkidle")
    before = shown(page)
    url = page.url

    # The bookmark, opened in a new tab, shows the same results with the same filters set.
    other = new_page()
    other.context.set_default_timeout(20_000)
    sign_in(other, mentee.email, PASSWORD)
    other.goto(url)
    assert shown(other) == before
    expect(other.get_by_label("Language")).to_have_value("pt")
    expect(other.get_by_label("Sort by")).to_have_value(sort)

    # And the back button goes to the step before.
    page.go_back()
    expect(page).to_have_url(re.compile(r"q=Pedro"))
    console_log.assert_clean()
