"""The directory on a phone: the search first, the suggestions a row of small cards that
scrolls inside its own box, and "0 found" offering one Remove link per filter, which works
without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tandem.accounts.tests.factories import PASSWORD, make_mentee, make_mentor
from tests.browser import axe

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 375, "height": 740}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_it_puts_the_search_first_and_widens_a_search_that_finds_nobody(
        new_page, sign_in, console_log, javascript):
    for name in ["Ada Almeida", "Bruno Braga", "Carla Costa", "Duarte Dias", "Eva Esteves"]:
        make_mentor(name=name, skills=("Python",), languages=("en", "pt"))
    mentee = make_mentee(email="mia@example.com", name="Mia Mentee")

    page = new_page(java_script_enabled=javascript)
    sign_in(page, mentee.email, PASSWORD)
    page.set_viewport_size(PHONE)  # signed in wide: the phone's menu hides "Sign out"
    page.goto("/mentors/")
    search = page.get_by_role("search")
    suggestions = page.get_by_test_id("suggestions")
    expect(suggestions.get_by_role("link")).to_have_count(5)
    # The search form comes first, and is on screen without scrolling.
    assert search.bounding_box()["y"] < suggestions.bounding_box()["y"]
    search_box = search.get_by_label("Search").bounding_box()
    assert search_box["y"] + search_box["height"] <= PHONE["height"]
    # The cards sit in one row that scrolls inside its own box, never the page.
    row = suggestions.locator(".suggestion-row")
    tops = {round(box["y"]) for box in
            (card.bounding_box() for card in row.locator(".suggestion-card").all())}
    assert len(tops) == 1, tops
    if javascript:  # measuring and axe run scripts in the page, which hang with JS off
        assert row.evaluate("el => el.scrollWidth > el.clientWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        axe.assert_accessible(page)

    # Nobody speaks German here: one link per filter, each widening the search.
    page.goto("/mentors/?skill=python&language=de&has_free_places=on")
    expect(page.get_by_test_id("result-count")).to_have_text("0 mentors found")
    widen = page.get_by_test_id("remove-filters")
    expect(widen.get_by_role("link")).to_have_text(
        ["Remove skill: Python", "Remove language: German", "Remove \u201cHas free places\u201d"])
    if javascript:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        axe.assert_accessible(page)
    widen.get_by_role("link", name="Remove language: German").click()
    expect(page.get_by_test_id("result-count")).to_have_text("5 mentors found")
    expect(page).to_have_url(re.compile(r"/mentors/\?skill=python&has_free_places=on$"))
    expect(page.get_by_label("Language")).to_have_value("")
    expect(page.get_by_label("Skill", exact=True)).to_have_value("python")
    console_log.assert_clean()
