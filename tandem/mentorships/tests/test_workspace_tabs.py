"""A workspace tab's page computes only the cards of its tab (each app says where its
relationship card shows with ``RELATIONSHIP_TAB``), shows the same cards as before, and
costs a fixed number of queries."""

from __future__ import annotations

import pytest

from tandem.core import registry
from tandem.core.sections import relationship_sections
from tandem.mentorships import workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(personas):
    """Mia and Marta with a little of everything: feedback, a request, a note, a message."""
    from tandem.conversations.services import message_post
    from tandem.feedback.services import feedback_give, feedback_request_create
    from tandem.journal.services import note_create
    from tandem.mentorships.services import request_accept, request_create

    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hello, please")
    rel = request_accept(actor=personas.mentor, request=req)
    feedback_give(actor=personas.mentor, relationship=rel, kind="positive", body="Good")
    feedback_request_create(actor=personas.mentee, relationship=rel, topic="My talk")
    note_create(actor=personas.mentor, relationship=rel, body="Remember the talk")
    message_post(actor=personas.mentor, relationship=rel, body="Hi")
    return rel


def test_each_app_shows_its_card_on_the_tab_it_declares(personas, busy):
    declared = dict(registry.hooks("RELATIONSHIP_TAB"))
    assert declared, "the apps declare their tabs"
    for viewer in (personas.mentee, personas.mentor):
        for label, function in registry.hooks("relationship_section"):
            section = function(viewer=viewer, relationship=busy)
            if section and label in declared:
                assert workspace.tab_of(section) == declared[label], label


def test_a_tab_shows_the_cards_it_showed_when_every_card_was_computed(personas, busy):
    from tandem.mentorships.views import _on_tab

    for viewer in (personas.mentee, personas.mentor):
        every = relationship_sections(viewer=viewer, relationship=busy)
        for tab in workspace.SECTION_TABS:
            only = relationship_sections(viewer=viewer, relationship=busy, tab=tab)
            assert [s["template"] for s in _on_tab(only, tab)] == \
                [s["template"] for s in _on_tab(every, tab)], (viewer, tab)


# Each tab page's queries, the session and the header's included (when each tab computed
# every app's card, every tab cost 33 here).
TAB_BUDGET = {"meetings": 12, "goals": 18, "feedback": 14, "notes": 12}


@pytest.mark.parametrize("tab", sorted(TAB_BUDGET))
def test_a_tab_costs_the_same_with_more_data(tab, personas, busy, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tandem.feedback.services import feedback_give

    client = client_for(personas.mentee)
    url = f"/mentorships/{busy.pk}/tab/{tab}/"

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for n in range(3):
        feedback_give(actor=personas.mentor, relationship=busy, kind="positive",
                      body=f"Good {n}")
    assert few == count() <= TAB_BUDGET[tab], few
