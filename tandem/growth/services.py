"""Every write of growth: career goals (a person's own list: add, change, remove; their
audit entries keep the ``accounts.goal.*`` names they had), milestones (the mentee adds and ticks them off; either party
of a mentorship can turn a meeting's action item into a milestone of one of the mentee's
shared goals), sharing a goal with chosen mentorships, comments on goals inside a
mentorship and their acknowledgement, and snapshots of strengths and growth areas."""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.choices import GoalHorizon, GoalStatus, GoalVisibility
from tandem.accounts.models import CareerGoal, User
from tandem.core.audit import audit_log
from tandem.core.errors import Conflict, ValidationFailed
from tandem.core.errors import FieldErrors as _Errors
from tandem.core.validation import Text, check_text, check_texts, reject_nul_characters
from tandem.growth.models import (
    AssessmentItem,
    AssessmentKind,
    AssessmentSnapshot,
    GoalComment,
    GoalShare,
    Milestone,
)
from tandem.notifications.services import notify

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
    if due_date is not None and (not isinstance(due_date, date) or isinstance(due_date, datetime)):
        raise ValidationFailed("A date like 2027-03-01.", field="due_date")
    # As for a goal's target date: a new milestone is due from today on. One made from a
    # meeting's action item keeps that item's date, even when it has passed: it was set
    # with the action, not chosen now.
    if due_date is not None and source_action is None and due_date < timezone.localdate():
        raise ValidationFailed("Pick a due date from today on.", field="due_date")
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
    """Tick a milestone off (or reopen it). The first one done starts a goal that was
    "not started": work on it has visibly begun."""
    with transaction.atomic():
        milestone.done_at = timezone.now() if done else None
        milestone.save(update_fields=["done_at", "updated_at"])
        if done:
            CareerGoal.objects.filter(pk=milestone.goal_id, status=GoalStatus.NOT_STARTED).update(
                status=GoalStatus.IN_PROGRESS, updated_at=timezone.now())
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

    if not rel.is_open:
        # A goal shared with "all my mentors" is still read by past mentors: reading it
        # is theirs, adding to it is not.
        raise Conflict("This mentorship is closed: its actions can no longer become "
                       "milestones.")
    goal = goals_shared_with(rel).filter(pk=goal_id if isinstance(goal_id, int) else -1).first()
    if goal is None:
        raise ValidationFailed("Pick one of the mentee's shared goals.", field="goal_id")
    return milestone_add(actor=actor, goal=goal, title=action.text, due_date=action.due_date,
                         source_action=action)


def goal_progress(goal: CareerGoal) -> int | None:
    """The goal's progress in percent: set by hand, else milestones done (None when the
    goal has neither). Reads the prefetched ``milestones``, so a list of goals costs no
    extra query per goal."""
    from tandem.growth.selectors import progress_of

    return progress_of(goal)[0]


# --- Career goals ------------------------------------------------------------------------


MAX_GOALS = 30
GOAL_FIELDS = {"title", "why", "measure", "target_date", "horizon", "status", "progress",
               "visibility", "relationship_ids"}
MAX_TARGET_YEARS = 50


def _validate_goal(changes: dict, *, user: User, goal: CareerGoal | None) -> dict:
    """Clean goal fields; every fault named at once. ``progress`` is the hand-set percent
    (None: derived from milestones); ``relationship_ids`` the mentorships chosen when the
    visibility is "chosen" (ignored otherwise)."""
    reject_nul_characters(changes)
    errors = _Errors()
    clean: dict = {}
    if "title" in changes:
        title = changes["title"]
        if not isinstance(title, str) or not title.strip():
            errors.add("title", "Give the goal a title.")
        elif len(title.strip()) > 120:
            errors.add("title", "At most 120 characters.")
        else:
            clean["title"] = title.strip()
            clean["title_key"] = clean["title"].casefold()
            same = CareerGoal.objects.filter(user=user, title_key=clean["title_key"])
            if goal is not None:
                same = same.exclude(pk=goal.pk)
            if same.exists():
                errors.add("title", "You already have a goal with this title.")
    texts = check_texts({name: Text(changes[name], limit, required=False)
                         for name, limit in (("why", 2000), ("measure", 1000))
                         if name in changes}, errors=errors)
    clean |= {name: value for name, value in texts.items() if not errors.has(name)}
    if "target_date" in changes:
        target = changes["target_date"]
        today = timezone.localdate()
        if target is not None and (not isinstance(target, date) or isinstance(target, datetime)):
            errors.add("target_date", "A date like 2027-03-01.")
        elif target is not None and target < today and (goal is None
                                                          or target != goal.target_date):
            errors.add("target_date", "Pick a date from today on.")
        elif target is not None and target.year > today.year + MAX_TARGET_YEARS:
            errors.add("target_date", f"Pick a date within the next {MAX_TARGET_YEARS} years.")
        else:
            clean["target_date"] = target
    if "horizon" in changes:
        if changes["horizon"] not in GoalHorizon.values:
            errors.add("horizon", f"Use one of {', '.join(GoalHorizon.values)}.")
        else:
            clean["horizon"] = changes["horizon"]
    if "status" in changes:
        if changes["status"] not in GoalStatus.values:
            errors.add("status", f"Use one of {', '.join(GoalStatus.values)}.")
        else:
            clean["status"] = changes["status"]
    if "progress" in changes:
        progress = changes["progress"]
        if progress is not None and (isinstance(progress, bool) or not isinstance(progress, int)
                                     or not 0 <= progress <= 100):
            errors.add("progress", "A whole percent from 0 to 100, or empty to follow the "
                                   "milestones.")
        else:
            clean["progress_manual"] = progress
    if "visibility" in changes:
        if changes["visibility"] not in GoalVisibility.values:
            errors.add("visibility", f"Use one of {', '.join(GoalVisibility.values)}.")
        else:
            clean["visibility"] = changes["visibility"]
    if "relationship_ids" in changes:
        try:
            clean["relationship_ids"] = clean_relationship_ids(user, changes["relationship_ids"])
        except ValidationFailed as exc:
            errors.add("relationship_ids", exc.message)
    for key in sorted(set(changes) - GOAL_FIELDS):
        errors.add(key, "Not a goal field.")
    errors.raise_if_any()
    return clean


def _duplicate_title() -> ValidationFailed:
    return ValidationFailed("You already have a goal with this title.", field="title")


def _status_fields(goal: CareerGoal, clean: dict) -> None:
    """Achieved or dropped goals record when; reopening one clears it."""
    if "status" not in clean:
        return
    closed = clean["status"] in GoalStatus.closed()
    if closed and (goal.closed_at is None or goal.status != clean["status"]):
        clean["closed_at"] = timezone.now()
    elif not closed:
        clean["closed_at"] = None


def goal_create(
    *, actor: User, title: str, why: str = "", horizon: str = GoalHorizon.ONE_YEAR,
    visibility: str = GoalVisibility.MENTORS, measure: str = "", target_date=None,
    status: str = GoalStatus.NOT_STARTED, progress: int | None = None,
    relationship_ids: list[int] | None = None,
) -> CareerGoal:
    """Add a career goal to the actor's list, at the end. A target date must not be in
    the past; ``relationship_ids`` are the mentorships that see it when ``visibility`` is
    "chosen"."""
    clean = _validate_goal(
        {"title": title, "why": why, "horizon": horizon, "visibility": visibility,
         "measure": measure, "target_date": target_date, "status": status,
         "progress": progress, "relationship_ids": relationship_ids or []},
        user=actor, goal=None,
    )
    chosen = clean.pop("relationship_ids")
    with transaction.atomic():
        # The person's row is the lock that makes count-then-insert safe when two
        # requests add goals at once.
        User.objects.select_for_update().get(pk=actor.pk)
        count = CareerGoal.objects.filter(user=actor).count()
        if count >= MAX_GOALS:
            raise ValidationFailed(f"At most {MAX_GOALS} career goals.", field="title")
        goal = CareerGoal(user=actor, position=count)
        _status_fields(goal, clean)
        for field, value in clean.items():
            setattr(goal, field, value)
        try:
            with transaction.atomic():
                goal.save()
        except IntegrityError:  # a concurrent request added the same title
            raise _duplicate_title() from None
        goal_set_sharing(goal=goal, visibility=goal.visibility, relationship_ids=chosen,
                         changed=False)
        audit_log(actor=actor, action="accounts.goal.created", target=goal)
    return goal


def goal_update(*, actor: User, goal: CareerGoal, changes: dict) -> CareerGoal:
    """Change some of a goal's fields (only those in ``changes``). A past target date may
    stay as it was but not be newly set. Changing who sees the goal (visibility or the
    chosen mentorships) is recorded, and from then on that choice alone decides."""
    from tandem.growth.selectors import chosen_relationship_ids

    clean = _validate_goal(changes, user=goal.user, goal=goal)
    chosen = clean.pop("relationship_ids", None)
    visibility = clean.get("visibility", goal.visibility)
    before = chosen_relationship_ids(goal)
    if chosen is None:
        chosen = before
    sharing_changed = visibility != goal.visibility or (
        visibility == GoalVisibility.CHOSEN and set(chosen) != set(before))
    _status_fields(goal, clean)
    with transaction.atomic():
        for field, value in clean.items():
            setattr(goal, field, value)
        try:
            with transaction.atomic():
                goal.save(update_fields=[*clean, "updated_at"])
        except IntegrityError:
            raise _duplicate_title() from None
        goal_set_sharing(goal=goal, visibility=visibility, relationship_ids=chosen,
                         changed=sharing_changed)
        fields = sorted(set(clean) - {"title_key", "closed_at"})
        if sharing_changed and "visibility" not in fields:
            fields.append("visibility")
        audit_log(actor=actor, action="accounts.goal.updated", target=goal,
                  data={"fields": fields})
        if "status" in clean and clean.get("closed_at") and goal.status == GoalStatus.ACHIEVED:
            _tell_mentors_achieved(actor=actor, goal=goal)
    return goal


def _tell_mentors_achieved(*, actor: User, goal: CareerGoal) -> None:
    from tandem.growth.selectors import sharing_of

    for rel in sharing_of(actor, [goal])[goal.pk]:
        if rel.is_open:
            notify(recipient=rel.mentor, kind="goal.achieved",
                   title=f"{actor.display_name} achieved a career goal",
                   url=reverse("growth:relationship_goals", args=[rel.pk]) + f"#goal-{goal.pk}")


def goal_delete(*, actor: User, goal: CareerGoal) -> None:
    with transaction.atomic():
        audit_log(actor=actor, action="accounts.goal.deleted", target=goal)
        goal.delete()


# --- Sharing a goal with chosen mentorships ---------------------------------------------


def _mentee_relationships(user):
    from tandem.mentorships.models import Relationship

    return Relationship.objects.filter(mentee=user)


def clean_relationship_ids(user, value, *, field: str = "relationship_ids") -> list[int]:
    """The ids of mentorships in which ``user`` is the mentee, or ValidationFailed."""
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(
            isinstance(pk, int) and not isinstance(pk, bool) for pk in value):
        raise ValidationFailed("A list of your mentorships' ids.", field=field)
    ids = list(dict.fromkeys(value))
    found = set(_mentee_relationships(user).filter(pk__in=[i for i in ids if 0 < i < 2**62])
                .values_list("pk", flat=True))
    if len(found) != len(ids):
        raise ValidationFailed("Pick mentorships in which you are the mentee.", field=field)
    return ids


def goal_set_sharing(*, goal: CareerGoal, visibility: str, relationship_ids: list[int],
                     changed: bool) -> None:
    """Store who sees the goal (call inside the caller's transaction, after validation).
    ``GoalShare`` rows exist only while the visibility is "chosen"."""
    if visibility != GoalVisibility.CHOSEN:
        GoalShare.objects.filter(goal=goal).delete()
    else:
        GoalShare.objects.filter(goal=goal).exclude(relationship_id__in=relationship_ids).delete()
        have = set(GoalShare.objects.filter(goal=goal).values_list("relationship_id", flat=True))
        GoalShare.objects.bulk_create([GoalShare(goal=goal, relationship_id=pk)
                                       for pk in relationship_ids if pk not in have])
    if changed:
        goal.visibility_changed_at = timezone.now()
        CareerGoal.objects.filter(pk=goal.pk).update(
            visibility_changed_at=goal.visibility_changed_at)


def _check_owner(actor, goal: CareerGoal, relationship) -> None:
    if goal.user_id != actor.pk or relationship.mentee_id != actor.pk:
        raise ValidationFailed("Share your own goals with your own mentorships.",
                               field="goal_id")


def goal_share(*, actor, goal: CareerGoal, relationship) -> CareerGoal:
    """Let this mentorship's mentor see the goal. A private goal becomes "shared with the
    mentorships I choose"; a goal shared with all mentors is already shared."""
    from tandem.growth.selectors import goals_shared_with

    _check_owner(actor, goal, relationship)
    if goals_shared_with(relationship).filter(pk=goal.pk).exists():
        return goal
    from tandem.growth.selectors import sharing_of

    with transaction.atomic():
        # Whoever sees the goal now (a request that named it, say) keeps seeing it: the
        # new choice is explicit, so it must list them too.
        seers = [r.pk for r in sharing_of(actor, [goal])[goal.pk]]
        if goal.visibility != GoalVisibility.CHOSEN:
            goal.visibility = GoalVisibility.CHOSEN
            goal.save(update_fields=["visibility", "updated_at"])
        goal_set_sharing(goal=goal, visibility=GoalVisibility.CHOSEN,
                         relationship_ids=[*dict.fromkeys([*seers, relationship.pk])],
                         changed=True)
        audit_log(actor=actor, action="growth.goal.shared", target=goal,
                  data={"relationship": relationship.pk})
        if relationship.is_open:
            notify(recipient=relationship.mentor, kind="goal.shared",
                   title=f"{actor.display_name} shared a career goal with you",
                   url=reverse("growth:relationship_goals", args=[relationship.pk]))
    return goal


def goal_unshare(*, actor, goal: CareerGoal, relationship) -> CareerGoal:
    """Stop this mentorship's mentor seeing the goal. A goal shared with all mentors stays
    shared with the mentee's other mentorships (it becomes "chosen" with those)."""
    _check_owner(actor, goal, relationship)
    from tandem.growth.selectors import sharing_of

    with transaction.atomic():
        # Everyone else who sees the goal now (all her mentors, chosen ones, or a request
        # that named it) keeps seeing it; the choice becomes explicit.
        others = [r.pk for r in sharing_of(actor, [goal])[goal.pk] if r.pk != relationship.pk]
        if goal.visibility != GoalVisibility.CHOSEN and (others or goal.visibility
                                                         == GoalVisibility.MENTORS):
            goal.visibility = GoalVisibility.CHOSEN
            goal.save(update_fields=["visibility", "updated_at"])
        goal_set_sharing(goal=goal, visibility=goal.visibility, relationship_ids=others,
                         changed=True)
        audit_log(actor=actor, action="growth.goal.unshared", target=goal,
                  data={"relationship": relationship.pk})
    return goal


# --- Comments on goals inside a mentorship ----------------------------------------------

MAX_COMMENT = 4000
MAX_COMMENTS_PER_GOAL = 500


def goal_comment_add(*, actor, relationship, goal: CareerGoal, text: str) -> GoalComment:
    """A comment on one of the goals shared with the mentorship (Markdown). The other
    party is notified and sees it as unread until they acknowledge it."""
    from tandem.growth.selectors import goals_shared_with

    text = check_text(text, field="text", limit=MAX_COMMENT, empty="Write a comment.", nul=True)
    if actor.pk not in (relationship.mentee_id, relationship.mentor_id):
        raise ValidationFailed("Only the two of you comment here.", field="text")
    if not goals_shared_with(relationship).filter(pk=goal.pk).exists():
        raise ValidationFailed("Comment on a goal shared with this mentorship.",
                               field="goal_id")
    if not relationship.is_open:
        raise Conflict("This mentorship is closed: its goals can be read, not commented on.")
    with transaction.atomic():
        if GoalComment.objects.filter(relationship=relationship, goal=goal).count() \
                >= MAX_COMMENTS_PER_GOAL:
            raise ValidationFailed(f"At most {MAX_COMMENTS_PER_GOAL} comments on one goal.",
                                   field="text")
        comment = GoalComment.objects.create(goal=goal, relationship=relationship,
                                             author=actor, text=text)
        audit_log(actor=actor, action="growth.goal_comment.added", target=comment,
                  data={"goal": goal.pk, "relationship": relationship.pk})
        notify(recipient=relationship.other_party(actor), kind="goal.comment",
               title=f"{actor.display_name} commented on a goal",
               url=reverse("growth:relationship_goals", args=[relationship.pk])
               + f"#goal-{goal.pk}")
    return comment


def goal_comment_acknowledge(*, actor, comment: GoalComment) -> GoalComment:
    """The reader marks the other party's comment as read (once; the first time stays)."""
    if comment.author_id == actor.pk:
        raise ValidationFailed("The other party acknowledges your comment.", field="comment")
    with transaction.atomic():
        changed = GoalComment.objects.filter(pk=comment.pk, read_at__isnull=True).update(
            read_at=timezone.now())
        comment.refresh_from_db(fields=["read_at"])
        if changed:
            audit_log(actor=actor, action="growth.goal_comment.acknowledged", target=comment)
    return comment


def goal_comments_acknowledge(*, actor, relationship, goal: CareerGoal) -> int:
    """Acknowledge every unread comment of the other party on this goal; how many."""
    with transaction.atomic():
        count = GoalComment.objects.filter(
            relationship=relationship, goal=goal, read_at__isnull=True,
        ).exclude(author=actor).update(read_at=timezone.now())
        if count:
            audit_log(actor=actor, action="growth.goal_comment.acknowledged", target=goal,
                      data={"relationship": relationship.pk, "comments": count})
    return count


# --- Strengths and growth areas ---------------------------------------------------------

MAX_ITEMS = 10
MAX_NAME = 120
MAX_NOTE = 1000


def _items(value, field: str, kind: str, errors: _Errors) -> list[AssessmentItem]:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        errors.add(field, "A list of items, each with a name and a note.")
        return []
    if len(value) > MAX_ITEMS:
        errors.add(field, f"At most {MAX_ITEMS}.")
        return []
    items, seen = [], set()
    for index, item in enumerate(value):
        where = f"{field}[{index}]"
        if not isinstance(item, dict) or set(item) - {"name", "note"}:
            errors.add(where, "Give a name and, if you like, a note.")
            continue
        name, note = item.get("name"), item.get("note") or ""
        if not isinstance(name, str) or not name.strip():
            errors.add(f"{where}.name", "Name it.")
        elif len(name.strip()) > MAX_NAME:
            errors.add(f"{where}.name", f"At most {MAX_NAME} characters.")
        elif name.strip().casefold() in seen:
            errors.add(f"{where}.name", "Listed twice.")
        if not isinstance(note, str):
            errors.add(f"{where}.note", "Must be text.")
        elif len(note.strip()) > MAX_NOTE:
            errors.add(f"{where}.note", f"At most {MAX_NOTE} characters.")
        if isinstance(name, str) and isinstance(note, str):
            seen.add(name.strip().casefold())
            items.append(AssessmentItem(kind=kind, name=name.strip(), note=note.strip(),
                                        position=index))
    return items


def assessment_save(*, actor, relationship, strengths: list[dict] | None = None,
                    growth_areas: list[dict] | None = None) -> AssessmentSnapshot:
    """A new dated snapshot of the actor's view of the mentee's strengths and growth
    areas in this mentorship (the mentee's self-assessment, or the mentor's). Earlier
    snapshots stay as they were; the other party is notified."""
    reject_nul_characters({"strengths": strengths, "growth_areas": growth_areas})
    errors = _Errors()
    items = (_items(strengths, "strengths", AssessmentKind.STRENGTH, errors)
             + _items(growth_areas, "growth_areas", AssessmentKind.GROWTH, errors))
    if not errors.items and not items:
        errors.add("strengths", "Name at least one strength or growth area.")
    if actor.pk not in (relationship.mentee_id, relationship.mentor_id):
        errors.add("strengths", "Only the two of you assess here.")
    errors.raise_if_any()
    if not relationship.is_open:
        raise Conflict("This mentorship is closed: its assessments can be read, not added.")
    with transaction.atomic():
        if AssessmentSnapshot.objects.filter(relationship=relationship,
                                             author=actor).count() >= 200:
            raise ValidationFailed("At most 200 snapshots each.", field="strengths")
        snapshot = AssessmentSnapshot.objects.create(relationship=relationship, author=actor)
        for item in items:
            item.snapshot = snapshot
        AssessmentItem.objects.bulk_create(items)
        audit_log(actor=actor, action="growth.assessment.saved", target=snapshot,
                  data={"items": len(items)})
        whose = "their" if actor.pk == relationship.mentee_id else "your"
        notify(recipient=relationship.other_party(actor), kind="assessment.saved",
               title=f"{actor.display_name} updated {whose} strengths and growth areas",
               url=reverse("growth:assessments", args=[relationship.pk]))
    return snapshot
