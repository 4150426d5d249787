"""A program is a workspace: every program page shows its header and a sub-navigation
with the current tab marked. Cora (coordinator) sees every tab; Mia, enrolled as a
mentee, sees the program's page and her application; Oscar (outsider) and another
coordinator get 404 for the coordinator's tabs. The overview's figures are counted
again here, independently."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import enable_totp
from tandem.accounts.tests.factories import make_mentee, make_mentor, make_user
from tandem.health.tests.conftest import confirmed_mentorship
from tandem.health.tests.test_pages import _age
from tandem.mentorships.models import Relationship
from tandem.programs import services
from tandem.programs.models import (
    ImportJob,
    ImportStatus,
    MatchingRun,
    MatchPair,
    PairStatus,
    RunStatus,
)

TABS = [("Overview", "programs:detail"), ("Participants", "programs:participants"),
        ("Applications and invitations", "programs:invitations"),
        ("Import", "programs:import"), ("Matching", "programs:matching"),
        ("Dashboard", "health:program_dashboard"), ("Settings", "programs:edit")]
# Pages that are not tabs themselves, and the tab they sit under.
UNDER = [("programs:rematches", "Matching"), ("health:program_at_risk", "Dashboard"),
         ("health:program_rules", "Settings"), ("circles:program_circles", "Dashboard")]


class _Nav(HTMLParser):
    """The links of ``<nav aria-label=...>``: (text, href, aria-current), and the h1s."""

    def __init__(self, label: str):
        super().__init__()
        self.label, self.links, self.h1 = label, [], []
        self._in_nav = self._in_h1 = False
        self._link = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("aria-label") == self.label:
            self._in_nav = True
        elif tag == "a" and self._in_nav:
            self._link = [attrs.get("href"), attrs.get("aria-current"), ""]
        elif tag == "h1":
            self._in_h1 = True
            self.h1.append("")

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = False
        elif tag == "a" and self._link is not None:
            href, current, text = self._link
            self.links.append((text.strip(), href, current))
            self._link = None
        elif tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._link is not None:
            self._link[2] += data
        if self._in_h1:
            self.h1[-1] += data


def nav_of(html: str, label: str = "Program") -> _Nav:
    parser = _Nav(label)
    parser.feed(html)
    return parser


@pytest.fixture
def world(personas, cohort):
    """The cohort (Mia and Noah mentees, Marta and Omar mentors), Oscar invited, a ready
    run, and Noah and Marta's mentorship in the program with a re-match request."""
    services.invitation_create(actor=personas.coordinator, program=cohort,
                               email=personas.outsider.email, role="mentee")
    MatchingRun.objects.create(program=cohort, status=RunStatus.READY)
    return cohort


def test_it_shows_every_tab_to_the_coordinator_with_the_current_one_marked(
        personas, world, client_for):
    client = client_for(personas.coordinator)
    expected = [(label, reverse(name, args=[world.pk])) for label, name in TABS]
    for label, name in TABS:
        response = client.get(reverse(name, args=[world.pk]))
        assert response.status_code == 200, name
        nav = nav_of(response.content.decode())
        assert [(t, h) for t, h, _ in nav.links] == expected
        assert [t for t, _, current in nav.links if current == "page"] == [label]
        assert nav.h1 == [world.name]
        assert 'data-testid="program-figures"' in response.content.decode()
    for name, tab in UNDER:
        nav = nav_of(client.get(reverse(name, args=[world.pk])).content.decode())
        assert [t for t, _, current in nav.links if current == "page"] == [tab], name


def test_it_keeps_the_coordinator_tabs_from_everyone_else(personas, world, client_for):
    other = make_user(email="carl@example.com", name="Carl Coordinator")
    other.is_coordinator = True
    other.save(update_fields=["is_coordinator"])
    enable_totp(other)
    for user in (personas.mentee, personas.outsider, personas.mentor2, other):
        client = client_for(user)
        for _, name in TABS[1:]:
            assert client.get(reverse(name, args=[world.pk])).status_code == 404, name
    assert client_for(personas.staff).get(
        reverse("programs:matching", args=[world.pk])).status_code == 200
    assert client_for(None).get(reverse("programs:detail", args=[world.pk])).status_code == 302


def test_it_gives_a_participant_the_program_page_and_their_application(
        personas, world, client_for):
    client = client_for(personas.mentee)
    mine = [("Overview", reverse("programs:detail", args=[world.pk])),
            ("My application", reverse("programs:application", args=[world.pk]))]
    for url, current in ((mine[0][1], "Overview"), (mine[1][1], "My application")):
        html = client.get(url).content.decode()
        nav = nav_of(html)
        assert [(t, h) for t, h, _ in nav.links] == mine
        assert [t for t, _, c in nav.links if c == "page"] == [current]
        assert nav.h1 == [world.name]
        assert "program-figures" not in html and "What needs you" not in html
    # Someone who may apply but is not in the program: the page, with no sub-navigation.
    html = client_for(personas.outsider).get(mine[0][1]).content.decode()
    assert nav_of(html).links == [] and nav_of(html).h1 == [world.name]


def _needs(html: str) -> dict[str, str]:
    """The overview's "What needs you" lines, by their test id, as plain text."""
    import re

    found = {}
    for testid, body in re.findall(r'<li data-testid="(needs-[a-z]+)">(.*?)</li>', html, re.S):
        found[testid] = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", body)).strip()
    return found


def test_it_counts_what_needs_the_coordinator(personas, world, client_for):
    program = world
    # Two published matches wait for answers, one was declined.
    published = MatchingRun.objects.create(program=program, status=RunStatus.PUBLISHED,
                                           published_at=timezone.now())
    extra = [make_mentee(email=f"m{i}@example.com", name=f"Mentee {i}") for i in range(3)]
    for user in extra:
        services.participant_apply(actor=user, program=program, role="mentee",
                                   answers=["Rust"])
    MatchPair.objects.create(run=published, mentee=extra[0], mentor=personas.mentor2,
                             status=PairStatus.AWAITING)
    MatchPair.objects.create(run=published, mentee=extra[1], mentor=personas.mentor2,
                             status=PairStatus.AWAITING)
    MatchPair.objects.create(run=published, mentee=extra[2], mentor=personas.mentor,
                             status=PairStatus.DECLINED)
    # The ready run is newer than the published one.
    MatchingRun.objects.filter(program=program, status=RunStatus.READY).update(
        created_at=timezone.now() + timedelta(seconds=1))
    services.invitation_create(actor=personas.coordinator, program=program,
                               email="new@example.com", role="mentor")
    ImportJob.objects.create(program=program, created_by=personas.coordinator,
                             filename="people.csv", status=ImportStatus.INVALID,
                             content="", total_rows=2, valid_rows=1)
    # Mentorships of the program: two silent for 70 days (at risk), one for 33 (needs
    # attention), one fresh; Mia's is one of the silent ones.
    rels = []
    for index, days in enumerate((70, 70, 33, 0)):
        mentee = personas.mentee if index == 0 else make_mentee(
            email=f"r{index}@example.com", name=f"Related {index}")
        rel = confirmed_mentorship(mentee, make_mentor(email=f"t{index}@example.com",
                                                       name=f"Tutor {index}"))
        Relationship.objects.filter(pk=rel.pk).update(program=program)
        _age(rel, days)
        rel.refresh_from_db()
        rels.append(rel)
    services.rematch_request(actor=personas.mentee, relationship=rels[0], reason="No fit.")

    html = client_for(personas.coordinator).get(
        reverse("programs:detail", args=[program.pk])).content.decode()
    needs = _needs(html)

    # Counted here without the selectors: enrolled mentees with no mentorship of the
    # program (open or completed) and no published match waiting.
    mentees = set(program.participants.filter(role="mentee", status="active",
                                              user__is_active=True)
                  .values_list("user_id", flat=True))
    with_match = set(Relationship.objects.filter(
        program=program, state__in=["active", "paused", "completed"])
        .values_list("mentee_id", flat=True)) | set(
        MatchPair.objects.filter(run__program=program, status="awaiting")
        .values_list("mentee_id", flat=True))
    unmatched = len(mentees - with_match)
    assert unmatched == 2  # Noah, and the mentee whose match was declined
    assert needs["needs-unmatched"].startswith(f"{unmatched} enrolled mentees without a match")
    assert needs["needs-matches"].startswith("2 published matches waiting for an answer")
    pending = program.invitations.filter(status="pending").count()
    assert pending == 2
    assert needs["needs-invitations"].startswith("2 invitations not answered yet")
    assert needs["needs-rematches"] == "1 re-match request to answer"
    assert "ready for review" in needs["needs-run"]
    assert "needs-import" in needs
    assert '<section class="card callout" aria-labelledby="needs-heading"' in html
    assert "<strong>2</strong> at risk, <strong>1</strong> needing attention" in html
    at_risk = reverse("health:program_at_risk", args=[program.pk])
    assert f'href="{at_risk}">See the at-risk pairs' in html
    assert f'href="{reverse("programs:matching", args=[program.pk])}">Review matching run' \
        in html
    # The header's figures.
    assert f"{len(mentees)} mentees enrolled" in html
    assert "2 mentors enrolled" in html
    assert "4 mentorships running" in html


def test_it_says_when_nothing_needs_the_coordinator(personas, program, client_for):
    html = client_for(personas.coordinator).get(
        reverse("programs:detail", args=[program.pk])).content.decode()
    assert _needs(html) == {}
    assert "Nothing waits on you" in html
    # A plain card then, like "Pairs at risk": the warning look only when something waits.
    assert '<section class="card" aria-labelledby="needs-heading"' in html
    assert "Every running mentorship of the program is healthy." in html


def _grow(program, personas, n: int):
    """``n`` more of everything a program page lists or counts."""
    from tandem.programs.models import RematchRequest

    run = MatchingRun.objects.create(program=program, status=RunStatus.PUBLISHED,
                                     published_at=timezone.now())
    for i in range(n):
        mentee = make_mentee(email=f"g{n}-{i}@example.com", name=f"Grown {i}")
        mentor = make_mentor(email=f"h{n}-{i}@example.com", name=f"Helper {i}")
        services.participant_apply(actor=mentee, program=program, role="mentee",
                                   answers=["More"])
        services.participant_apply(actor=mentor, program=program, role="mentor",
                                   capacity=2)
        services.invitation_create(actor=personas.coordinator, program=program,
                                   email=f"i{n}-{i}@example.com", role="mentee")
        MatchPair.objects.create(run=run, mentee=mentee, mentor=mentor,
                                 status=PairStatus.AWAITING)
        rel = confirmed_mentorship(make_mentee(email=f"x{n}-{i}@example.com"), mentor)
        Relationship.objects.filter(pk=rel.pk).update(program=program)
        _age(rel, 70 if i % 2 else 0)
        RematchRequest.objects.create(program=program, relationship=rel,
                                      requested_by=rel.mentee, reason="Grown")


@pytest.mark.parametrize("name", [n for _, n in TABS] + [n for n, _ in UNDER])
def test_it_costs_the_same_queries_as_the_program_grows(personas, world, client_for, name):
    client = client_for(personas.coordinator)
    url = reverse(name, args=[world.pk])
    client.get(url)  # warm up (sessions, caches)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _grow(world, personas, 1)
    small = count()
    _grow(world, personas, 3)
    assert count() == small
