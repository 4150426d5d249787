"""The relationship workspace: a header with the two people, the state, the agreement and
the next meeting on every page of the mentorship; a sub-navigation of plain links (the
Overview, four tabs of cards, the conversation and the timeline); the Overview lists what
waits on the viewer and links the frequent tasks. Only the two parties see any of it."""

from __future__ import annotations

import html
import re
from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.conversations.services import message_post
from tandem.feedback.services import feedback_give
from tandem.journal.services import note_create
from tandem.meetings.services import meeting_schedule
from tandem.mentorships.services import agreement_confirm, agreement_propose

SECTION_TABS = ["meetings", "goals", "feedback", "notes"]
OVERVIEW_QUERIES = 32  # 28 measured on SQLite
# Each tab and a card heading it shows (its aria-labelledby id).
CARDS = {
    "overview": ["attention-title", "agreement-title", "health-card-title", "messages-title",
                 "safety-relationship-title", "manage-title"],
    "meetings": ["meetings-title"],
    "goals": ["growth-goals-title", "growth-assessment-title", "plan-section-title",
              "advocacy-title"],
    "feedback": ["feedback-card-title", "reports-title"],
    "notes": ["journal-notes-title"],
}
ALL_CARDS = {card for cards in CARDS.values() for card in cards}


def urls(rel) -> dict[str, str]:
    return {
        "overview": reverse("mentorships:detail", args=[rel.pk]),
        **{tab: reverse("mentorships:tab", args=[rel.pk, tab]) for tab in SECTION_TABS},
        "messages": reverse("conversations:thread", args=[rel.pk]),
        "timeline": reverse("record:timeline", args=[rel.pk]),
    }


def text(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def header(page: str) -> str:
    found = re.search(r'data-testid="workspace-header">(.*?)</nav>', page, re.S)
    assert found, "no workspace header"
    return found.group(1)


@pytest.fixture
def agreed(personas, relationship):
    """Mia and Marta, with version 1 of the agreement confirmed by both."""
    agreement_propose(actor=personas.mentor, relationship=relationship, changes={
        "objectives": [{"text": "Lead the platform team's planning"}]})
    agreement_confirm(actor=personas.mentee, relationship=relationship, version=1)
    return relationship


def test_it_shows_every_page_of_the_workspace_to_both_parties_only(personas, agreed,
                                                                   client_for):
    for name in ("mentee", "mentor"):
        client = client_for(getattr(personas, name))
        for tab, url in urls(agreed).items():
            response = client.get(url)
            assert response.status_code == 200, (name, tab)
            nav = header(response.content.decode())
            assert '<nav class="subnav" aria-label="Mentorship">' in nav
            current = re.findall(r'<a href="([^"]+)" aria-current="page"', nav)
            assert current == [url], (tab, current)
    for name in ("mentee2", "mentor2", "outsider", "coordinator", "staff"):
        client = client_for(getattr(personas, name))
        for tab, url in urls(agreed).items():
            assert client.get(url).status_code == 404, (name, tab)
    assert client_for(personas.mentee).get(
        reverse("mentorships:tab", args=[agreed.pk, "elsewhere"])).status_code == 404


def test_it_shows_each_card_on_its_own_tab(personas, agreed, client_for):
    client = client_for(personas.mentor)
    pages = {tab: client.get(url).content.decode() for tab, url in urls(agreed).items()
             if tab in CARDS}
    for tab, page in pages.items():
        shown = set(re.findall(r'aria-labelledby="([\w-]+)"', page)) & ALL_CARDS
        assert shown == set(CARDS[tab]), tab


def test_it_says_who_what_state_the_agreement_and_the_next_meeting(personas, relationship,
                                                                  client_for):
    rel = relationship
    mentee, mentor = client_for(personas.mentee), client_for(personas.mentor)
    page = header(mentee.get(urls(rel)["feedback"]).content.decode())
    assert f"{personas.mentee.display_name} (mentee) and {personas.mentor.display_name} " \
           "(mentor)" in text(page)
    assert 'data-testid="relationship-state">Active' in page
    assert "Agreement: pending" in text(page) and "Next meeting: none" in text(page)

    agreement_propose(actor=personas.mentor, relationship=rel, changes={
        "objectives": [{"text": "Lead the platform team's planning"}]})
    page = mentee.get(urls(rel)["overview"]).content.decode()
    assert "pending: waiting for your confirmation" in text(header(page))
    assert "Read and confirm the agreement (version 1)" in page
    assert "waiting for your confirmation" not in mentor.get(urls(rel)["overview"]).content.decode()

    agreement_confirm(actor=personas.mentee, relationship=rel, version=1)
    soon = timezone.localdate() + timedelta(days=3)
    meeting_schedule(actor=personas.mentor, relationship=rel, day=soon, at=time(15, 0),
                     tz="UTC")
    page = header(mentor.get(urls(rel)["timeline"]).content.decode())
    assert "Agreement: confirmed, version 1" in text(page)
    assert re.search(r'data-testid="header-next-meeting">\w{3} \d+ \w{3}, \d\d:\d\d<', page)

    agreement_propose(actor=personas.mentee, relationship=rel, changes={
        "objectives": [{"text": "Lead the platform team's planning"},
                       {"text": "Run one retrospective"}]})
    page = text(header(mentor.get(urls(rel)["messages"]).content.decode()))
    assert "version 1 confirmed; version 2 waits for your confirmation" in page
    page = text(header(mentee.get(urls(rel)["messages"]).content.decode()))
    assert "version 2 waits for the other person" in page


def test_it_lists_what_waits_and_links_the_frequent_tasks(personas, agreed, client_for):
    rel = agreed
    feedback_give(actor=personas.mentor, relationship=rel, kind="positive", body="Clear plan.")
    message_post(actor=personas.mentor, relationship=rel, body="How did the review go?")
    mentee = client_for(personas.mentee).get(urls(rel)["overview"]).content.decode()
    attention = text(re.search(r'data-testid="attention">(.*?)</section>', mentee, re.S)[1])
    assert "No meeting is scheduled: schedule the next one" in attention
    assert "1 feedback entry to acknowledge" in attention
    assert f"1 unread message from {personas.mentor.display_name}" in attention
    actions = re.search(r'data-testid="quick-actions">(.*?)</section>', mentee, re.S)[1]
    for label, url in (("Schedule a meeting", reverse("meetings:list", args=[rel.pk])),
                       ("Ask for feedback", reverse("feedback:request_new", args=[rel.pk])),
                       ("Write to", reverse("conversations:thread", args=[rel.pk]))):
        assert re.search(rf'href="{re.escape(url)}[^"]*">{label}', actions), label
    goal = personas.mentee.career_goals.first()  # shared when she asked
    edit = reverse("growth:goal_edit", args=[goal.pk])
    assert f'href="{edit}">Update “{html.escape(goal.title)}”: ' in mentee
    mentor = client_for(personas.mentor).get(urls(rel)["overview"]).content.decode()
    assert f'href="{reverse("feedback:entry_new", args=[rel.pk])}">Give feedback' in mentor
    assert edit not in mentor  # the goal is the mentee's to update
    assert f'href="{reverse("mentorships:manage", args=[rel.pk])}"' in mentor

    soon = timezone.localdate() + timedelta(days=3)
    meeting = meeting_schedule(actor=personas.mentor, relationship=rel, day=soon,
                               at=time(15, 0), tz="UTC")
    mentee = client_for(personas.mentee).get(urls(rel)["overview"]).content.decode()
    agenda = reverse("meetings:detail", args=[meeting.pk]) + "#agenda-title"
    assert f'href="{agenda}">Add to the agenda' in mentee
    assert "No meeting is scheduled" not in mentee


def test_it_costs_the_same_queries_as_the_mentorship_grows(personas, agreed, client_for,
                                                            query_budget):
    rel = agreed
    client = client_for(personas.mentee)
    start = date.today() + timedelta(days=2)

    def make(n):
        for i in range(n):
            meeting_schedule(actor=personas.mentor, relationship=rel,
                             day=start + timedelta(days=i), at=time(9, 0), tz="UTC")
            feedback_give(actor=personas.mentor, relationship=rel, kind="positive",
                          body=f"Well done {i}")
            message_post(actor=personas.mentor, relationship=rel, body=f"Message {i}")
            note_create(actor=personas.mentee, relationship=rel, body=f"Note {i}")

    pages = [u for tab, u in urls(rel).items() if tab in CARDS]
    query_budget(make=make, call=lambda: [client.get(u) for u in pages], small=2, large=12)


def test_it_costs_a_pinned_number_of_queries(personas, agreed, client_for,
                                             django_assert_max_num_queries):
    client = client_for(personas.mentee)
    client.get(urls(agreed)["overview"])  # warm the caches
    # Every app's card, and the header: the agreement's versions and the next meeting.
    with django_assert_max_num_queries(OVERVIEW_QUERIES):
        client.get(urls(agreed)["overview"])
    with django_assert_max_num_queries(OVERVIEW_QUERIES):
        client.get(urls(agreed)["goals"])
