"""What growth adds to the relationship page, the dashboard, the timeline and the export.
Each function costs a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.choices import GoalStatus
from tandem.accounts.models import CareerGoal
from tandem.core.markdown import plain_text
from tandem.core.sections import STATUS, TimelineEvent, waiting
from tandem.growth import selectors
from tandem.growth.models import AssessmentSnapshot, GoalComment, GoalShare

RELATIONSHIP_TAB = "goals"  # where relationship_section shows (tandem.core.sections)


def relationship_section(*, viewer, relationship) -> dict:
    """Two cards on the Goals and plan tab: the shared goals with progress and unread
    comments, and the latest strengths and growth areas of each party. The Overview gets
    each goal's progress (the mentee's links update it) and the unread comments."""
    rel = relationship
    goals = selectors.decorate(
        selectors.goals_shared_with(rel).prefetch_related("milestones"),
        viewer=viewer, relationship=rel)
    latest = {}
    for snap in (AssessmentSnapshot.objects.filter(relationship=rel)
                 .annotate(n=Count("items")).order_by("-created_at", "-id")[:50]):
        latest.setdefault(snap.author_id, snap)
    is_mentee = viewer.pk == rel.mentee_id
    goals_url = reverse("growth:relationship_goals", args=[rel.pk])
    unread = sum(g.unread for g in goals)
    # The mentee updates a goal's progress straight from the Overview: each goal links to
    # its form (the mentor's, to the goal and its comments).
    updating = is_mentee and rel.is_open
    glance = []
    for g in goals[:4]:
        state = f"{g.progress}%" if g.progress is not None else g.get_status_display().lower()
        if g.status == GoalStatus.ACHIEVED:
            state = "achieved"
        glance.append({"text": f"Update “{g.title}”: {state}", "url": reverse(
            "growth:goal_edit", args=[g.pk])} if updating and state != "achieved" else
            {"text": f"{g.title}: {state}", "url": f"{goals_url}#goal-{g.pk}"})
    attention = ([{"text": f"{unread} unread comment{'' if unread == 1 else 's'} on the goals",
                   "url": goals_url}] if unread else [])
    actions = ([{"label": "Update a goal's progress",
                 "url": reverse("growth:goal_edit", args=[goals[0].pk])}]
               if updating and len(goals) == 1 else [])
    return {
        "template": "growth/partials/relationship_section.html", "tab": "goals", "lead": True,
        "relationship": rel, "goals": goals, "is_mentee": is_mentee, "unread": unread,
        "mentee_snapshot": latest.get(rel.mentee_id), "mentor_snapshot": latest.get(rel.mentor_id),
        "attention": attention, "glance": glance, "actions": actions,
    }

def _unread_comments(viewer):
    """Goal comments in the viewer's mentorships that someone else wrote, nobody has read
    yet, on goals still shared with the mentorship (``selectors.is_shared``'s rule)."""
    from tandem.mentorships.models import involving_q

    return (GoalComment.objects.filter(involving_q(viewer, prefix="relationship__"),
                                       read_at__isnull=True).exclude(author=viewer)
            .filter(selectors.on_shared_goal_q()))


def dashboard_probe(*, viewer) -> dict:
    return {"growth.unread": _unread_comments(viewer)}


def dashboard_relationship_figures(*, viewer, home) -> dict:
    """Each relationship's unread comments on goals still shared, when there are any."""
    if not home.probe("growth.unread"):
        return {}
    from django.db.models import IntegerField, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    counted = (_unread_comments(viewer).filter(relationship=OuterRef("pk")).order_by()
               .values("relationship").annotate(n=Count("id")).values("n"))
    return {"growth_unread": Coalesce(Subquery(counted[:1]), Value(0),
                                      output_field=IntegerField())}


def dashboard_section(*, viewer, home=None) -> dict | None:
    """Goal progress: the viewer's open goals with how far each is, the unread goal
    comments in their mentorships, and their goals whose target date is near or past.
    One query (the goals, with their milestones counted); the unread comments come with
    the home's shared relationships (one query more for a card on its own); none for
    someone without goals nor unread comments on the home (its probes and the goal count
    say so)."""
    from django.db.models import Q

    from tandem.core.sections import home_memo
    from tandem.mentorships.selectors import relationships_for_home

    home = home_memo(home, viewer)
    rels = {}
    unread: dict[int, int] = {}
    if home.probe("growth.unread"):
        rels = {r.pk: r for r in relationships_for_home(viewer, home)}
        if all(hasattr(r, "growth_unread") for r in rels.values()):
            unread = {r.pk: r.growth_unread for r in rels.values() if r.growth_unread}
        else:
            unread = {rel_id: n for rel_id, n in _unread_comments(viewer).order_by()
                      .values_list("relationship_id").annotate(n=Count("id"))
                      .values_list("relationship_id", "n") if rel_id in rels}
    today = timezone.localdate()
    soon = today + timedelta(days=selectors.DUE_SOON_DAYS)
    profile = getattr(viewer, "profile", None) if home.answers is not None else None
    no_goals = profile is not None and getattr(profile, "goal_count", None) == 0
    goals = [] if no_goals else list(CareerGoal.objects.filter(
        user=viewer, status__in=[GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS])
        .annotate(milestone_count=Count("milestones"),
                  milestones_done=Count("milestones", filter=Q(milestones__done_at__isnull=False)))
        .order_by("position", "id"))
    due = sorted((g for g in goals if g.target_date is not None and g.target_date <= soon),
                 key=lambda g: (g.target_date, g.pk))[:10]
    for goal in goals:
        goal.percent, _source = selectors.progress_of(goal)
    if not unread and not goals:
        return None
    late = [g for g in due if g.target_date < today]
    waiting_count = len(unread) + len(late)
    return {
        "template": "growth/partials/dashboard_section.html",
        "unread": [{"relationship": rels[pk], "count": n,
                    "other": rels[pk].other_party(viewer)} for pk, n in sorted(unread.items())],
        "due": due, "today": today, "goals": goals[:6], "more_goals": max(len(goals) - 6, 0),
        "roles": ["mentee"], "urgency": waiting(waiting_count, late=bool(late)) or STATUS,
    }


def timeline_events(*, viewer, relationship) -> list[TimelineEvent]:
    """Goals shared, achieved or dropped, milestones done and comments (kind "goal");
    strengths and growth-area snapshots (kind "assessment"). Only the goals shared with
    the mentorship, which both parties see."""
    rel = relationship
    names = {rel.mentee_id: rel.mentee.display_name, rel.mentor_id: rel.mentor.display_name}
    goals_url = reverse("growth:relationship_goals", args=[rel.pk])
    goals = list(selectors.goals_shared_with(rel).prefetch_related("milestones"))
    shared_at = dict(GoalShare.objects.filter(relationship=rel).values_list("goal_id",
                                                                            "created_at"))
    events = []
    mentee = names[rel.mentee_id]
    for goal in goals:
        url = f"{goals_url}#goal-{goal.pk}"
        events.append(TimelineEvent(
            at=shared_at.get(goal.pk) or max(goal.created_at, rel.started_at), kind="goal",
            title=f"Goal shared: {goal.title}", url=url, actor=mentee))
        if goal.closed_at:
            events.append(TimelineEvent(
                at=goal.closed_at, kind="goal", url=url, actor=mentee,
                title=f"Goal {goal.get_status_display().lower()}: {goal.title}"))
        for m in goal.milestones.all():
            if m.done_at:
                events.append(TimelineEvent(at=m.done_at, kind="goal", url=url, actor=mentee,
                                            title=f"Milestone done: {m.title}",
                                            detail=f"Towards “{goal.title}”"))
    titles = {g.pk: g.title for g in goals}
    for comment in GoalComment.objects.filter(relationship=rel, goal_id__in=list(titles)):
        events.append(TimelineEvent(
            at=comment.created_at, kind="goal", url=f"{goals_url}#comment-{comment.pk}",
            title=f"Comment on “{titles[comment.goal_id]}”",
            actor=names.get(comment.author_id, ""),
            detail=plain_text(comment.text)[:140]))
    strengths_url = reverse("growth:assessments", args=[rel.pk])
    for snap in AssessmentSnapshot.objects.filter(relationship=rel).annotate(n=Count("items")):
        own = snap.author_id == rel.mentee_id
        events.append(TimelineEvent(
            at=snap.created_at, kind="assessment", url=strengths_url,
            title=("Self-assessment of strengths and growth areas" if own
                   else "Mentor's assessment of strengths and growth areas"),
            actor=names.get(snap.author_id, ""), detail=f"{snap.n} items"))
    return events


def record_markdown(*, user) -> str:
    """The user's goals (SMART fields, status, progress, milestones) and the strengths and
    growth-area snapshots of their mentorships (the latest of each party)."""
    goals = selectors.decorate(CareerGoal.objects.filter(user=user)
                               .prefetch_related("milestones").order_by("position", "id"))
    lines = []
    if goals:
        lines += ["## Career goals", ""]
        for goal in goals:
            lines.append(f"### {goal.title}")
            lines.append("")
            lines.append(f"- Status: {goal.get_status_display()}"
                         + (f" ({goal.closed_at:%Y-%m-%d})" if goal.closed_at else ""))
            if goal.progress is not None:
                source = "set by hand" if goal.progress_source == "manual" else "milestones"
                lines.append(f"- Progress: {goal.progress}% ({source})")
            lines.append(f"- Horizon: {goal.get_horizon_display()}"
                         + (f"; target date {goal.target_date:%Y-%m-%d}" if goal.target_date
                            else ""))
            if goal.why:
                lines.append(f"- Why it matters: {' '.join(goal.why.split())}")
            if goal.measure:
                lines.append(f"- How success is measured: {' '.join(goal.measure.split())}")
            lines.append(f"- Who sees it: {goal.get_visibility_display()}")
            milestones = list(goal.milestones.all())
            if milestones:
                lines.append("- Milestones:")
            for m in milestones:
                done = f" (done {m.done_at:%Y-%m-%d})" if m.done_at else ""
                due = f" (due {m.due_date:%Y-%m-%d})" if m.due_date and not m.done_at else ""
                lines.append(f"  - [{'x' if m.done_at else ' '}] {m.title}{due}{done}")
            lines.append("")
    from tandem.mentorships.models import Relationship

    rels = list(Relationship.objects.involving(user)
                .select_related("mentee__profile", "mentor__profile").order_by("-started_at"))
    snaps = list(AssessmentSnapshot.objects.filter(relationship__in=rels)
                 .prefetch_related("items").order_by("-created_at", "-id"))
    latest = {}
    for snap in snaps:
        latest.setdefault((snap.relationship_id, snap.author_id), snap)
    parts = []
    for rel in rels:
        for author_id, label in ((rel.mentee_id, "self-assessment"), (rel.mentor_id, "mentor")):
            snap = latest.get((rel.pk, author_id))
            if snap is None:
                continue
            parts.append(f"### {rel.mentee.display_name}, mentored by "
                         f"{rel.mentor.display_name}: {label}, {snap.created_at:%Y-%m-%d}")
            parts.append("")
            for kind, title in (("strength", "Strengths"), ("growth", "Growth areas")):
                items = [i for i in snap.items.all() if i.kind == kind]
                if items:
                    parts.append(f"{title}:")
                    parts += [f"- {i.name}" + (f": {' '.join(i.note.split())}" if i.note else "")
                              for i in items]
                    parts.append("")
    if parts:
        lines += ["## Strengths and growth areas", "", *parts]
    return "\n".join(lines)


# --- Data rights (tandem.privacy) -------------------------------------------------------


def export_data(*, user) -> dict:
    """Milestones of the person's goals, which mentorships each goal is shared with,
    comments they wrote, and the strengths and growth areas they recorded."""
    from tandem.core.exporting import plain, rows
    from tandem.growth.models import Milestone

    snapshots = (AssessmentSnapshot.objects.filter(author=user)
                 .prefetch_related("items").order_by("created_at", "id"))
    return {
        "milestones": rows(Milestone.objects.filter(goal__user=user), "goal_id", "title",
                           "due_date", "done_at", "created_at"),
        "goal_shares": rows(GoalShare.objects.filter(goal__user=user), "goal_id",
                            "relationship_id", "created_at"),
        "goal_comments": rows(GoalComment.objects.filter(author=user), "goal_id",
                              "relationship_id", "text", "read_at", "created_at"),
        "assessments": [plain({
            "relationship_id": s.relationship_id, "created_at": s.created_at,
            "items": [{"kind": i.kind, "name": i.name, "note": i.note} for i in s.items.all()],
        }) for s in snapshots],
    }


def erase_user(*, user) -> None:
    """Comments and assessments the person wrote go; their goals (with milestones and
    shares) go with the accounts hook."""
    GoalComment.objects.filter(author=user).delete()
    AssessmentSnapshot.objects.filter(author=user).delete()
