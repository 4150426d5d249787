"""Milestones: the mentee adds and ticks them off; either party of a mentorship can turn
a meeting's action item into a milestone of one of the mentee's shared goals."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.accounts.models import CareerGoal
from tandem.core.audit import audit_log
from tandem.core.errors import Conflict, ValidationFailed
from tandem.core.validation import reject_nul_characters
from tandem.growth.models import Milestone

MAX_MILESTONES = 20


def _title(title) -> str:
    reject_nul_characters({"title": title})
    title = title.strip() if isinstance(title, str) else ""
    if not title:
        raise ValidationFailed("Name the milestone.", field="title")
    # As long as a meeting's action item, which can become a milestone.
    if len(title) > 300:
        raise ValidationFailed("At most 300 characters.", field="title")
    return title


def milestone_add(*, actor, goal: CareerGoal, title: str, due_date: date | None = None,
                  source_action=None) -> Milestone:
    title = _title(title)
    if due_date is not None and not isinstance(due_date, date):
        raise ValidationFailed("A date like 2027-03-01.", field="due_date")
    with transaction.atomic():
        if Milestone.objects.filter(goal=goal).count() >= MAX_MILESTONES:
            raise ValidationFailed(f"At most {MAX_MILESTONES} milestones per goal.",
                                   field="title")
        try:
            with transaction.atomic():
                milestone = Milestone.objects.create(goal=goal, title=title, due_date=due_date,
                                                     source_action=source_action)
        except IntegrityError:
            raise Conflict("This action is a milestone already.") from None
        audit_log(actor=actor, action="growth.milestone.added", target=milestone)
    return milestone


def milestone_set_done(*, actor, milestone: Milestone, done: bool) -> Milestone:
    with transaction.atomic():
        milestone.done_at = timezone.now() if done else None
        milestone.save(update_fields=["done_at", "updated_at"])
        audit_log(actor=actor, action="growth.milestone.done" if done else
                  "growth.milestone.reopened", target=milestone)
    return milestone


def milestone_delete(*, actor, milestone: Milestone) -> None:
    with transaction.atomic():
        audit_log(actor=actor, action="growth.milestone.deleted", target=milestone)
        milestone.delete()


def milestone_from_action(*, actor, action, goal_id) -> Milestone:
    """Turn a meeting's action item into a milestone of one of the mentee's goals that
    the mentor may see (shared with mentors); its due date comes along."""
    rel = action.meeting.relationship
    from tandem.growth.selectors import goals_shared_with

    goal = goals_shared_with(rel).filter(pk=goal_id if isinstance(goal_id, int) else -1).first()
    if goal is None:
        raise ValidationFailed("Pick one of the mentee's shared goals.", field="goal_id")
    return milestone_add(actor=actor, goal=goal, title=action.text, due_date=action.due_date,
                         source_action=action)


def goal_progress(goal: CareerGoal) -> int | None:
    """Percent of milestones done (None when the goal has none). Reads the prefetched
    ``milestones``, so a list of goals costs no extra query per goal."""
    milestones = list(goal.milestones.all())
    if not milestones:
        return None
    return round(100 * sum(1 for m in milestones if m.is_done) / len(milestones))
