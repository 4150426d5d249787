"""Reads for goals, milestones, goal comments and strengths/growth-area snapshots, scoped
to the viewer and prefetched so a page costs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from tandem.accounts.choices import GoalVisibility
from tandem.accounts.models import CareerGoal
from tandem.growth.models import (
    AssessmentItem,
    AssessmentKind,
    AssessmentSnapshot,
    GoalComment,
    GoalShare,
)

DUE_SOON_DAYS = 30


def goals_shared_with(relationship):
    """The mentee's career goals this relationship's mentor may see, as a queryset: the
    one rule every feature that shows or links a goal in a relationship goes through.

    A goal is shared with a mentorship when the mentee chose
      * "all my mentors" (``visibility=mentors``), or
      * "the mentorships I choose" and this one is among them (a ``GoalShare``), or
      * attached it to the request that started this mentorship, and has not changed who
        sees the goal since that request (a later choice, "only me" included, wins).
    """
    shared = Q(visibility=GoalVisibility.MENTORS) | Q(
        Exists(GoalShare.objects.filter(goal=OuterRef("pk"), relationship_id=relationship.pk)),
        visibility=GoalVisibility.CHOSEN)
    if relationship.request_id:
        from tandem.mentorships.models import MentorshipRequest

        attached = MentorshipRequest.goals.through.objects.filter(
            mentorshiprequest_id=relationship.request_id).values("careergoal_id")
        asked_at = MentorshipRequest.objects.filter(pk=relationship.request_id).values(
            "created_at")
        shared |= Q(pk__in=attached) & (Q(visibility_changed_at__isnull=True)
                                        | Q(visibility_changed_at__lt=Subquery(asked_at)))
    return CareerGoal.objects.filter(shared, user_id=relationship.mentee_id).order_by(
        "position", "id")


def is_shared(goal, relationship, shares: set, attached: dict) -> bool:
    """``goals_shared_with``'s rule for one goal and one mentorship, from rows already
    read: ``shares`` holds (goal, relationship) pairs of ``GoalShare``, ``attached`` maps
    (goal, request) to the request's time."""
    if goal.user_id != relationship.mentee_id:
        return False
    if goal.visibility == GoalVisibility.MENTORS or (
            goal.visibility == GoalVisibility.CHOSEN
            and (goal.pk, relationship.pk) in shares):
        return True
    asked_at = attached.get((goal.pk, relationship.request_id))
    return asked_at is not None and (goal.visibility_changed_at is None
                                     or goal.visibility_changed_at < asked_at)


def on_shared_goal_q(prefix: str = "") -> Q:
    """``is_shared``'s rule as a condition on a row that has a ``goal`` and a
    ``relationship`` (a goal comment): its goal is one the mentorship's mentor may see now.
    ``prefix`` reaches such a row from another model."""
    from django.db.models import F

    from tandem.mentorships.models import MentorshipRequest

    goal, rel = f"{prefix}goal", f"{prefix}relationship"
    chosen = GoalShare.objects.filter(goal_id=OuterRef(f"{goal}_id"),
                                      relationship_id=OuterRef(f"{rel}_id"))
    attached = MentorshipRequest.goals.through.objects.filter(
        careergoal_id=OuterRef(f"{goal}_id"),
        mentorshiprequest_id=OuterRef(f"{rel}__request_id"))
    return Q(**{f"{goal}__user_id": F(f"{rel}__mentee_id")}) & (
        Q(**{f"{goal}__visibility": GoalVisibility.MENTORS})
        | Q(Exists(chosen), **{f"{goal}__visibility": GoalVisibility.CHOSEN})
        | (Q(Exists(attached)) & (
            Q(**{f"{goal}__visibility_changed_at__isnull": True})
            | Q(**{f"{goal}__visibility_changed_at__lt": F(f"{rel}__request__created_at")}))))


def shared_goal_pairs(relationships, goal_ids=None) -> set[tuple[int, int]]:
    """(goal id, relationship id) for every goal (of ``goal_ids``, if given) each of the
    mentorships' mentors may see now: ``goals_shared_with`` for many mentorships at once,
    in at most three queries."""
    from tandem.mentorships.models import MentorshipRequest

    rels = list(relationships)
    if not rels:
        return set()
    goals = CareerGoal.objects.filter(user_id__in={r.mentee_id for r in rels})
    if goal_ids is not None:
        goals = goals.filter(pk__in=[g for g in goal_ids if isinstance(g, int)])
    goals = list(goals.only("id", "user_id", "visibility", "visibility_changed_at"))
    if not goals:
        return set()
    shares = set(GoalShare.objects.filter(goal__in=goals, relationship__in=rels)
                 .values_list("goal_id", "relationship_id"))
    request_ids = [r.request_id for r in rels if r.request_id]
    attached = {}
    if request_ids:
        attached = {(g, r): at for g, r, at in MentorshipRequest.goals.through.objects.filter(
            mentorshiprequest_id__in=request_ids, careergoal_id__in=[g.pk for g in goals]
        ).values_list("careergoal_id", "mentorshiprequest_id", "mentorshiprequest__created_at")}
    return {(goal.pk, rel.pk) for rel in rels for goal in goals
            if is_shared(goal, rel, shares, attached)}


def progress_of(goal: CareerGoal) -> tuple[int | None, str]:
    """(percent, source): set by hand wins ("manual"), else the share of milestones done
    ("milestones"), else (None, ""). Reads the prefetched ``milestones``, or the
    ``milestone_count`` and ``milestones_done`` annotations when the goal has them."""
    if goal.progress_manual is not None:
        return goal.progress_manual, "manual"
    if hasattr(goal, "milestone_count"):
        if not goal.milestone_count:
            return None, ""
        return round(100 * goal.milestones_done / goal.milestone_count), "milestones"
    milestones = list(goal.milestones.all())
    if not milestones:
        return None, ""
    return round(100 * sum(1 for m in milestones if m.is_done) / len(milestones)), "milestones"


def sharing_of(user, goals) -> dict[int, list]:
    """For each of ``user``'s goals, the mentorships (as mentee) whose mentor sees it,
    in a fixed number of queries."""
    from tandem.mentorships.models import MentorshipRequest, Relationship

    goals = list(goals)
    rels = list(Relationship.objects.filter(mentee=user).select_related("mentor__profile")
                .order_by("-started_at"))
    if not goals or not rels:
        return {g.pk: [] for g in goals}
    chosen = set(GoalShare.objects.filter(goal__in=goals).values_list("goal_id",
                                                                      "relationship_id"))
    request_rel = {r.request_id: r for r in rels if r.request_id}
    attached = {}
    for goal_id, request_id, asked_at in MentorshipRequest.goals.through.objects.filter(
            mentorshiprequest_id__in=list(request_rel), careergoal_id__in=[g.pk for g in goals]
    ).values_list("careergoal_id", "mentorshiprequest_id", "mentorshiprequest__created_at"):
        attached.setdefault(goal_id, []).append((request_rel[request_id].pk, asked_at))
    result = {}
    for goal in goals:
        seen = []
        for rel in rels:
            if goal.visibility == GoalVisibility.MENTORS:
                ok = True
            else:
                ok = goal.visibility == GoalVisibility.CHOSEN and (goal.pk, rel.pk) in chosen
            if not ok:
                ok = any(rel_id == rel.pk and (goal.visibility_changed_at is None
                                               or goal.visibility_changed_at < asked_at)
                         for rel_id, asked_at in attached.get(goal.pk, []))
            if ok:
                seen.append(rel)
        result[goal.pk] = seen
    return result


def mentee_relationships(user) -> list:
    """The mentorships in which ``user`` is the mentee, newest first (mentors loaded): the
    ones a goal can be shared with."""
    from tandem.mentorships.models import Relationship

    return list(Relationship.objects.filter(mentee=user).select_related("mentor__profile")
                .order_by("-started_at"))


def chosen_relationship_ids(goal: CareerGoal) -> list[int]:
    return list(GoalShare.objects.filter(goal=goal).values_list("relationship_id", flat=True))


def decorate(goals, *, viewer=None, relationship=None) -> list[CareerGoal]:
    """Set ``progress``/``progress_source`` (and, inside a relationship, the viewer's
    ``unread`` comment count) on each goal. Goals must have ``milestones`` prefetched."""
    goals = list(goals)
    for goal in goals:
        goal.progress, goal.progress_source = progress_of(goal)
        goal.due_soon = bool(goal.is_open and goal.target_date and goal.target_date
                             <= timezone.localdate() + timedelta(days=DUE_SOON_DAYS))
        goal.overdue = bool(goal.is_open and goal.target_date
                            and goal.target_date < timezone.localdate())
    if relationship is not None and viewer is not None:
        unread = dict(GoalComment.objects.filter(
            relationship=relationship, goal__in=goals, read_at__isnull=True
        ).exclude(author=viewer).values("goal_id").annotate(n=Count("id"))
            .values_list("goal_id", "n"))
        for goal in goals:
            goal.unread = unread.get(goal.pk, 0)
    return goals


def relationship_goals(relationship, viewer) -> list[CareerGoal]:
    """The goals shared with the relationship, with milestones and this relationship's
    comments (authors loaded), progress and the viewer's unread count."""
    comments = GoalComment.objects.filter(relationship=relationship).select_related(
        "author__profile").order_by("created_at", "id")
    goals = goals_shared_with(relationship).prefetch_related(
        "milestones", Prefetch("comments", queryset=comments, to_attr="thread"))
    return decorate(goals, viewer=viewer, relationship=relationship)


def unread_comments(relationship, viewer) -> int:
    """Comments on goals still shared with the relationship that the viewer has not read."""
    return GoalComment.objects.filter(
        relationship=relationship, read_at__isnull=True,
        goal__in=goals_shared_with(relationship).values("pk")).exclude(author=viewer).count()


def comments_on(relationship, goal) -> list[GoalComment]:
    return list(GoalComment.objects.filter(relationship=relationship, goal=goal)
                .select_related("author__profile").order_by("created_at", "id"))


# --- Strengths and growth areas ---------------------------------------------------------


@dataclass
class Change:
    added: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def _names(snapshot, kind) -> list[str]:
    return [i.name for i in snapshot.items.all() if i.kind == kind]


def compare(previous, current) -> dict[str, Change]:
    """What changed between one person's two snapshots, per kind, by name (any case)."""
    result = {}
    for kind in AssessmentKind.values:
        before = {n.casefold(): n for n in _names(previous, kind)} if previous else {}
        after = _names(current, kind)
        after_keys = {n.casefold() for n in after}
        result[kind] = Change(
            added=[n for n in after if n.casefold() not in before] if previous else [],
            dropped=[n for k, n in before.items() if k not in after_keys],
            kept=[n for n in after if n.casefold() in before])
    return result


def snapshots(relationship) -> list[AssessmentSnapshot]:
    """Every snapshot of the relationship, newest first, with items, ``strengths``,
    ``growth_areas``, ``role`` and ``changes`` (compared with the author's previous one)."""
    found = list(AssessmentSnapshot.objects.filter(relationship=relationship)
                 .select_related("author__profile")
                 .prefetch_related(Prefetch("items", queryset=AssessmentItem.objects.order_by(
                     "kind", "position", "id")))
                 .order_by("-created_at", "-id"))
    previous: dict[int, AssessmentSnapshot | None] = {}
    for snap in reversed(found):  # oldest first
        snap.strengths = [i for i in snap.items.all() if i.kind == AssessmentKind.STRENGTH]
        snap.growth_areas = [i for i in snap.items.all() if i.kind == AssessmentKind.GROWTH]
        snap.role = relationship.role_of(snap.author)
        snap.previous = previous.get(snap.author_id)
        snap.changes = compare(snap.previous, snap)
        snap.first = snap.previous is None
        snap.sections = [
            {"label": "Strengths", "items": snap.strengths,
             "change": snap.changes[AssessmentKind.STRENGTH]},
            {"label": "Growth areas", "items": snap.growth_areas,
             "change": snap.changes[AssessmentKind.GROWTH]}]
        previous[snap.author_id] = snap
    return found


def latest_snapshots(relationship) -> dict:
    """{"mentee": newest snapshot or None, "mentor": ..., "history": all, newest first}."""
    found = snapshots(relationship)
    latest = {"mentee": None, "mentor": None}
    for snap in found:
        if latest[snap.role] is None:
            latest[snap.role] = snap
    return {**latest, "history": found}
