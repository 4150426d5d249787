"""Every page of a mentorship shows the workspace header (issue 18): the two people, the
state, the agreement, and the sub-navigation with the page's tab marked, so the pair never
loses their place, wherever they are in the mentorship."""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone

TAB_OF = {
    "/mentorships/{rel}/meetings/": "meetings",
    "/meetings/{meeting}/": "meetings",
    "/mentorships/{rel}/goals/": "goals",
    "/mentorships/{rel}/strengths/": "goals",
    "/mentorships/{rel}/strengths/update/": "goals",
    "/mentorships/{rel}/strengths/history/": "goals",
    "/mentorships/{rel}/plan/": "goals",
    "/mentorships/{rel}/advocacy/": "goals",
    "/mentorships/{rel}/feedback/": "feedback",
    "/mentorships/{rel}/feedback/new/": "feedback",
    "/mentorships/{rel}/feedback/ask/": "feedback",
    "/mentorships/{rel}/feedback/give-back/": "feedback",
    "/mentorships/{rel}/feedback/contributions/new/": "feedback",
    "/mentorships/{rel}/reports/": "feedback",
    "/mentorships/{rel}/reports/history/": "feedback",
    "/mentorships/{rel}/notes/": "notes",
    "/mentorships/{rel}/journal/": "notes",
    "/mentorships/{rel}/agreement/": "overview",
    "/mentorships/{rel}/agreement/v1/": "overview",
    "/mentorships/{rel}/manage/": "overview",
    "/mentorships/{rel}/health/": "overview",
}
TAB_URL = {"overview": "/mentorships/{rel}/", "meetings": "/mentorships/{rel}/tab/meetings/",
           "goals": "/mentorships/{rel}/tab/goals/",
           "feedback": "/mentorships/{rel}/tab/feedback/",
           "notes": "/mentorships/{rel}/tab/notes/"}


@pytest.fixture
def pair(personas):
    """Mia and Marta, with an agreement confirmed and a meeting on the calendar."""
    from tandem.meetings.services import meeting_schedule
    from tandem.mentorships.services import (
        agreement_confirm,
        agreement_propose,
        request_accept,
        request_create,
    )

    req = request_create(actor=personas.mentee, mentor=personas.mentor,
                         message="Could you mentor me?")
    rel = request_accept(actor=personas.mentor, request=req)
    agreement_propose(actor=personas.mentor, relationship=rel, changes={
        "objectives": [{"text": "Lead the platform team's planning"}]})
    agreement_confirm(actor=personas.mentee, relationship=rel, version=1)
    meeting = meeting_schedule(actor=personas.mentor, relationship=rel,
                               day=timezone.localdate() + timedelta(days=3),
                               at=time(15, 0), tz="UTC")
    return rel, meeting


@pytest.mark.parametrize("path", TAB_OF)
def test_it_shows_the_workspace_header_with_the_pages_tab_marked(path, pair, personas,
                                                                 client_for):
    rel, meeting = pair
    shown = 0
    for person in (personas.mentee, personas.mentor):
        response = client_for(person).get(path.format(rel=rel.pk, meeting=meeting.pk))
        if response.status_code in (403, 404):
            continue  # a page for one of the two only (e.g. giving back is the mentee's)
        assert response.status_code == 200, (path, person, response.status_code)
        page = response.content.decode()
        assert page.count('data-testid="workspace-header"') == 1, path
        assert page.count("<h1") == 1, path
        nav = re.search(r'<nav class="subnav" aria-label="Mentorship">(.*?)</nav>', page,
                        re.S)[1]
        current = re.findall(r'<a href="([^"]+)" aria-current="page"', nav)
        assert current == [TAB_URL[TAB_OF[path]].format(rel=rel.pk)], (path, current)
        shown += 1
    assert shown, path
