"""The community dashboard's figures: dates, counts, states and ratings, never content.

``figures_for(scope)`` works on any set of relationships, requests and participants, so
a program's dashboard is the same call with the program's scope (``Scope``). Every table
is a ``Table`` (title, columns, rows of plain values) that the page shows and the CSV
export writes as is. A fixed number of queries, however many relationships.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from tandem.core.charts import Series, line_chart, table_rows
from tandem.core.csv_export import csv_cell, csv_text
from tandem.health.rules import CADENCE_DAYS
from tandem.mentorships.models import Agreement, Relationship, RequestState

TREND_MONTHS = 12


@dataclass
class Scope:
    """What a dashboard covers. ``mentees`` and ``mentors`` are subqueries of user ids:
    in the open community the profiles that say so, in a program its enrolled
    participants by their role in the program."""

    name: str
    relationships: object
    requests: object
    mentees: object
    mentors: object
    rules: object = None  # a program's HealthRules; None: each relationship's own
    program: object = None  # a Program: its matches and match rate replace the requests


def community_scope() -> Scope:
    from tandem.accounts.models import Profile
    from tandem.health.selectors import community_relationships, community_requests

    people = Profile.objects.filter(user__is_active=True)
    return Scope(name="Open community", relationships=community_relationships(),
                 requests=community_requests(),
                 mentees=people.filter(is_mentee=True).values("user"),
                 mentors=people.filter(is_mentor=True).values("user"))


def program_scope(program) -> Scope:
    """A program's relationships and the people enrolled in it, by their role in the
    program (the programs app's selectors say who they are and who is matched)."""
    from tandem.mentorships.models import MentorshipRequest
    from tandem.programs import selectors as programs
    from tandem.programs.models import Role

    return Scope(name=program.name, relationships=Relationship.objects.filter(program=program),
                 requests=MentorshipRequest.objects.none(),
                 mentees=programs.active_users(program, Role.MENTEE),
                 mentors=programs.active_users(program, Role.MENTOR),
                 rules=program.health_rules(), program=program)


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


def _avg(values) -> str:
    values = list(values)
    return f"{sum(values) / len(values):.2f}" if values else "—"


def _interval(agreement: Agreement) -> int | None:
    if agreement.cadence == "custom":
        return agreement.custom_interval_days or None
    return CADENCE_DAYS.get(agreement.cadence)


def _planned_meetings(rel: Relationship, versions: list[Agreement], today: date) -> int:
    """How many meetings the confirmed agreements planned up to today: for each version,
    the days it was in force divided by its interval."""
    confirmed = sorted((a for a in versions if a.confirmed_at is not None
                        and a.status != Agreement.Status.DRAFT), key=lambda a: a.version)
    ended = timezone.localtime(rel.ended_at).date() if rel.ended_at else None
    planned = 0
    for index, agreement in enumerate(confirmed):
        interval = _interval(agreement)
        if not interval:
            continue
        begin = (agreement.start_date if index == 0 else
                 max(agreement.start_date, timezone.localtime(agreement.confirmed_at).date()))
        end = min(d for d in (today, agreement.end_date, ended) if d is not None)
        if index + 1 < len(confirmed):
            end = min(end, timezone.localtime(confirmed[index + 1].confirmed_at).date())
        if end > begin:
            planned += (end - begin).days // interval
    return planned


def _months(today: date) -> list[date]:
    first = today.replace(day=1)
    months = []
    for _ in range(TREND_MONTHS):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def _month_key(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return date(value.year, value.month, 1)
    return date(value.year, value.month, 1)


def _requests(scope: Scope) -> Table:
    requests = dict(scope.requests.order_by().values_list("state")
                    .annotate(n=Count("pk")).values_list("state", "n"))
    total = sum(requests.values())
    accepted = requests.get(RequestState.ACCEPTED, 0)  # nosec B113: a dict, not the requests library
    rows = [[label, requests.get(value, 0)]  # nosec B113: a dict, not the requests library
            for value, label in RequestState.choices]
    rows.append(["All requests", total])
    rows.append(["Match rate (accepted of all requests)", _pct(accepted, total)])
    return Table("requests", "Mentoring requests and the match rate", ["Requests", "Count"],
                 rows)


def _program_matches(program_figures: dict) -> Table:
    """A program's published matches by state, and its match rate: enrolled mentees
    matched (a mentorship of the program, or a match waiting for answers) over enrolled
    mentees. The key stays "requests": the same place on the page and in the exports."""
    from tandem.programs.models import PairStatus

    pairs = program_figures["pairs"]
    mentees, matched = program_figures["mentees"], program_figures["matched_mentees"]
    rows = [[f"Published matches: {PairStatus(status).label.lower()}", n]
            for status, n in pairs.items()]
    rows += [["Mentees enrolled", mentees],
             ["Mentees matched", matched],
             ["Match rate (matched of enrolled mentees)", _pct(matched, mentees)]]
    return Table("requests", "Matches and the match rate", ["Matches", "Count"], rows,
                 note="Matched: in a mentorship of the program (active, paused or "
                      "completed) or with a published match waiting for answers.")


def figures_for(scope: Scope, *, now: datetime | None = None) -> dict:
    """Every figure of the dashboard for ``scope``: {"tables": [Table], "charts": [...],
    "health": {state: count}}."""
    from tandem.accounts.models import CareerGoal, GoalStatus
    from tandem.feedback.models import (
        Contribution,
        FeedbackEntry,
        FeedbackRequest,
        MentorFeedback,
        ProgressReport,
    )
    from tandem.feedback.selectors import OVERDUE_AFTER_DAYS, due_dates
    from tandem.health.selectors import health_counts, health_for
    from tandem.meetings.models import Meeting
    from tandem.mentorships.models import Reflection

    now = now or timezone.now()
    today = timezone.localdate(now)
    rel_ids = scope.relationships.values("pk")
    tables: list[Table] = []

    # Participants.
    if scope.program is not None:
        from tandem.programs.selectors import match_figures

        program_figures = match_figures(scope.program)
        people = {"mentees": program_figures["mentees"], "mentors": program_figures["mentors"]}
        matched = program_figures["mentees_in_mentorship"]
        mentors_busy = program_figures["mentors_busy"]
        labels = ("Mentees enrolled", "Mentors enrolled")
    else:
        people = {"mentees": scope.mentees.count(), "mentors": scope.mentors.count()}
        open_rels = scope.relationships.filter(state__in=Relationship.OPEN_STATES)
        matched = open_rels.values("mentee").distinct().count()
        mentors_busy = open_rels.values("mentor").distinct().count()
        labels = ("Mentees (looking for a mentor)", "Mentors")
    tables.append(Table("participants", "Participants", ["Who", "People"], [
        [labels[0], people["mentees"]],
        [labels[1], people["mentors"]],
        ["Mentees in an active or paused mentorship", matched],
        ["Mentees without one", max(0, people["mentees"] - matched)],
        ["Mentors with at least one mentee", mentors_busy],
    ]))

    # Relationships by state, and health of the active ones.
    by_state = dict(scope.relationships.order_by().values_list("state")
                    .annotate(n=Count("pk")).values_list("state", "n"))
    tables.append(Table("relationships", "Mentorships by state", ["State", "Mentorships"],
                        [[label, by_state.get(value, 0)]
                         for value, label in Relationship.State.choices]))
    healths = health_for(scope.relationships.filter(state=Relationship.State.ACTIVE), now=now,
                         rules=scope.rules)
    counts = health_counts(healths)
    from tandem.health.models import HealthState

    tables.append(Table("health", "Health of active mentorships", ["Health", "Mentorships"],
                        [[label, counts[value]] for value, label in HealthState.choices]))

    # Requests and the match rate; a program matches people instead of requests.
    if scope.program is not None:
        tables.append(_program_matches(program_figures))
    else:
        tables.append(_requests(scope))

    # Meetings against the agreements (cadence adherence).
    meetings = Meeting.objects.filter(relationship__in=rel_ids).aggregate(
        held=Count("pk", filter=Q(status=Meeting.Status.HELD)),
        missed=Count("pk", filter=Q(status=Meeting.Status.MISSED)),
        cancelled=Count("pk", filter=Q(status=Meeting.Status.CANCELLED)),
        scheduled=Count("pk", filter=Q(status=Meeting.Status.SCHEDULED, starts_at__gt=now)))
    rels = list(scope.relationships.only("pk", "state", "ended_at", "started_at"))
    agreements = defaultdict(list)
    for agreement in Agreement.objects.filter(relationship__in=rel_ids).order_by("version"):
        agreements[agreement.relationship_id].append(agreement)
    planned = sum(_planned_meetings(r, agreements[r.pk], today) for r in rels)
    tables.append(Table("meetings", "Meetings held against the agreed cadence",
                        ["Meetings", "Count"], [
                            ["Planned by the agreements so far", planned],
                            ["Held", meetings["held"]],
                            ["Missed", meetings["missed"]],
                            ["Cancelled", meetings["cancelled"]],
                            ["Scheduled ahead", meetings["scheduled"]],
                            ["Cadence adherence (held of planned)",
                             _pct(meetings["held"], planned)],
                        ], note="Planned: the days each confirmed agreement was in force, "
                                "divided by its meeting interval."))

    # Progress reports on time.
    reports = list(ProgressReport.objects.filter(relationship__in=rel_ids)
                   .values_list("relationship_id", "author_id", "due_date", "created_at",
                                "satisfaction"))
    written = {(r[0], r[1], r[2]): r[3] for r in reports}
    expected = on_time = late = 0
    parties = {r.pk: (r.mentee_id, r.mentor_id) for r in
               scope.relationships.only("pk", "mentee_id", "mentor_id")}
    for rel in rels:
        for due in due_dates(rel, today=today, agreements=agreements[rel.pk]):
            if today <= due + timedelta(days=OVERDUE_AFTER_DAYS):
                continue
            for person in parties.get(rel.pk, ()):
                expected += 1
                at = written.get((rel.pk, person, due))
                if at is None:
                    continue
                if timezone.localtime(at).date() <= due + timedelta(days=OVERDUE_AFTER_DAYS):
                    on_time += 1
                else:
                    late += 1
    tables.append(Table("reports", "Progress reports", ["Reports", "Count"], [
        ["Due (one per party and due date, a week past due)", expected],
        ["Written on time", on_time],
        ["Written late", late],
        ["Missing", max(0, expected - on_time - late)],
        ["On time", _pct(on_time, expected)],
        ["Reports written in all", len(reports)],
    ]))

    # Goals (counted only).
    goals = dict(CareerGoal.objects.filter(user__in=scope.mentees).order_by()
                 .values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    tables.append(Table("goals", "Mentees' career goals", ["Status", "Goals"],
                        [[label, goals.get(value, 0)] for value, label in GoalStatus.choices]
                        + [["All goals", sum(goals.values())]]))

    # Feedback exchanged (counts).
    entries = FeedbackEntry.objects.filter(relationship__in=rel_ids).aggregate(
        positive=Count("pk", filter=Q(kind="positive")),
        constructive=Count("pk", filter=Q(kind="constructive")))
    asked = dict(FeedbackRequest.objects.filter(relationship__in=rel_ids).order_by()
                 .values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    tables.append(Table("feedback", "Feedback exchanged", ["Feedback", "Count"], [
        ["Positive feedback from mentors", entries["positive"]],
        ["Constructive feedback from mentors", entries["constructive"]],
        ["Feedback requests from mentees", sum(asked.values())],
        ["… answered", asked.get("answered", 0)],
        ["… still open", asked.get("open", 0)],
        ["Feedback from mentees to mentors",
         MentorFeedback.objects.filter(relationship__in=rel_ids).count()],
        ["Contributions by mentees to mentors",
         Contribution.objects.filter(relationship__in=rel_ids).count()],
    ]))

    # Satisfaction: progress reports and closing reflections.
    report_scores = [r[4] for r in reports]
    reflection_scores = list(Reflection.objects.filter(relationship__in=rel_ids)
                             .values_list("rating", flat=True))
    sat_rows = []
    for label, scores in (("Progress reports (satisfaction)", report_scores),
                          ("Closing reflections (rating)", reflection_scores)):
        dist = Counter(scores)
        sat_rows.append([label, len(scores), _avg(scores), *[dist.get(i, 0)
                                                             for i in range(1, 6)]])
    tables.append(Table("satisfaction", "Satisfaction (1 to 5)",
                        ["Source", "Answers", "Average", "1", "2", "3", "4", "5"], sat_rows))

    # Trends by month.
    months = _months(today)
    since = datetime.combine(months[0], datetime.min.time(), tzinfo=timezone.get_current_timezone())
    started = Counter(_month_key(r.started_at) for r in rels if r.started_at >= since)
    held = dict(Meeting.objects.filter(relationship__in=rel_ids, status=Meeting.Status.HELD,
                                       starts_at__gte=since, starts_at__lte=now)
                .annotate(month=TruncMonth("starts_at")).order_by().values("month")
                .annotate(n=Count("pk")).values_list("month", "n"))
    held = {_month_key(k): v for k, v in held.items()}
    by_month = defaultdict(list)
    for row in reports:
        if row[3] >= since:
            by_month[_month_key(row[3])].append(row[4])
    trend_rows = []
    for month in months:
        scores = by_month.get(month, [])
        trend_rows.append([month.strftime("%Y-%m"), started.get(month, 0), held.get(month, 0),
                           len(scores), _avg(scores)])
    tables.append(Table("trends", "By month", ["Month", "New mentorships", "Meetings held",
                                               "Reports written", "Average satisfaction"],
                        trend_rows))

    activity = [Series(label, [(m, float(row[i])) for m, row in zip(months, trend_rows,
                                                                      strict=True)])
                for i, label in ((1, "New mentorships"), (2, "Meetings held"),
                                 (3, "Reports written"))]
    top = max([1.0] + [v for s in activity for _d, v in s.points])
    step = max(1, int(-(-top // 4)))
    satisfaction = [Series("Average satisfaction in reports", [
        (m, sum(by_month[m]) / len(by_month[m]) if by_month.get(m) else None)
        for m in months])]
    charts = [
        _chart("Activity by month", activity, 0, step * 4, [step * i for i in range(5)],
               lambda v: f"{v:.0f}", "chart-activity"),
        _chart("Average satisfaction by month", satisfaction, 1, 5, [1, 2, 3, 4, 5],
               lambda v: f"{v:.1f}", "chart-satisfaction"),
    ]
    return {"scope": scope.name, "tables": tables, "charts": charts, "health": counts,
            "generated_at": now}


def _chart(title, series, low, high, ticks, fmt, chart_id) -> dict:
    return {"title": title, "id": chart_id,
            "svg": line_chart(title=title, series=series, y_min=low, y_max=high,
                              y_ticks=ticks, y_format=fmt, chart_id=chart_id),
            "labels": [s.label for s in series], "rows": table_rows(series)}


# --- CSV ------------------------------------------------------------------------------

# One CSV writer for every download (tandem.core.csv_export); these names stay for the
# dashboards' callers.
csv_safe = csv_cell
table_csv = csv_text


# --- The at-risk list -----------------------------------------------------------------

AT_RISK_COLUMNS = ["Mentorship", "Mentee", "Mentor", "Started", "Health", "Reasons",
                   "Last activity", "Days quiet", "Last meeting held", "Overdue reports",
                   "Old open feedback requests", "Last nudged", "Suggested action"]


def _day(value) -> str:
    return timezone.localtime(value).date().isoformat() if value else ""


def at_risk_row(health) -> list:
    """One row of the at-risk list (and its CSV): names, dates, counts and the rules'
    reasons, never content."""
    rel, facts = health.relationship, health.facts
    return [rel.pk, rel.mentee.display_name, rel.mentor.display_name, _day(rel.started_at),
            health.label, " ".join(r.text for r in health.reasons),
            _day(facts.last_activity_at), health.inactive_days, _day(facts.last_held_at),
            len(facts.overdue_reports), facts.old_open_requests,
            _day(getattr(rel, "last_nudged_at", None)), health.suggested_action_label]
