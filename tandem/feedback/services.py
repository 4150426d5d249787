"""Writing progress reports. A mentee's report may propose new objectives for the
relationship: that opens an agreement amendment for both to confirm."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tandem.core.audit import audit_log
from tandem.core.errors import Conflict, ValidationFailed
from tandem.core.validation import reject_nul_characters
from tandem.feedback import selectors
from tandem.feedback.models import CadenceFit, GoalStatus, NeedAction, ProgressReport
from tandem.mentorships.models import Relationship
from tandem.notifications.services import notify


def _clean(value, field, limit, *, required):
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationFailed("Must be text.", field=field)
    value = value.strip()
    if required and not value:
        raise ValidationFailed("This cannot be empty.", field=field)
    if len(value) > limit:
        raise ValidationFailed(f"At most {limit} characters.", field=field)
    return value


def report_submit(*, actor, relationship: Relationship, due_date: date, went_well: str,
                  obstacles: str = "", goal_progress: list[dict] | None = None,
                  needs: list[dict] | None = None, satisfaction: int, cadence_fit: str,
                  proposed_objectives: list[str] | None = None) -> ProgressReport:
    """The actor's report for ``due_date`` (one of the relationship's due dates)."""
    reject_nul_characters({"went_well": went_well, "obstacles": obstacles,
                           "goal_progress": goal_progress, "needs": needs,
                           "proposed_objectives": proposed_objectives})
    went_well = _clean(went_well, "went_well", 4000, required=True)
    obstacles = _clean(obstacles, "obstacles", 4000, required=False)
    if isinstance(satisfaction, bool) or not isinstance(satisfaction, int) \
            or not 1 <= satisfaction <= 5:
        raise ValidationFailed("Rate from 1 to 5.", field="satisfaction")
    if cadence_fit not in CadenceFit.values:
        raise ValidationFailed(f"Use one of {', '.join(CadenceFit.values)}.", field="cadence_fit")
    if due_date not in selectors.due_dates(relationship):
        raise ValidationFailed("No report is due on that date in this mentorship.",
                               field="due_date")
    if due_date > timezone.localdate() + timedelta(days=selectors.EARLY_DAYS):
        raise ValidationFailed("That report is not due yet: write it in the week before.",
                               field="due_date")

    goals = {g.pk: g for g in selectors.reportable_goals(relationship)}
    progress, seen = [], set()
    for index, item in enumerate(goal_progress or []):
        field = f"goal_progress[{index}]"
        if not isinstance(item, dict):
            raise ValidationFailed("Give a goal, a status and a percent.", field=field)
        goal = goals.get(item.get("goal_id"))
        if goal is None:
            raise ValidationFailed("Report on the mentee's shared goals only.",
                                   field=f"{field}.goal_id")
        if goal.pk in seen:
            raise ValidationFailed("Report on each goal once.", field=f"{field}.goal_id")
        seen.add(goal.pk)
        status = item.get("status")
        if status not in GoalStatus.values:
            raise ValidationFailed(f"Use one of {', '.join(GoalStatus.values)}.",
                                   field=f"{field}.status")
        percent = item.get("percent")
        if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
            raise ValidationFailed("A whole percent from 0 to 100.", field=f"{field}.percent")
        progress.append({"goal_id": goal.pk, "title": goal.title, "status": status,
                         "percent": percent})
    clean_needs = []
    for index, item in enumerate(needs or []):
        field = f"needs[{index}]"
        if not isinstance(item, dict):
            raise ValidationFailed("Give a need and what to do with it.", field=field)
        text = _clean(item.get("need"), f"{field}.need", 300, required=True)
        if item.get("action") not in NeedAction.values:
            raise ValidationFailed(f"Use one of {', '.join(NeedAction.values)}.",
                                   field=f"{field}.action")
        clean_needs.append({"need": text, "action": item["action"]})
    if len(clean_needs) > 10:
        raise ValidationFailed("At most 10 needs.", field="needs")
    objectives = [_clean(o, f"proposed_objectives[{i}]", 300, required=True)
                  for i, o in enumerate(proposed_objectives or [])]
    if objectives and actor.pk != relationship.mentee_id:
        raise ValidationFailed("The mentee proposes the relationship's objectives.",
                               field="proposed_objectives")
    if len(objectives) > 10:
        raise ValidationFailed("At most 10 objectives.", field="proposed_objectives")
    if not relationship.is_open and not relationship.ended_at:
        raise Conflict("Reports are written for a running mentorship.")

    with transaction.atomic():
        try:
            with transaction.atomic():
                report = ProgressReport.objects.create(
                    relationship=relationship, author=actor, due_date=due_date,
                    goal_progress=progress, went_well=went_well, obstacles=obstacles,
                    needs=clean_needs, satisfaction=satisfaction, cadence_fit=cadence_fit,
                    proposed_objectives=objectives)
        except IntegrityError:
            raise Conflict("You have written your report for this date already.") from None
        audit_log(actor=actor, action="feedback.report.submitted", target=report)
        other = relationship.other_party(actor)
        notify(recipient=other, kind="report.submitted",
               title=f"{actor.display_name} wrote their progress report",
               url=reverse("feedback:report", args=[report.pk]))
        if objectives:
            _propose_objectives(actor=actor, relationship=relationship, texts=objectives)
    return report


def _propose_objectives(*, actor, relationship: Relationship, texts: list[str]) -> None:
    """Add the mentee's new objectives to the agreement's (as a proposed change), keeping
    the ones already agreed."""
    from tandem.mentorships.models import Agreement
    from tandem.mentorships.services import MAX_OBJECTIVES, agreement_propose

    base = (relationship.agreements.filter(status=Agreement.Status.DRAFT).first()
            or relationship.agreements.filter(status=Agreement.Status.CONFIRMED).first())
    current = list(base.objectives) if base else []
    known = {item["text"].casefold() for item in current}
    added = [{"text": text, "goal_id": None} for text in texts if text.casefold() not in known]
    if len(current) + len(added) > MAX_OBJECTIVES:
        raise ValidationFailed(f"The agreement can hold {MAX_OBJECTIVES} objectives; it has "
                               f"{len(current)} already.", field="proposed_objectives")
    if added:
        agreement_propose(actor=actor, relationship=relationship,
                          changes={"objectives": current + added})


def reports_remind(*, today: date | None = None) -> int:
    """Remind each party of a report that is due, and once more when it is overdue.

    Looks only at dates in a bounded window (due in the last week, or overdue within the
    week after that), with every fact read in a few queries, so the job costs the same
    however long the history grows."""
    from tandem.meetings.models import ReminderSent
    from tandem.meetings.services import _remind_once

    today = today or timezone.localdate()
    window_start = today - timedelta(days=2 * selectors.OVERDUE_AFTER_DAYS + 7)
    rels = list(Relationship.objects.filter(state=Relationship.State.ACTIVE)
                .select_related("mentee", "mentor").prefetch_related("agreements"))
    candidates = []
    for rel in rels:
        for due in selectors.due_dates(rel, today=today, agreements=list(rel.agreements.all())):
            if window_start <= due <= today:
                overdue = (today - due).days > selectors.OVERDUE_AFTER_DAYS
                candidates.append((rel, due, "overdue" if overdue else "due"))
    if not candidates:
        return 0
    written = set(ProgressReport.objects.filter(
        relationship__in=[rel for rel, _, _ in candidates], due_date__gte=window_start,
    ).values_list("relationship_id", "due_date", "author_id"))
    keys = {f"report:{rel.pk}:{due.isoformat()}:{stage}" for rel, due, stage in candidates}
    done = set(ReminderSent.objects.filter(key__in=keys).values_list("key", "user_id"))
    sent = 0
    for rel, due, stage in candidates:
        key = f"report:{rel.pk}:{due.isoformat()}:{stage}"
        for person in (rel.mentee, rel.mentor):
            if (rel.pk, due, person.pk) in written or (key, person.pk) in done:
                continue
            sent += _remind_once(
                key=key, user=person, kind=f"report.{stage}",
                title=("Your progress report is overdue" if stage == "overdue" else
                       "Your progress report is due") + f" ({due:%d %B})",
                url=reverse("feedback:reports", args=[rel.pk]))
    return sent
