"""Every figure of a program's dashboard and of its participants.csv, checked against a
count made here, straight from the models, for a program with a known history: people
whose profile flags differ from their role in the program, a withdrawn mentee, an active,
a completed and an ended mentorship, published matches in every state, meetings, progress
reports, feedback and reflections, and a community mentorship that must not count."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import CareerGoal, GoalStatus, Profile
from tandem.accounts.tests.factories import make_mentee, make_mentor
from tandem.feedback import services as feedback
from tandem.feedback.models import (
    Contribution,
    FeedbackEntry,
    FeedbackRequest,
    MentorFeedback,
    ProgressReport,
)
from tandem.growth.services import goal_create
from tandem.health.tests.conftest import confirmed_mentorship
from tandem.meetings.models import Meeting
from tandem.mentorships.models import (
    Agreement,
    MentorshipRequest,
    Reflection,
    Relationship,
    RequestState,
)
from tandem.mentorships.services import reflection_submit
from tandem.programs import services as programs
from tandem.programs.models import (
    MatchingRun,
    MatchPair,
    PairStatus,
    Participant,
    ParticipantStatus,
    RunStatus,
)

STATES = [("active", "Active"), ("paused", "Paused"), ("completed", "Completed"),
          ("ended_early", "Ended early")]
INTERVAL = {"weekly": 7, "biweekly": 14, "monthly": 30}


def _ago(days: int) -> datetime:
    return timezone.now() - timedelta(days=days)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


def _avg(values) -> str:
    values = list(values)
    return f"{sum(values) / len(values):.2f}" if values else "—"


def _set_dates(rel, *, started: int, ended: int | None = None, state: str | None = None):
    """The mentorship began ``started`` days ago (its agreement too) and closed
    ``ended`` days ago."""
    changes = {"started_at": _ago(started)}
    if ended is not None:
        changes.update(ended_at=_ago(ended), state=state)
    Relationship.objects.filter(pk=rel.pk).update(**changes)
    Agreement.objects.filter(relationship=rel).update(
        start_date=timezone.localdate() - timedelta(days=started), confirmed_at=_ago(started))
    rel.refresh_from_db()


def _meeting(rel, days: int, status: str):
    return Meeting.objects.create(relationship=rel, starts_at=_ago(days), timezone="UTC",
                                  status=status, created_by=rel.mentee)


def _report(rel, author, *, due: date, satisfaction: int, written_days_ago: int | None = None):
    report = feedback.report_submit(actor=author, relationship=rel, due_date=due,
                                    went_well="Good talks.", satisfaction=satisfaction,
                                    cadence_fit="right")
    if written_days_ago is not None:
        ProgressReport.objects.filter(pk=report.pk).update(created_at=_ago(written_days_ago))
    return report


@pytest.fixture
def history(personas):
    today = timezone.localdate()
    program = programs.program_create(
        actor=personas.coordinator, name="Known history",
        applications_open=today - timedelta(days=60), applications_close=today + timedelta(
            days=5), starts_on=today - timedelta(days=50), ends_on=today + timedelta(days=60))
    # Profiles that say more than the program: Bea is a mentor and a mentee on her profile
    # and a mentee here; Gus applied as a mentee and withdrew; Ivy mentors, unmatched.
    bea = make_mentor(name="Bea Both", is_mentee=True, capacity=3)
    goal_create(actor=bea, title="Switch teams", why="Growth.")
    gus = make_mentee(name="Gus Gone", goals=["Leave"])
    ivy = make_mentor(name="Ivy Idle")
    flagged = make_mentee(name="Fay Community", goals=["Count me not"])
    for person in (personas.mentee, personas.mentee2, bea, gus):
        programs.participant_apply(actor=person, program=program, role="mentee")
    for person, places in ((personas.mentor, 2), (personas.mentor2, 1), (ivy, 1)):
        programs.participant_apply(actor=person, program=program, role="mentor",
                                   capacity=places)
    programs.participant_withdraw(actor=gus, participant=Participant.objects.get(
        program=program, user=gus))

    # Mia with Marta: running for six weeks, meetings of every kind, reports, feedback.
    running = confirmed_mentorship(personas.mentee, personas.mentor)
    # Noah with Omar: completed ten days ago, both reflected.
    done = confirmed_mentorship(personas.mentee2, personas.mentor2)
    # Bea with Marta: ended early (a re-match); a new match with Ivy waits for answers.
    ended = confirmed_mentorship(bea, personas.mentor)
    Relationship.objects.filter(pk__in=[running.pk, done.pk, ended.pk]).update(program=program)
    _set_dates(running, started=42)
    _set_dates(done, started=42, ended=10, state="completed")
    _set_dates(ended, started=42, ended=20, state="ended_early")
    # A community mentorship with a history of its own, which no program figure counts.
    community = confirmed_mentorship(flagged, personas.mentor2)
    _set_dates(community, started=42)
    for days, status in ((35, "held"), (7, "missed")):
        _meeting(community, days, status)
    _report(community, flagged, due=today - timedelta(days=14), satisfaction=1)

    for days, status in ((35, "held"), (21, "held"), (14, "cancelled"), (7, "missed"),
                         (-7, "scheduled")):
        _meeting(running, days, status)
    _meeting(done, 30, "held")
    _meeting(ended, 30, "held")
    due = today - timedelta(days=14)
    _report(running, personas.mentee, due=due, satisfaction=4, written_days_ago=12)
    _report(done, personas.mentee2, due=due, satisfaction=2)  # written late: today
    for rel, author, rating in ((done, personas.mentee2, 3), (done, personas.mentor2, 5)):
        rel.refresh_from_db()
        reflection_submit(actor=author, relationship=rel, achieved="A plan.", rating=rating,
                          would_recommend=True)
    feedback.feedback_give(actor=personas.mentor, relationship=running, kind="positive",
                           body="Clear slides.")
    feedback.feedback_give(actor=personas.mentor, relationship=running, kind="constructive",
                           body="Slow down.")
    feedback.feedback_request_create(actor=personas.mentee, relationship=running, topic="CV")
    feedback.mentor_feedback_give(actor=personas.mentee, relationship=running,
                                  what_helped="Your questions.")
    feedback.contribution_add(actor=personas.mentee, relationship=running, kind="resource",
                              description="A book.", date=today)
    feedback.feedback_give(actor=personas.mentor2, relationship=community, kind="positive",
                           body="Not counted.")

    # Published matches in every state.
    run = MatchingRun.objects.create(program=program, status=RunStatus.PUBLISHED,
                                     published_at=_ago(43))
    for mentee, mentor, status, rel in (
            (personas.mentee, personas.mentor, PairStatus.STARTED, running),
            (personas.mentee2, personas.mentor2, PairStatus.STARTED, done),
            (bea, personas.mentor, PairStatus.STARTED, ended),
            (gus, ivy, PairStatus.DECLINED, None),
            (gus, personas.mentor2, PairStatus.EXPIRED, None),
            (bea, personas.mentor2, PairStatus.NOT_STARTED, None)):
        MatchPair.objects.create(run=run, mentee=mentee, mentor=mentor, status=status,
                                 relationship=rel)
    later = MatchingRun.objects.create(program=program, status=RunStatus.PUBLISHED,
                                       published_at=_ago(2))
    MatchPair.objects.create(run=later, mentee=bea, mentor=ivy, status=PairStatus.AWAITING,
                             expires_at=_ago(-12))
    # A run under review proposes nothing anyone was told of yet.
    review = MatchingRun.objects.create(program=program, status=RunStatus.READY)
    MatchPair.objects.create(run=review, mentee=gus, mentor=ivy, status=PairStatus.PROPOSED)
    return program


def expected_tables(program) -> dict[str, list[list[str]]]:
    """Every table of a program's dashboard (``program=None``: the open community's),
    counted from the models."""
    now, today = timezone.now(), timezone.localdate()
    rels = list(Relationship.objects.filter(program=program))
    open_rels = [r for r in rels if r.state in ("active", "paused")]
    if program is None:
        people = Profile.objects.filter(user__is_active=True)
        mentee_ids = set(people.filter(is_mentee=True).values_list("user_id", flat=True))
        mentor_ids = set(people.filter(is_mentor=True).values_list("user_id", flat=True))
        in_mentorship = {r.mentee_id for r in open_rels}
        busy = {r.mentor_id for r in open_rels}
        labels = ["Mentees (looking for a mentor)", "Mentors"]
    else:
        active = Participant.objects.filter(program=program, status=ParticipantStatus.ACTIVE,
                                            user__is_active=True)
        mentee_ids = set(active.filter(role="mentee").values_list("user_id", flat=True))
        mentor_ids = set(active.filter(role="mentor").values_list("user_id", flat=True))
        in_mentorship = {r.mentee_id for r in open_rels} & mentee_ids
        busy = {r.mentor_id for r in open_rels} & mentor_ids
        labels = ["Mentees enrolled", "Mentors enrolled"]
    tables = {"participants": [
        [labels[0], len(mentee_ids)], [labels[1], len(mentor_ids)],
        ["Mentees in an active or paused mentorship", len(in_mentorship)],
        ["Mentees without one", max(0, len(mentee_ids) - len(in_mentorship))],
        ["Mentors with at least one mentee", len(busy)]]}
    tables["relationships"] = [[label, sum(r.state == value for r in rels)]
                               for value, label in STATES]
    if program is None:
        requests = MentorshipRequest.objects.all()
        accepted = requests.filter(state="accepted").count()
        tables["requests"] = [[label, requests.filter(state=value).count()]
                              for value, label in RequestState.choices] + [
            ["All requests", requests.count()],
            ["Match rate (accepted of all requests)", _pct(accepted, requests.count())]]
    else:
        tables["requests"] = _program_requests(program, rels, mentee_ids)
    _common_tables(tables, program, rels, mentee_ids, now=now, today=today)
    return {key: [[str(v) for v in row] for row in rows] for key, rows in tables.items()}


def _program_requests(program, rels, mentee_ids) -> list[list]:
    pairs = MatchPair.objects.filter(run__program=program)
    matched = {r.mentee_id for r in rels if r.state in ("active", "paused", "completed")}
    matched |= set(pairs.filter(status="awaiting").values_list("mentee_id", flat=True))
    matched &= mentee_ids
    return [
        [f"Published matches: {label}", pairs.filter(status=value).count()]
        for value, label in (("awaiting", "waiting for both to accept"),
                             ("started", "mentorship started"), ("declined", "declined"),
                             ("expired", "expired unanswered"),
                             ("not_started", "could not start"))] + [
        ["Mentees enrolled", len(mentee_ids)], ["Mentees matched", len(matched)],
        ["Match rate (matched of enrolled mentees)", _pct(len(matched), len(mentee_ids))]]


def _common_tables(tables, program, rels, mentee_ids, *, now, today) -> None:
    meetings = Meeting.objects.filter(relationship__program=program)
    planned = 0
    for rel in rels:
        [agreement] = Agreement.objects.filter(relationship=rel, confirmed_at__isnull=False)
        end = min(today, agreement.end_date,
                  timezone.localtime(rel.ended_at).date() if rel.ended_at else today)
        planned += max(0, (end - agreement.start_date).days) // INTERVAL[agreement.cadence]
    held = meetings.filter(status="held").count()
    tables["meetings"] = [
        ["Planned by the agreements so far", planned], ["Held", held],
        ["Missed", meetings.filter(status="missed").count()],
        ["Cancelled", meetings.filter(status="cancelled").count()],
        ["Scheduled ahead", meetings.filter(status="scheduled", starts_at__gt=now).count()],
        ["Cadence adherence (held of planned)", _pct(held, planned)]]

    reports = list(ProgressReport.objects.filter(relationship__program=program))
    expected = on_time = late = 0
    for rel in rels:
        [agreement] = Agreement.objects.filter(relationship=rel, confirmed_at__isnull=False)
        last = agreement.end_date
        if rel.ended_at:
            last = min(last, timezone.localtime(rel.ended_at).date())
        step = timedelta(weeks=agreement.report_every_weeks)
        due = agreement.start_date + step
        while due <= last and today > due + timedelta(days=7):
            for person in (rel.mentee_id, rel.mentor_id):
                expected += 1
                mine = [r for r in reports if (r.relationship_id, r.author_id, r.due_date)
                        == (rel.pk, person, due)]
                if mine:
                    written = timezone.localtime(mine[0].created_at).date()
                    if written <= due + timedelta(days=7):
                        on_time += 1
                    else:
                        late += 1
            due += step
    tables["reports"] = [
        ["Due (one per party and due date, a week past due)", expected],
        ["Written on time", on_time], ["Written late", late],
        ["Missing", expected - on_time - late], ["On time", _pct(on_time, expected)],
        ["Reports written in all", len(reports)]]

    goals = CareerGoal.objects.filter(user__in=mentee_ids)
    tables["goals"] = [[label, goals.filter(status=value).count()]
                       for value, label in GoalStatus.choices] + [["All goals", goals.count()]]

    in_program = {"relationship__program": program}
    asked = FeedbackRequest.objects.filter(**in_program)
    tables["feedback"] = [
        ["Positive feedback from mentors",
         FeedbackEntry.objects.filter(kind="positive", **in_program).count()],
        ["Constructive feedback from mentors",
         FeedbackEntry.objects.filter(kind="constructive", **in_program).count()],
        ["Feedback requests from mentees", asked.count()],
        ["… answered", asked.filter(status="answered").count()],
        ["… still open", asked.filter(status="open").count()],
        ["Feedback from mentees to mentors", MentorFeedback.objects.filter(**in_program).count()],
        ["Contributions by mentees to mentors",
         Contribution.objects.filter(**in_program).count()]]

    scores = [r.satisfaction for r in reports]
    ratings = list(Reflection.objects.filter(**in_program).values_list("rating", flat=True))
    tables["satisfaction"] = [
        [label, len(values), _avg(values), *[values.count(i) for i in range(1, 6)]]
        for label, values in (("Progress reports (satisfaction)", scores),
                              ("Closing reflections (rating)", ratings))]

    def month(moment) -> str:
        return timezone.localtime(moment).strftime("%Y-%m")

    started = Counter(month(r.started_at) for r in rels)
    held_by = Counter(month(m.starts_at) for m in meetings.filter(status="held",
                                                                  starts_at__lte=now))
    scores_by = defaultdict(list)
    for r in reports:
        scores_by[month(r.created_at)].append(r.satisfaction)
    first = today.replace(day=1)
    months = [first]
    for _ in range(11):
        months.insert(0, (months[0] - timedelta(days=1)).replace(day=1))
    tables["trends"] = [[m.strftime("%Y-%m"), started[m.strftime("%Y-%m")],
                         held_by[m.strftime("%Y-%m")], len(scores_by[m.strftime("%Y-%m")]),
                         _avg(scores_by[m.strftime("%Y-%m")])] for m in months]


class _Tables(HTMLParser):
    """The rows of each ``<table data-testid="table-...">`` on a page, as text."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current = self.row = self.cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and (attrs.get("data-testid") or "").startswith("table-"):
            self.current = self.tables.setdefault(attrs["data-testid"][6:], [])
        elif self.current is not None and tag == "tr":
            self.row = []
        elif self.row is not None and tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self.current = None
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join(self.cell.split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.current.append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_it_shows_every_program_figure_as_counted_from_the_models(history, personas,
                                                                  client_for):
    expected = expected_tables(history)
    # The history is what it says: the figures that were wrong before are not trivial.
    assert expected["participants"][:2] == [["Mentees enrolled", "3"],
                                            ["Mentors enrolled", "3"]]
    assert expected["requests"][-3:] == [["Mentees enrolled", "3"], ["Mentees matched", "3"],
                                         ["Match rate (matched of enrolled mentees)", "100%"]]
    assert expected["meetings"][1] == ["Held", "4"]
    assert expected["reports"][:3] == [
        ["Due (one per party and due date, a week past due)", "4"], ["Written on time", "1"],
        ["Written late", "1"]]
    client = client_for(personas.coordinator)
    parser = _Tables()
    response = client.get(reverse("health:program_dashboard", args=[history.pk]))
    parser.feed(response.content.decode())
    shown = parser.tables
    # The charts' "figures as a table": the same months and counts as the trends table.
    charts = {c["id"]: c["rows"] for c in response.context["charts"]}
    trends = expected["trends"]
    assert [[r["date"].strftime("%Y-%m"), *[f"{v:.0f}" for v in r["values"]]]
            for r in charts["chart-activity"]] == [row[:4] for row in trends]
    assert [[r["date"].strftime("%Y-%m"), "—" if r["values"][0] is None
             else f"{r['values'][0]:.2f}"] for r in charts["chart-satisfaction"]] == [
        [row[0], row[4]] for row in trends]
    assert set(shown) == set(expected) | {"health"}
    for key, rows in expected.items():
        assert shown[key][1:] == rows, key
        exported = _csv(client.get(reverse("health:program_export", args=[history.pk, key])))
        assert exported[1:] == rows, key
    active = Relationship.objects.filter(program=history, state="active").count()
    assert sum(int(n) for _label, n in shown["health"][1:]) == active


def test_it_counts_a_mentee_without_a_match_against_the_match_rate(history, personas,
                                                                  client_for):
    newcomer = make_mentee(name="Nina New")
    programs.participant_apply(actor=newcomer, program=history, role="mentee")
    expected = expected_tables(history)
    assert expected["requests"][-1] == ["Match rate (matched of enrolled mentees)", "75%"]
    parser = _Tables()
    parser.feed(client_for(personas.coordinator).get(
        reverse("health:program_dashboard", args=[history.pk])).content.decode())
    assert parser.tables["requests"][1:] == expected["requests"]
    assert parser.tables["participants"][1:] == expected["participants"]


def test_participants_csv_says_what_the_models_say(history, personas, client_for):
    rows = _csv(client_for(personas.coordinator).get(
        reverse("programs:participants_csv", args=[history.pk])))
    header, rows = rows[0], rows[1:]
    people = Participant.objects.filter(program=history).select_related("user")
    assert len(rows) == people.count()
    open_rels = Relationship.objects.filter(program=history, state__in=["active", "paused"])
    in_open = {pk for pair in open_rels.values_list("mentee_id", "mentor_id") for pk in pair}
    by_email = {row[header.index("email")]: row for row in rows}
    for person in people:
        row = by_email[person.user.email]
        assert row[header.index("role")] == person.role
        assert row[header.index("status")] == person.get_status_display()
        assert row[header.index("matched")] == ("yes" if person.user_id in in_open else "no")
    enrolled = [r for r in rows if r[header.index("status")] == "Enrolled"]
    assert Counter(r[header.index("role")] for r in enrolled) == Counter(
        people.filter(status="active").values_list("role", flat=True))


def test_the_program_home_page_figures_say_what_the_models_say(history, personas,
                                                              client_for):
    import re

    page = client_for(personas.coordinator).get(
        reverse("programs:detail", args=[history.pk])).content.decode()
    card = page[page.index('id="figures-heading"'):]
    card = card[:card.index("</section>")]
    shown = {dt: " ".join(dd.split()) for dt, dd in
             re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", card, re.S)}
    people = Participant.objects.filter(program=history)
    enrolled = people.filter(status="active", user__is_active=True)
    rels = Relationship.objects.filter(program=history)
    places = sum(enrolled.filter(role="mentor").values_list("capacity", flat=True))
    assert shown == {
        "Mentees enrolled": str(enrolled.filter(role="mentee").count()),
        "Mentors enrolled": f"{enrolled.filter(role='mentor').count()} ({places} places)",
        "Withdrawn": str(people.filter(status="withdrawn").count()),
        "Invitations waiting": str(history.invitations.filter(status="pending").count()),
        "Mentorships running": str(rels.filter(state__in=["active", "paused"]).count()),
        "Completed / ended early": f"{rels.filter(state='completed').count()} / "
                                   f"{rels.filter(state='ended_early').count()}",
        "Re-match requests open": str(history.rematches.filter(status="open").count()),
    }
    assert shown["Mentees enrolled"] == "3" and shown["Withdrawn"] == "1"


def test_it_shows_every_community_figure_as_counted_from_the_models(history, personas,
                                                                   client_for):
    """The same check for the open community's dashboard: profiles count there, and only
    the mentorships outside programs."""
    expected = expected_tables(None)
    assert expected["relationships"][0] == ["Active", "1"]
    assert expected["meetings"][1:3] == [["Held", "1"], ["Missed", "1"]]
    client = client_for(personas.staff)
    parser = _Tables()
    parser.feed(client.get(reverse("health:dashboard")).content.decode())
    assert set(parser.tables) == set(expected) | {"health"}
    for key, rows in expected.items():
        assert parser.tables[key][1:] == rows, key
        assert _csv(client.get(reverse("health:export", args=[key])))[1:] == rows, key


def test_a_frozen_account_leaves_every_count_of_enrolled_people(history, personas,
                                                                client_for):
    from tandem.accounts.models import User

    User.objects.filter(email="marta@example.com").update(is_active=False)
    expected = expected_tables(history)
    assert expected["participants"][1] == ["Mentors enrolled", "2"]
    client = client_for(personas.coordinator)
    parser = _Tables()
    parser.feed(client.get(reverse("health:program_dashboard",
                                   args=[history.pk])).content.decode())
    assert parser.tables["participants"][1:] == expected["participants"]
    assert parser.tables["requests"][1:] == expected["requests"]
    page = client.get(reverse("programs:list")).content.decode()
    assert ">Known history</a></td>" in page
    row = page[page.index(">Known history</a></td>"):]
    row = row[:row.index("</tr>")]
    assert row.endswith("<td>3</td><td>2</td>"), row
    home = client.get(reverse("programs:detail", args=[history.pk])).content.decode()
    assert "<dt>Mentors enrolled</dt><dd>2 (" in home
