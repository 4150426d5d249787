"""Which reports fall due, and the history shown as charts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from tandem.accounts.models import CareerGoal
from tandem.feedback.models import GoalStatus, ProgressReport
from tandem.mentorships.models import Agreement, Relationship

OVERDUE_AFTER_DAYS = 7
EARLY_DAYS = 7  # a report can be written in the week before it is due


def report_agreement(rel: Relationship) -> Agreement | None:
    """The agreement in force (no report falls due before the pair has agreed how often
    to report)."""
    return rel.agreements.filter(status=Agreement.Status.CONFIRMED).first()


def due_dates(rel: Relationship, *, today: date | None = None,
              agreements: list[Agreement] | None = None) -> list[date]:
    """Every report due date up to today (and the next one ahead).

    Each confirmed version of the agreement sets the cadence for the time it was in
    force: from its start (the first version) or the day it was confirmed (later ones)
    until the next version was confirmed. So amending the cadence neither hides reports
    already written nor invents overdue ones for dates that were never due. Pass
    ``agreements`` (prefetched) to avoid a query."""
    today = today or timezone.localdate()
    if agreements is None:
        agreements = list(rel.agreements.all())
    versions = sorted((a for a in agreements if a.confirmed_at is not None
                       and a.status != Agreement.Status.DRAFT), key=lambda a: a.version)
    ended = timezone.localtime(rel.ended_at).date() if rel.ended_at else None
    dates: set[date] = set()
    for index, agreement in enumerate(versions):
        current_version = index == len(versions) - 1
        begin = (agreement.start_date if index == 0
                 else max(agreement.start_date, timezone.localtime(agreement.confirmed_at).date()))
        until = (None if current_version
                 else timezone.localtime(versions[index + 1].confirmed_at).date())
        last = min(agreement.end_date, ended) if ended else agreement.end_date
        step = timedelta(weeks=agreement.report_every_weeks)
        current = agreement.start_date + step
        while current <= last and (until is None or current < until):
            if current >= begin:
                dates.add(current)
                if current_version and current > today:
                    break  # the next one ahead, so people see when it comes
            current += step
    return sorted(dates)


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
    """The due dates with my report and the other party's; a date a report was written
    for always shows, whatever the cadence became later."""
    today = today or timezone.localdate()
    reports = visible_reports(rel, user, ProgressReport.objects.filter(relationship=rel))
    result = []
    for due in sorted(set(due_dates(rel, today=today)) | {r.due_date for r in reports}):
        mine = next((r for r in reports if r.due_date == due and r.author_id == user.pk), None)
        theirs = next((r for r in reports if r.due_date == due and r.author_id != user.pk), None)
        result.append(DuePeriod(due_date=due, mine=mine, theirs=theirs, today=today))
    return list(reversed(result))


def reportable_goals(rel: Relationship) -> list[CareerGoal]:
    """The mentee's goals both parties may report on: those shared in this relationship."""
    from tandem.growth.selectors import goals_shared_with

    return list(goals_shared_with(rel))


def visible_reports(rel: Relationship, viewer, reports) -> list[ProgressReport]:
    """Reports as ``viewer`` may read them: for anyone but the mentee, progress on goals
    the mentee has since made private is left out (the stored rows are not changed)."""
    reports = list(reports)
    allowed = None if viewer.pk == rel.mentee_id else {g.pk for g in reportable_goals(rel)}
    labels = dict(GoalStatus.choices)
    for report in reports:
        report.goal_progress = [
            {**item, "status_label": labels.get(item["status"], item["status"])}
            for item in report.goal_progress if allowed is None or item["goal_id"] in allowed]
    return reports


def reports_of(rel: Relationship, viewer) -> list[ProgressReport]:
    return visible_reports(rel, viewer, ProgressReport.objects.filter(relationship=rel)
                           .select_related("author__profile").order_by("due_date", "id"))
