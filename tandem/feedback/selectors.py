"""Which reports fall due, and the history shown as charts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from tandem.accounts.choices import GoalVisibility
from tandem.accounts.models import CareerGoal
from tandem.feedback.models import ProgressReport
from tandem.mentorships.models import Agreement, Relationship

OVERDUE_AFTER_DAYS = 7
EARLY_DAYS = 7  # a report can be written in the week before it is due


def report_agreement(rel: Relationship) -> Agreement | None:
    """The agreement whose cadence sets the reports: the one in force, else none (no
    report falls due before the pair has agreed how often to report)."""
    return rel.agreements.filter(status=Agreement.Status.CONFIRMED).first()


def due_dates(rel: Relationship, *, today: date | None = None) -> list[date]:
    """Every report due date up to today (and the next one), from the agreement's start
    and report cadence, until the mentorship or the agreement ends."""
    agreement = report_agreement(rel)
    if agreement is None:
        return []
    today = today or timezone.localdate()
    step = timedelta(weeks=agreement.report_every_weeks)
    last = agreement.end_date
    if rel.ended_at:
        last = min(last, timezone.localtime(rel.ended_at).date())
    dates, current = [], agreement.start_date + step
    while current <= last:
        dates.append(current)
        if current > today:
            break  # the next one ahead, so people see when it comes
        current += step
    return dates


@dataclass
class DuePeriod:
    due_date: date
    mine: ProgressReport | None
    theirs: ProgressReport | None
    today: date = field(default_factory=timezone.localdate)

    @property
    def upcoming(self) -> bool:
        return self.due_date > self.today

    @property
    def writable(self) -> bool:
        return self.mine is None and self.due_date <= self.today + timedelta(days=EARLY_DAYS)

    @property
    def overdue(self) -> bool:
        return self.mine is None and self.today > self.due_date + timedelta(
            days=OVERDUE_AFTER_DAYS)


def periods(rel: Relationship, user, *, today: date | None = None) -> list[DuePeriod]:
    today = today or timezone.localdate()
    reports = list(ProgressReport.objects.filter(relationship=rel))
    result = []
    for due in due_dates(rel, today=today):
        mine = next((r for r in reports if r.due_date == due and r.author_id == user.pk), None)
        theirs = next((r for r in reports if r.due_date == due and r.author_id != user.pk), None)
        result.append(DuePeriod(due_date=due, mine=mine, theirs=theirs, today=today))
    return list(reversed(result))


def reportable_goals(rel: Relationship) -> list[CareerGoal]:
    """The mentee's goals both parties may report on: those shared with mentors, and those
    the mentee attached to the request."""
    shared = CareerGoal.objects.filter(user=rel.mentee_id, visibility=GoalVisibility.MENTORS)
    ids = set(shared.values_list("pk", flat=True))
    if rel.request_id:
        ids |= set(rel.request.goals.values_list("pk", flat=True))
    return list(CareerGoal.objects.filter(pk__in=ids).order_by("position", "id"))


def reports_of(rel: Relationship):
    return (ProgressReport.objects.filter(relationship=rel)
            .select_related("author__profile").order_by("due_date", "id"))
