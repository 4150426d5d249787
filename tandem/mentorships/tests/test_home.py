"""The role-aware home: each person sees first what needs them, every figure is right,
the cards are ordered by urgency, nothing private reaches a coordinator, and the page
costs a fixed number of queries however much data there is."""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.tests.factories import make_mentee, make_mentor
from tandem.conversations.services import message_post
from tandem.feedback.services import feedback_give, feedback_request_create
from tandem.journal.services import note_create
from tandem.meetings.services import meeting_schedule
from tandem.mentorships.models import Agreement, MentorshipRequest, Relationship
from tandem.mentorships.services import request_accept, request_create

pytestmark = pytest.mark.django_db

SECRET_MESSAGE = "my manager shouted at me again"
SECRET_FEEDBACK = "your slides buried the one number that mattered"
SECRET_NOTE = "private worry about burnout"


def _page(client, user) -> str:
    response = client(user).get("/")
    assert response.status_code == 200
    return response.content.decode()


def _cards(page: str) -> list[str]:
    """The data-testid of each card on the home, in order (cards without one: '')."""
    body = page.split('data-testid="home-sections"', 1)[1]
    return [m.group(1) or "" for m in re.finditer(
        r'<section class="card[^"]*"[^>]*?(?:data-testid="([^"]+)")?>', body)]


def _mentorship(mentee, mentor):
    req = request_create(actor=mentee, mentor=mentor, message="Hello, could you help me?")
    return request_accept(actor=mentor, request=req)


def _program(coordinator, **overrides):
    from tandem.programs.services import program_create
    from tandem.programs.tests.conftest import program_data

    return program_create(actor=coordinator, **program_data(**overrides))


def _enrol(program, user, role):
    from tandem.programs.services import participant_apply

    participant_apply(actor=user, program=program, role=role,
                      answers=["To grow"] if role == "mentee" else [],
                      capacity=1 if role == "mentor" else None)


def _quiet_program_mentorship(program, mentee, mentor):
    """An active mentorship of ``program`` with nothing happening for 75 days: at risk."""
    started = timezone.now() - timedelta(days=75)
    return Relationship.objects.create(mentee=mentee, mentor=mentor, program=program,
                                       started_at=started)


# --- Mentee ---------------------------------------------------------------------------


def test_it_shows_a_mentee_what_waits_on_them_with_a_link_to_each(personas, client_for):
    mia, marta = personas.mentee, personas.mentor
    rel = _mentorship(mia, marta)
    feedback_give(actor=marta, relationship=rel, kind="positive", body=SECRET_FEEDBACK)
    message_post(actor=marta, relationship=rel, body="How did the retro go?")
    page = _page(client_for, mia)
    # The agreement waits on her: the figure is the database's.
    drafts = Agreement.objects.filter(status="draft", relationship__mentee=mia,
                                      mentee_confirmed_at__isnull=True).count()
    assert drafts == 1
    assert page.count("Confirm the agreement with Marta Mentor") == drafts
    assert reverse("mentorships:agreement", args=[rel.pk]) in page
    # No meeting yet: the way to schedule one.
    assert "No meeting planned with Marta Mentor" in page
    assert f'{reverse("meetings:list", args=[rel.pk])}#one-title' in page
    # Feedback to acknowledge, and a way to ask for more.
    assert "Positive feedback from Marta Mentor" in page
    assert reverse("feedback:overview", args=[rel.pk]) in page
    assert reverse("feedback:request_new", args=[rel.pk]) in page
    # The mentor's question, to answer.
    assert 'data-testid="dashboard-unread">1 unread' in page
    assert f'href="{reverse("conversations:thread", args=[rel.pk])}">Reply to Marta Mentor' in page
    # Goal progress, each goal with its link to update it.
    for goal in mia.career_goals.all():
        assert reverse("growth:goal_edit", args=[goal.pk]) in page
    # She has a mentor: no suggestions, no "Find a mentor" card.
    assert 'data-testid="suggestions"' not in page and 'id="find-title"' not in page
    cards = _cards(page)
    assert cards.index("agreements-to-confirm") < cards.index("goal-progress")
    assert cards.index("messages-dashboard") < cards.index("goal-progress")


def test_it_shows_the_next_meeting_with_its_agenda(personas, client_for):
    mia, marta = personas.mentee, personas.mentor
    rel = _mentorship(mia, marta)
    meeting = meeting_schedule(actor=mia, relationship=rel,
                               day=timezone.localdate() + timedelta(days=3), at=time(10),
                               tz="Europe/Lisbon")
    page = _page(client_for, mia)
    assert "No meeting planned" not in page
    assert f'{reverse("meetings:detail", args=[meeting.pk])}#agenda-title' in page
    # Its time on her clock (the home reads the meeting's id and time with her mentorships).
    from zoneinfo import ZoneInfo

    from django.utils.dateformat import format as date_format

    mia.profile.refresh_from_db()
    local = timezone.localtime(meeting.starts_at, ZoneInfo(mia.profile.timezone))
    assert f"{date_format(local, 'l j F, H:i')} with Marta Mentor" in page


def test_a_mentee_without_a_mentor_gets_suggestions_and_the_directory(personas, client_for):
    page = _page(client_for, personas.mentee2)
    assert 'data-testid="suggestions"' in page
    assert reverse("directory:mentors") in page
    assert 'data-testid="next-meeting"' not in page


# --- Mentor ---------------------------------------------------------------------------


def test_it_shows_a_mentor_the_requests_waiting_with_their_age(personas, client_for):
    marta = personas.mentor
    old = request_create(actor=personas.mentee, mentor=marta, message="Please mentor me")
    request_create(actor=personas.mentee2, mentor=marta, message="Me too, please")
    MentorshipRequest.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=3, hours=2))
    page = _page(client_for, marta)
    waiting = MentorshipRequest.objects.filter(
        mentor=marta, state__in=MentorshipRequest.OPEN_STATES).count()
    assert page.count("'s request</a>") == waiting == 2
    assert "waiting 3 days" in page and "waiting since today" in page
    assert reverse("mentorships:request", args=[old.pk]) in page
    assert _cards(page)[0] == "requests-waiting"


def test_it_shows_each_mentee_at_a_glance_with_feedback_asked(personas, client_for):
    marta = personas.mentor
    rel = _mentorship(personas.mentee, marta)
    rel2 = _mentorship(personas.mentee2, marta)
    feedback_request_create(actor=personas.mentee, relationship=rel, topic="My talk")
    page = _page(client_for, marta)
    mentees = Relationship.objects.filter(mentor=marta, state="active").count()
    assert page.count('data-testid="mentee-row"') == mentees == 2
    assert page.count('data-testid="health-state"') == mentees
    for r in (rel, rel2):
        assert f'{reverse("meetings:list", args=[r.pk])}#one-title' in page
        assert reverse("feedback:entry_new", args=[r.pk]) in page
    assert "My talk" in page  # the request her mentee made, with the way to answer it


# --- Coordinator and staff ------------------------------------------------------------


@pytest.fixture
def cohort(personas, django_capture_on_commit_callbacks):
    """Cora's program: Mia and Noah applied as mentees, Marta as a mentor; a quiet program
    mentorship (at risk) between two others; a matching run ready for review."""
    from tandem.programs.services import run_start

    program = _program(personas.coordinator)
    _enrol(program, personas.mentee, "mentee")
    _enrol(program, personas.mentee2, "mentee")
    _enrol(program, personas.mentor, "mentor")
    ana, bea = make_mentee(email="ana@example.com", name="Ana"), make_mentor(
        email="bea@example.com", name="Bea")
    _quiet_program_mentorship(program, ana, bea)
    rel = Relationship.objects.create(
        mentee=make_mentee(email="eli@example.com", name="Eli"), program=program,
        mentor=make_mentor(email="fay@example.com", name="Fay"), started_at=timezone.now())
    ana, bea = rel.mentee, rel.mentor
    message_post(actor=ana, relationship=rel, body=SECRET_MESSAGE)
    feedback_give(actor=bea, relationship=rel, kind="constructive", body=SECRET_FEEDBACK)
    note_create(actor=bea, relationship=rel, body=SECRET_NOTE)
    with django_capture_on_commit_callbacks(execute=True):
        run_start(actor=personas.coordinator, program=program)
    return program


def _expected_figures(program):
    """The program's figures, counted here independently of the home's selectors."""
    from tandem.health.views import program_at_risk_list
    from tandem.programs.models import MatchingRun, MatchPair, Participant

    open_rel = Relationship.objects.filter(program=program, mentee=OuterRef("user"),
                                           state__in=("active", "paused", "completed"))
    awaiting = MatchPair.objects.filter(run__program=program, mentee=OuterRef("user"),
                                        status="awaiting")
    unmatched = (Participant.objects.filter(program=program, role="mentee", status="active")
                 .exclude(Exists(open_rel)).exclude(Exists(awaiting)).count())
    risky = program_at_risk_list(program)
    return {"unmatched": unmatched,
            "ready": MatchingRun.objects.filter(program=program, status="ready").exists(),
            "awaiting": MatchPair.objects.filter(run__program=program,
                                                 status="awaiting").count(),
            "at_risk": sum(1 for h in risky if h.state == "at_risk")}


def test_a_coordinators_home_starts_with_program_status(personas, cohort, client_for):
    page = _page(client_for, personas.coordinator)
    assert _cards(page)[0] == "program-status"
    expected = _expected_figures(cohort)
    assert expected["unmatched"] == 2 and expected["ready"] and expected["at_risk"] == 1
    row = page.split('data-testid="program-row"', 1)[1].split("</li>", 1)[0]
    assert f"{expected['unmatched']} mentees waiting for a match" in row
    assert "ready for review" in row and reverse("programs:matching", args=[cohort.pk]) in row
    assert f"{expected['at_risk']} at risk" in row
    assert reverse("health:program_at_risk", args=[cohort.pk]) in row
    # Each item is its own link; the health signal too, its badge beside the link text.
    links = dict((text, href.replace("&amp;", "&")) for href, text in re.findall(
        r'<a href="([^"]+)"[^>]*>([^<]+)</a>', row))
    assert links[f"Run #{cohort.runs.get(status='ready').number} ready for review"] == \
        reverse("programs:matching", args=[cohort.pk])
    assert links[f"{expected['unmatched']} mentees waiting for a match"].startswith(
        reverse("programs:participants", args=[cohort.pk]))
    [signal] = [text for text in links if "at risk" in text]
    assert signal.startswith(f"{expected['at_risk']} at risk")
    assert links[signal] == reverse("health:program_at_risk", args=[cohort.pk])
    assert "0 at risk" not in row and "</a>;" not in row and "Nothing waits on you" not in row


def test_a_program_with_pairs_at_risk_is_not_cut_from_a_long_list(personas, client_for):
    """Nine programs with mentees waiting, and a tenth where nothing waits but a pair is at
    risk: the card shows eight, and the one at risk is among them."""
    for n in range(9):
        busy = _program(personas.coordinator, name=f"Busy {n}")
        _enrol(busy, make_mentee(email=f"w{n}@example.com", name=f"Waiting {n}"), "mentee")
    quiet = _program(personas.coordinator, name="Quiet but at risk")
    _quiet_program_mentorship(quiet, make_mentee(email="q1@example.com", name="Q1"),
                              make_mentor(email="q2@example.com", name="Q2"))
    page = _page(client_for, personas.coordinator)
    assert page.count('data-testid="program-row"') == 8
    row = page.split(f'data-program="{quiet.pk}"', 1)[1].split("</li>", 1)[0]
    assert "1 at risk" in row
    assert "8 of 10 programs" in page


def test_a_quiet_programs_row_says_nothing_waits(personas, client_for):
    program = _program(personas.coordinator)
    page = _page(client_for, personas.coordinator)
    row = page.split(f'data-program="{program.pk}"', 1)[1].split("</li>", 1)[0]
    assert "Nothing waits on you" in row
    assert "at risk" not in row and reverse("health:program_at_risk", args=[program.pk]) \
        not in row


def test_the_figures_follow_a_published_run(personas, cohort, client_for):
    from tandem.programs.services import run_publish

    run_publish(actor=personas.coordinator, run=cohort.runs.get(status="ready"))
    page = _page(client_for, personas.coordinator)
    expected = _expected_figures(cohort)
    row = page.split('data-testid="program-row"', 1)[1].split("</li>", 1)[0]
    assert not expected["ready"] and "ready for review" not in row
    if expected["unmatched"]:
        assert f"{expected['unmatched']} mentee" in row
    else:
        assert "waiting for a match" not in row
    if expected["awaiting"]:
        assert f"{expected['awaiting']} match" in row and "awaiting an answer" in row
    else:
        assert "awaiting an answer" not in row


def test_a_coordinator_sees_figures_never_content(personas, cohort, client_for):
    page = _page(client_for, personas.coordinator)
    for secret in (SECRET_MESSAGE, SECRET_FEEDBACK, SECRET_NOTE):
        assert secret not in page
    for name in ("Ana", "Bea", "Eli", "Fay"):  # not even who is at risk: a count
        assert name not in page


def test_a_coordinator_sees_only_their_programs_and_staff_see_all(personas, cohort,
                                                                   client_for):
    from tandem.accounts.tests.factories import make_user

    other = make_user(email="carl@example.com", name="Carl")
    other.is_coordinator = True
    other.save(update_fields=["is_coordinator"])
    theirs = _program(other, name="Autumn cohort")
    assert "Autumn cohort" not in _page(client_for, personas.coordinator)
    page = _page(client_for, personas.staff)
    assert _cards(page)[0] == "program-status"
    assert page.count('data-testid="program-row"') == 2
    assert f'data-program="{theirs.pk}"' in page and f'data-program="{cohort.pk}"' in page
    assert "Community health" in page


def test_open_safety_reports_wait_on_staff(personas, client_for):
    from tandem.safety.models import Report
    from tandem.safety.services import report_create

    rel = _mentorship(personas.mentee, personas.mentor)
    report_create(actor=personas.mentee, category="other", details="Something is off.",
                  relationship_id=rel.pk)
    page = _page(client_for, personas.staff)
    open_reports = Report.objects.filter(status="open").count()
    assert f"{open_reports} open" in page
    assert "Something is off." not in page
    cards = _cards(page)
    assert cards[0] == "program-status"
    safety = next(i for i, c in enumerate(cards) if c == "safety-dashboard")
    assert safety < cards.index("journal-dashboard") if "journal-dashboard" in cards else True


# --- Several roles ----------------------------------------------------------------------


def test_several_roles_are_ordered_by_urgency(personas, cohort, client_for):
    cora = personas.coordinator
    profile = cora.profile
    profile.is_mentor, profile.mentor_capacity, profile.open_to_requests = True, 2, True
    profile.save(update_fields=["is_mentor", "mentor_capacity", "open_to_requests"])
    rel = _mentorship(make_mentee(email="eva@example.com", name="Eva"), cora)
    request_create(actor=make_mentee(email="ivo@example.com", name="Ivo"), mentor=cora,
                   message="Could you mentor me?")
    page = _page(client_for, cora)
    cards = _cards(page)
    # Program status leads; then what waits (the request, the agreement), then her
    # mentees at a glance, then the record last.
    assert cards[0] == "program-status"
    assert cards.index("requests-waiting") < cards.index("my-mentees")
    assert cards.index("agreements-to-confirm") < cards.index("my-mentees")
    assert cards[-1] == "record"
    assert "As a mentor" in page and "As a coordinator" in page
    assert f'{reverse("meetings:list", args=[rel.pk])}#one-title' in page


def test_one_role_shows_no_role_labels(personas, client_for):
    _mentorship(personas.mentee, personas.mentor)
    assert 'data-testid="card-roles"' not in _page(client_for, personas.mentor)


def test_every_link_on_the_home_opens_a_page(personas, cohort, client_for):
    """Each item links straight to where it is done: every link answers a GET."""
    cora = personas.coordinator
    rel = _mentorship(personas.mentee, personas.mentor)
    feedback_give(actor=personas.mentor, relationship=rel, kind="positive", body="Good")
    feedback_request_create(actor=personas.mentee, relationship=rel, topic="My talk")
    message_post(actor=personas.mentor, relationship=rel, body="How did it go?")
    request_create(actor=personas.mentee2, mentor=personas.mentor, message="Please help me")
    for user in (personas.mentee, personas.mentor, cora, personas.staff):
        client = client_for(user)
        page = client.get("/").content.decode().split('data-testid="home-sections"', 1)[1]
        links = set(re.findall(r'href="([^"#]+)(?:#[^"]*)?"', page))
        assert links
        for link in links:
            assert client.get(link.replace("&amp;", "&")).status_code == 200, (user, link)


# --- Getting started ------------------------------------------------------------------


def test_getting_started_lists_the_steps_of_the_persons_roles(client_for):
    from tandem.accounts.tests.factories import make_user
    from tandem.mentorships.tests.test_onboarding import steps_on

    mentee = make_user(email="new-mentee@example.com", name="Nia", is_mentee=True)
    mentor = make_user(email="new-mentor@example.com", name="Max", is_mentor=True)
    coordinator = make_user(email="new-coord@example.com", name="Cid")
    coordinator.is_coordinator = True
    coordinator.save(update_fields=["is_coordinator"])
    from conftest import enable_totp

    enable_totp(coordinator)
    assert set(steps_on(client_for(mentee).get("/"))) == {"profile", "goals", "find"}
    assert set(steps_on(client_for(mentor).get("/"))) == {"profile", "capacity"}
    assert set(steps_on(client_for(coordinator).get("/"))) == {"profile"}


# --- What the home asks once -----------------------------------------------------------


def test_the_homes_completeness_is_the_profile_pages(personas):
    """The home reads completeness from one annotated query; the profile page from the
    prefetched relations: the same figure and the same missing items, whatever is filled."""
    from dataclasses import fields

    from tandem.accounts.models import AvailabilityWindow, ProfileLanguage
    from tandem.accounts.selectors import own_profile, profile_completeness, profile_with_figures

    filled = personas.mentor2.profile
    ProfileLanguage.objects.create(profile=filled, code="pt")
    AvailabilityWindow.objects.create(profile=filled, weekday=1, start_minute=540,
                                      end_minute=600, utc_start=1980, utc_end=2040)
    for user in [getattr(personas, f.name) for f in fields(personas)]:
        page = own_profile(user)
        home = profile_with_figures(user)
        figures = profile_completeness(home, goal_count=home.goal_count)
        assert (figures.percent, figures.missing) == (page.completeness, page.missing), user
    assert "the languages you speak" not in own_profile(personas.mentor2).missing


def test_a_goals_progress_on_the_home_counts_its_milestones(personas, client_for):
    from tandem.growth.services import milestone_add, milestone_set_done

    goal = personas.mentee.career_goals.order_by("position", "id").first()
    first = milestone_add(actor=personas.mentee, goal=goal, title="Read the book")
    milestone_add(actor=personas.mentee, goal=goal, title="Give the talk")
    milestone_add(actor=personas.mentee, goal=goal, title="Ask for feedback")
    page = _page(client_for, personas.mentee)
    assert f'aria-label="Progress on {goal.title}">0%' in page
    milestone_set_done(actor=personas.mentee, milestone=first, done=True)
    page = _page(client_for, personas.mentee)
    assert f'aria-label="Progress on {goal.title}">33%' in page


def test_unread_goal_comments_count_only_on_goals_still_shared(personas, client_for):
    """The home counts unread comments in SQL (``growth.selectors.on_shared_goal_q``):
    the same goals as the rule the goal pages apply (``is_shared``), whatever the goal's
    visibility, share or attachment to the request."""
    from tandem.accounts.models import CareerGoal
    from tandem.growth.models import GoalComment, GoalShare
    from tandem.growth.selectors import is_shared, on_shared_goal_q

    mia, marta = personas.mentee, personas.mentor

    def goal(title, visibility, **more):
        return CareerGoal.objects.create(user=mia, title=title, title_key=title.casefold(),
                                         visibility=visibility, **more)

    attached = goal("Attached", "private")
    req = request_create(actor=mia, mentor=marta, message="Hello, could you help me?")
    req.goals.add(attached)
    rel = request_accept(actor=marta, request=req)
    later = timezone.now() + timedelta(minutes=1)
    goals = {
        "mentors": goal("All", "mentors"),
        "chosen": goal("Chosen", "chosen"),
        "not chosen": goal("Not chosen", "chosen"),
        "private": goal("Mine", "private"),
        "attached": attached,
        "changed since": goal("Moved", "private", visibility_changed_at=later),
    }
    req.goals.add(goals["changed since"])
    GoalShare.objects.create(goal=goals["chosen"], relationship=rel)
    for goal in goals.values():
        GoalComment.objects.create(goal=goal, relationship=rel, author=marta, text="Nice")
    shares = set(GoalShare.objects.values_list("goal_id", "relationship_id"))
    asked = {(g.pk, req.pk): req.created_at for g in req.goals.all()}
    expected = {name for name, g in goals.items()
                if is_shared(CareerGoal.objects.get(pk=g.pk), rel, shares, asked)}
    assert expected == {"mentors", "chosen", "attached"}
    found = set(GoalComment.objects.filter(on_shared_goal_q()).values_list("goal__title",
                                                                           flat=True))
    assert found == {goals[name].title for name in expected}
    assert f"{len(expected)} unread comments from Marta Mentor" in _page(client_for, mia)


def test_what_is_written_shows_on_the_next_visit(personas, client_for):
    """The cards skip their queries when the home's probes say there is nothing: each
    write shows on the very next visit (nothing is cached between requests)."""
    from tandem.journal.services import entry_create
    from tandem.safety.services import report_create

    mia, marta = personas.mentee, personas.mentor
    client = client_for(mia)

    def home() -> str:
        return client.get("/").content.decode()

    assert "Confirm the agreement" not in home()
    rel = _mentorship(mia, marta)
    assert "Confirm the agreement with Marta Mentor" in home()
    assert "Positive feedback from Marta Mentor" not in home()
    feedback_give(actor=marta, relationship=rel, kind="positive", body="Well done")
    assert "Positive feedback from Marta Mentor" in home()
    assert 'data-testid="dashboard-unread"' not in home()
    message_post(actor=marta, relationship=rel, body="How did it go?")
    assert 'data-testid="dashboard-unread">1 unread' in home()
    message_post(actor=marta, relationship=rel, body="And the retro?")
    assert 'data-testid="dashboard-unread">2 unread' in home()
    assert "Notes to self" not in home()
    entry_create(actor=mia, title="Notes to self")
    assert "Notes to self" in home()
    assert "Your reports" not in home()
    report_create(actor=mia, category="other", details="Something is off.",
                  relationship_id=rel.pk)
    assert "1 not closed yet" in home()
    # A mentor: the request waits on her as soon as it is sent.
    mentor_home = client_for(personas.mentor2)
    assert "'s request</a>" not in mentor_home.get("/").content.decode()
    request_create(actor=personas.mentee2, mentor=personas.mentor2, message="Please help")
    assert mentor_home.get("/").content.decode().count("'s request</a>") == 1


# --- Query counts ---------------------------------------------------------------------


def _count_queries(client, user) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client(user)
    c.get("/")  # warm caches (suggestions, sessions)
    with CaptureQueriesContext(connection) as queries:
        assert c.get("/").status_code == 200
    return len(queries)


# The home's queries per role, pinned, with a warm cache (issue 19: at most 12). One is
# the page's fixed cost (the user row: the session, the timezone and the header's figures
# come from the cache, tandem/core/cache.py); the rest are the home's own: one for the
# profile with every app's probes, one for the person's relationships with their figures
# (unread messages and comments, next meeting), then only the cards that have something
# to show, on what the cards share (tandem.core.sections.Home). A "busy" mentee has
# something on every card.
BUDGET = {"mentee": 7, "mentor": 9, "coordinator": 7, "staff": 7,
          "mentor and coordinator": 10, "busy mentee": 12}


def test_a_mentees_home_costs_the_same_with_more_data(personas, client_for):
    mia = personas.mentee

    def add(i):
        mentor = make_mentor(email=f"m{i}@example.com", name=f"Mentor {i}")
        rel = _mentorship(mia, mentor)
        feedback_give(actor=mentor, relationship=rel, kind="positive", body="Good")
        message_post(actor=mentor, relationship=rel, body="Hi")
        feedback_request_create(actor=mia, relationship=rel, topic="My talk")

    add(0)
    few = _count_queries(client_for, mia)
    for i in range(1, 4):
        add(i)
    many = _count_queries(client_for, mia)
    assert few == many <= BUDGET["mentee"], (few, many)


def test_a_mentors_home_costs_the_same_with_more_mentees(personas, client_for):
    marta = personas.mentor
    profile = marta.profile
    profile.mentor_capacity = 20
    profile.save(update_fields=["mentor_capacity"])

    def add(i):
        mentee = make_mentee(email=f"e{i}@example.com", name=f"Mentee {i}")
        rel = _mentorship(mentee, marta)
        feedback_request_create(actor=mentee, relationship=rel, topic="Help")
        request_create(actor=make_mentee(email=f"r{i}@example.com", name=f"R {i}"),
                       mentor=marta, message="Please")

    add(0)
    few = _count_queries(client_for, marta)
    for i in range(1, 5):
        add(i)
    many = _count_queries(client_for, marta)
    assert few == many <= BUDGET["mentor"], (few, many)


def test_a_coordinators_home_costs_the_same_with_more_programs(personas, client_for):
    cora = personas.coordinator

    def add(i):
        program = _program(cora, name=f"Cohort {i}")
        _enrol(program, make_mentee(email=f"p{i}@example.com", name=f"P {i}"), "mentee")
        _quiet_program_mentorship(program, make_mentee(email=f"q{i}@example.com"),
                                  make_mentor(email=f"w{i}@example.com"))

    add(0)
    few = _count_queries(client_for, cora)
    staff_few = _count_queries(client_for, personas.staff)
    for i in range(1, 5):
        add(i)
    many = _count_queries(client_for, cora)
    assert few == many <= BUDGET["coordinator"], (few, many)
    staff_many = _count_queries(client_for, personas.staff)
    assert staff_few == staff_many <= BUDGET["staff"], (staff_few, staff_many)


def test_a_mentor_and_coordinators_home_costs_the_same_with_more_data(personas, client_for):
    cora = personas.coordinator
    profile = cora.profile
    profile.is_mentor, profile.mentor_capacity, profile.open_to_requests = True, 10, True
    profile.save(update_fields=["is_mentor", "mentor_capacity", "open_to_requests"])

    def add(i):
        program = _program(cora, name=f"Cohort {i}")
        _quiet_program_mentorship(program, make_mentee(email=f"q{i}@example.com"),
                                  make_mentor(email=f"w{i}@example.com"))
        _mentorship(make_mentee(email=f"e{i}@example.com", name=f"Mentee {i}"), cora)

    add(0)
    few = _count_queries(client_for, cora)
    for i in range(1, 4):
        add(i)
    many = _count_queries(client_for, cora)
    assert few == many <= BUDGET["mentor and coordinator"], (few, many)


def test_a_busy_mentees_home_costs_the_same_with_more_of_everything(personas, client_for):
    """Every card of a mentee's home has something to show (each probe answers yes): the
    page costs more than a quiet one, but still a fixed number of queries."""
    from tandem.accounts.models import CareerGoal
    from tandem.advocacy.services import introduction_propose, opportunity_post
    from tandem.circles import services as circles
    from tandem.growth.models import GoalComment
    from tandem.journal.services import entry_create
    from tandem.safety.services import report_create

    mia = personas.mentee
    CareerGoal.objects.filter(user=mia).update(visibility="mentors")
    goal = CareerGoal.objects.filter(user=mia).first()
    program = _program(personas.coordinator)
    from tandem.programs.services import invitation_create

    invitation_create(actor=personas.coordinator, program=program, email=mia.email,
                      role="mentee")

    def add(i):
        mentor = make_mentor(email=f"b{i}@example.com", name=f"Busy {i}")
        rel = _mentorship(mia, mentor)
        meeting_schedule(actor=mia, relationship=rel, tz="Europe/Lisbon", at=time(10),
                         day=timezone.localdate() + timedelta(days=3 + i))
        feedback_give(actor=mentor, relationship=rel, kind="positive", body="Good")
        message_post(actor=mentor, relationship=rel, body="Hi")
        GoalComment.objects.create(goal=goal, relationship=rel, author=mentor, text="Nice")
        opportunity_post(actor=mentor, relationship=rel, kind="job", title=f"Role {i}",
                         deadline=timezone.localdate() + timedelta(days=5))
        introduction_propose(actor=mentor, relationship=rel, contact_name=f"Contact {i}",
                             why="You should meet")
        entry_create(actor=mia, title=f"Entry {i}")
        report_create(actor=mia, category="other", details="Something is off.",
                      relationship_id=rel.pk)
        circle = circles.circle_create(actor=mentor, topic=f"Circle {i}", mentor_led=True)
        circles.member_invite(actor=mentor, circle=circle, user=mia)

    add(0)
    few = _count_queries(client_for, mia)
    page = _page(client_for, mia)
    for card in ("agreements-to-confirm", "goal-progress", "messages-dashboard"):
        assert f'data-testid="{card}"' in page, card
    for i in range(1, 3):
        add(i)
    many = _count_queries(client_for, mia)
    assert few == many <= BUDGET["busy mentee"], (few, many)
