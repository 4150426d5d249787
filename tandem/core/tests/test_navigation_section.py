"""The header marks the part of the site a page belongs to, whichever app serves it: a
mentorship's meetings page (meetings' own) marks Mentorships, a mentor's page and the
request form mark Find a mentor, a program's dashboard (health's page) marks Programs."""

from __future__ import annotations

import re

import pytest

from tandem.core.context_processors import navigation


class _Request:
    def __init__(self, path):
        self.path = path


@pytest.mark.parametrize("path, section", [
    ("/mentors/", "find"), ("/people/12/", "find"), ("/people/12/ask/", "find"),
    ("/mentorships/", "mentorships"), ("/mentorships/3/meetings/", "mentorships"),
    ("/mentorships/3/tab/goals/", "mentorships"), ("/requests/7/", "requests"),
    ("/programs/2/dashboard/", "programs"), ("/circles/4/", "circles"),
    ("/", ""), ("/profile/", ""), ("/notifications/", ""),
])
def test_it_reads_the_section_from_the_path(path, section):
    assert navigation(_Request(path)) == {"nav_section": section}


def current_entries(page: str) -> list[str]:
    nav = page.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    return [re.sub(r"<[^>]+>", "", text).strip()
            for text in re.findall(r'aria-current="page"[^>]*>(.*?)</a>', nav, re.S)]


def test_the_header_marks_the_part_a_page_belongs_to(personas, client_for):
    mentee = client_for(personas.mentee)
    mentor_page = f"/people/{personas.mentor.profile.pk}/"
    assert current_entries(mentee.get(mentor_page).content.decode()) == ["Find a mentor"]
    assert current_entries(mentee.get("/mentorships/").content.decode()) == ["Mentorships"]
    assert current_entries(mentee.get("/").content.decode()) == []

