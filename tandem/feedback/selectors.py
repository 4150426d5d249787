"""Which reports fall due, the history shown as charts, and the reads of feedback both
ways (each scoped to a relationship the caller has already been given access to)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from tandem.accounts.models import CareerGoal
from tandem.feedback.models import (
    Contribution,
    FeedbackEntry,
    FeedbackKind,
    FeedbackRequest,
    FeedbackRequestStatus,
    GoalStatus,
    MentorFeedback,
    ProgressReport,
)
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


# --- Feedback both ways ---------------------------------------------------------------

MEETING_CHOICES = 40  # the most recent meetings offered to tie feedback to


def feedback_entries(rel: Relationship, viewer, entries=None) -> list[FeedbackEntry]:
    """The relationship's feedback entries (or the given ones), newest first, each with
    ``tied_to`` set: what it is about, as ``viewer`` may see it. A goal the mentee has
    since made private is hidden from the mentor (the stored row is not changed)."""
    if entries is None:
        entries = (FeedbackEntry.objects.filter(relationship=rel)
                   .select_related("author__profile", "goal", "milestone__goal", "meeting",
                                   "request").order_by("-created_at", "-id"))
    entries = list(entries)
    allowed = None if viewer.pk == rel.mentee_id else {g.pk for g in reportable_goals(rel)}
    for entry in entries:
        entry.tied_to = tie_of(entry, allowed)
    return entries


def tie_of(entry: FeedbackEntry, allowed: set[int] | None = None) -> dict | None:
    """What the entry is about; with ``allowed`` (goal ids), goals outside it are hidden."""
    if entry.goal_id and (allowed is None or entry.goal_id in allowed):
        return {"type": "goal", "id": entry.goal_id, "label": f"Goal: {entry.goal.title}"}
    if entry.milestone_id and (allowed is None or entry.milestone.goal_id in allowed):
        return {"type": "milestone", "id": entry.milestone_id,
                "label": f"Milestone: {entry.milestone.title} ({entry.milestone.goal.title})"}
    if entry.meeting_id:
        return {"type": "meeting", "id": entry.meeting_id,
                "label": f"Meeting of {timezone.localtime(entry.meeting.starts_at):%-d %B %Y}"}
    return None


def feedback_requests(rel: Relationship):
    """All of the relationship's requests with their answer: open ones oldest first (the
    order to answer them in), then the closed ones newest first."""
    items = list(FeedbackRequest.objects.filter(relationship=rel)
                 .select_related("author__profile", "goal", "answer").order_by("created_at", "id"))
    today = timezone.localdate()
    for item in items:
        item.overdue = item.is_open and item.by_date is not None and item.by_date < today
    open_items = [i for i in items if i.is_open]
    closed = sorted((i for i in items if not i.is_open),
                    key=lambda i: (i.closed_at or i.created_at, i.pk), reverse=True)
    return open_items, closed


def mentor_feedback_of(rel: Relationship):
    return (MentorFeedback.objects.filter(relationship=rel).select_related("author__profile")
            .order_by("-created_at", "-id"))


def contributions_of(rel: Relationship):
    return Contribution.objects.filter(relationship=rel).order_by("-date", "-id")


@dataclass
class Preference:
    source: str  # where it is stated
    format: str
    style: str
    timing: str
    notes: str


def feedback_preferences(rel: Relationship) -> list[Preference]:
    """How the mentee likes to get feedback: as the confirmed agreement says (if there is
    one) and as their profile says."""
    found = []
    agreement = report_agreement(rel)
    if agreement is not None:
        found.append(Preference(
            source=f"Your agreement (version {agreement.version})",
            format=agreement.get_feedback_format_display(),
            style=agreement.get_feedback_style_display(),
            timing=agreement.get_feedback_timing_display(), notes=agreement.feedback_notes))
    profile = getattr(rel.mentee, "profile", None)
    if profile is not None:
        found.append(Preference(
            source=f"{rel.mentee.display_name}'s profile",
            format=profile.get_feedback_format_display(),
            style=profile.get_feedback_style_display(),
            timing=profile.get_feedback_timing_display(), notes=profile.feedback_notes))
    return found


def tie_choices(rel: Relationship) -> dict:
    """What the mentor may tie feedback to: the goals the mentee shares with them, the
    milestones of those goals, and this mentorship's recent meetings."""
    from tandem.growth.models import Milestone
    from tandem.growth.selectors import goals_shared_with
    from tandem.meetings.models import Meeting

    goals = list(goals_shared_with(rel))
    milestones = list(Milestone.objects.filter(goal__in=[g.pk for g in goals])
                      .select_related("goal").order_by("goal_id", "due_date", "id"))
    # Only meetings that took place (feedback_give refuses the others): held, or
    # scheduled and begun but not yet marked.
    meetings = list(Meeting.objects.filter(relationship=rel, starts_at__lte=timezone.now())
                    .filter(status__in=(Meeting.Status.HELD, Meeting.Status.SCHEDULED))
                    .order_by("-starts_at", "-id")[:MEETING_CHOICES])
    return {"goals": goals, "milestones": milestones, "meetings": meetings}


def feedback_counts(rel: Relationship) -> dict:
    """Counts for the relationship's Feedback card (two queries)."""
    from django.db.models import Count, Q

    counts = FeedbackEntry.objects.filter(relationship=rel).aggregate(
        positive=Count("pk", filter=Q(kind=FeedbackKind.POSITIVE)),
        constructive=Count("pk", filter=Q(kind=FeedbackKind.CONSTRUCTIVE)),
        unacknowledged=Count("pk", filter=Q(acknowledged_at__isnull=True)),
        unread_replies=Count("pk", filter=Q(replied_at__isnull=False,
                                            reply_read_at__isnull=True)))
    counts["open_requests"] = FeedbackRequest.objects.filter(
        relationship=rel, status=FeedbackRequestStatus.OPEN).count()
    return counts


def open_requests_for_mentor_q(user):
    """The open feedback requests across the mentor's running mentorships (unordered)."""
    return FeedbackRequest.objects.filter(
        relationship__mentor=user, relationship__state__in=Relationship.OPEN_STATES,
        status=FeedbackRequestStatus.OPEN)


def unacknowledged_for_mentee_q(user):
    return FeedbackEntry.objects.filter(relationship__mentee=user,
                                        acknowledged_at__isnull=True)


def open_requests_for_mentor(user, *, limit: int = 20):
    """Open feedback requests across the mentor's running mentorships, oldest first."""
    items = list(open_requests_for_mentor_q(user)
        .select_related("relationship__mentee__profile", "goal")
        .order_by("created_at", "id")[:limit])
    today = timezone.localdate()
    for item in items:
        item.overdue = item.by_date is not None and item.by_date < today
    return items


def unacknowledged_for_mentee(user, *, limit: int = 20):
    """Feedback the mentee has not acknowledged yet, across their mentorships, newest first."""
    return list(unacknowledged_for_mentee_q(user)
                .select_related("relationship__mentor__profile")
                .order_by("-created_at", "-id")[:limit])


REPORT_LOOKBACK_DAYS = 90  # older unwritten reports are for the reports page, not the home


def reports_for_home(viewer, home) -> dict[int, list[tuple]]:
    """{relationship id: its progress reports as (author id, due date, satisfaction),
    oldest due first} for every active relationship of ``viewer``: one query for all the
    home's cards (the reports due, the mentees' health)."""
    from tandem.core.sections import home_memo
    from tandem.mentorships.selectors import relationships_for_home

    home = home_memo(home, viewer)

    def load():
        ids = [r.pk for r in relationships_for_home(viewer, home)
               if r.state == Relationship.State.ACTIVE]
        found: dict[int, list[tuple]] = {pk: [] for pk in ids}
        if ids:
            for rel_id, *row in (ProgressReport.objects.filter(relationship_id__in=ids)
                                 .order_by("due_date", "created_at", "id")
                                 .values_list("relationship_id", "author_id", "due_date",
                                              "satisfaction")):
                found[rel_id].append(tuple(row))
        return found

    return home.once("feedback.reports", load)


def reports_due(user, *, today: date | None = None, relationships=None,
                agreements: dict | None = None, written: set | None = None) -> list[dict]:
    """Across the user's active mentorships, the latest report they can write now and have
    not (due within the next week or in the last 90 days), one per mentorship, each
    ``{"relationship", "other", "due", "overdue"}``; the most overdue first. Three
    queries, however many mentorships, agreements and reports (none for what the caller
    passes already loaded: ``relationships``, the user's active ones; ``agreements``,
    {relationship id: its agreements by version}; ``written``, the (relationship id, due
    date) of the reports the user wrote)."""
    today = today or timezone.localdate()
    rels = (list(relationships) if relationships is not None else list(
        Relationship.objects.involving(user).filter(state=Relationship.State.ACTIVE)
        .select_related("mentee__profile", "mentor__profile").order_by("id")))
    if not rels:
        return []
    ids = [r.pk for r in rels]
    if agreements is None:
        agreements = {pk: [] for pk in ids}
        for agreement in Agreement.objects.filter(relationship_id__in=ids).order_by("version"):
            agreements[agreement.relationship_id].append(agreement)
    if written is None:
        written = set(ProgressReport.objects.filter(relationship_id__in=ids, author=user)
                      .values_list("relationship_id", "due_date"))
    since = today - timedelta(days=REPORT_LOOKBACK_DAYS)
    until = today + timedelta(days=EARLY_DAYS)
    found = []
    for rel in rels:
        open_dates = [due for due in due_dates(rel, today=today, agreements=agreements[rel.pk])
                      if since <= due <= until and (rel.pk, due) not in written]
        if open_dates:
            due = open_dates[-1]
            found.append({"relationship": rel, "other": rel.other_party(user), "due": due,
                          "overdue": today > due + timedelta(days=OVERDUE_AFTER_DAYS)})
    return sorted(found, key=lambda item: (item["due"], item["relationship"].pk))


def kudos_for(mentor) -> list[MentorFeedback]:
    """What mentees consented to show on the mentor's public page: what helped, the
    mentee's name, and how many contributions they recorded in that mentorship."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery

    contributions = (Contribution.objects.filter(relationship=OuterRef("relationship"))
                     .order_by().values("relationship").annotate(n=Count("pk")).values("n"))
    return list(MentorFeedback.objects.filter(
        relationship__mentor=mentor, kudos_consent=True, author__is_active=True)
        .exclude(what_helped="")
        .select_related("author__profile")
        .annotate(contribution_count=Subquery(contributions, output_field=IntegerField()))
        .order_by("-consented_at", "-id")[:20])
