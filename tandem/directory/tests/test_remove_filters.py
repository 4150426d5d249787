""""0 mentors found" offers to remove each filter in use, one link each."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

from tandem.accounts.tests.factories import make_mentee, make_mentor


def remove_links(page: str) -> dict[str, str]:
    """The "Remove ..." links of a directory page: {label: href}."""
    if 'data-testid="remove-filters"' not in page:
        return {}
    box = page.split('data-testid="remove-filters"')[1].split("</div>")[0]
    return {unescape(label): unescape(href)
            for href, label in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>([^<]*)</a>', box)}


def pairs(url: str) -> list[tuple[str, str]]:
    return sorted(parse_qsl(urlsplit(url).query))


def test_it_offers_to_remove_each_filter_alone(personas, client_for):
    make_mentor(name="Ana Pereira", skills=["Python", "Go"], languages=["pt"])
    response = client_for(personas.mentee).get(
        "/mentors/?q=data&skill=python&language=de&within_hours=3&has_free_places=on"
        "&sort=name&page=1")
    page = response.content.decode()
    assert response.status_code == 200 and "0 mentors found" in page
    links = remove_links(page)
    assert set(links) == {"Remove search: \u201cdata\u201d", "Remove skill: Python",
                          "Remove language: German", "Remove timezone: Within 3 hours of mine",
                          "Remove \u201cHas free places\u201d"}
    everything = [("has_free_places", "on"), ("language", "de"), ("q", "data"),
                  ("skill", "python"), ("sort", "name"), ("within_hours", "3")]
    for label, url in links.items():
        assert urlsplit(url).path == "/mentors/"
        left = pairs(url)
        # Exactly one filter is gone; the sort stays, the page number starts again.
        assert len(left) == len(everything) - 1 and set(left) < set(everything), label
    assert ("language", "de") not in pairs(links["Remove language: German"])
    assert ("skill", "python") not in pairs(links["Remove skill: Python"])


def test_it_offers_each_of_several_skills_on_its_own(personas, client_for):
    make_mentor(name="Ana Pereira", skills=["Python", "Go"], languages=["pt"])
    client = client_for(personas.mentee)
    # Both skills count (a mentor must offer both), as over the API: Ana alone fits.
    both = client.get("/mentors/?skill=python&skill=go").content.decode()
    assert "1 mentor found" in both and "Ana Pereira" in both
    # The second skill shows in the form, so submitting it again keeps it.
    assert re.search(r'<input type="checkbox" name="skill" value="go"[^>]* checked>', both)
    page = client.get("/mentors/?skill=python&skill=go&language=de").content.decode()
    assert "0 mentors found" in page
    links = remove_links(page)
    assert pairs(links["Remove skill: Python"]) == [("language", "de"), ("skill", "go")]
    assert pairs(links["Remove skill: Go"]) == [("language", "de"), ("skill", "python")]
    assert pairs(links["Remove language: German"]) == [("skill", "go"), ("skill", "python")]
    assert len(links) == 3
    # Following a link widens the search to what it names.
    widened = client.get(links["Remove language: German"]).content.decode()
    assert "1 mentor found" in widened and "Ana Pereira" in widened


def test_it_offers_no_remove_link_without_filters(personas, client_for):
    client = client_for(personas.outsider)
    page = client.get("/mentors/?sort=name&q=").content.decode()
    assert remove_links(page) == {}
    # Found some: nothing to widen either.
    assert remove_links(client.get("/mentors/?language=en").content.decode()) == {}


def test_it_offers_no_remove_link_when_no_mentor_exists_at_all(db, client_for):
    page = client_for(make_mentee(name="Lonely")).get("/mentors/").content.decode()
    assert "0 mentors found" in page and remove_links(page) == {}
    assert "No mentor matches this search." in page


def test_it_escapes_the_search_words_in_the_link(personas, client_for):
    page = client_for(personas.mentee).get(
        "/mentors/", {"q": '<b>"x&y"</b>'}).content.decode()
    assert "<b>&quot;x" not in page and '<b>"x' not in page
    links = remove_links(page)
    assert list(links) == ['Remove search: \u201c<b>"x&y"</b>\u201d']
    assert links['Remove search: \u201c<b>"x&y"</b>\u201d'] == "/mentors/"
