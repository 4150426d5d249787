"""Reads of the circles app, scoped to what the viewer may see, each a fixed number of
queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from tandem.circles.models import (
    AgendaItem,
    AgreementConfirmation,
    AgreementVersion,
    Attendance,
    Circle,
    CircleMeeting,
    CircleResource,
    CircleState,
    MeetingNote,
    MeetingStatus,
    Membership,
    MemberStatus,
    Post,
    Role,
    SharedGoal,
)
from tandem.circles.permissions import discoverable

PAGE_SIZE = 30
HEALTH_MEETINGS = 5  # attendance over the circle's last five meetings held
QUIET_DAYS = 30
RISK_DAYS = 45
LOW_ATTENDANCE = 0.5


def _mentors_prefetch():
    return Prefetch("memberships", queryset=Membership.objects.active().filter(
        role=Role.MENTOR).select_related("user__profile"),
        to_attr="mentor_rows")


def _next_meeting_subquery():
    return Subquery(CircleMeeting.objects.filter(
        circle=OuterRef("pk"), status=MeetingStatus.SCHEDULED,
        starts_at__gte=timezone.now()).order_by("starts_at").values("starts_at")[:1])


def my_memberships(user):
    """The user's circles (active first, then invitations and requests), with mentors and
    the next meeting: four queries."""
    return list(Membership.objects.filter(
        user=user, status__in=[MemberStatus.ACTIVE, MemberStatus.INVITED,
                               MemberStatus.REQUESTED])
        .select_related("circle__program", "circle__organiser__profile", "invited_by__profile")
        .prefetch_related(Prefetch("circle", queryset=Circle.objects.annotate(
            next_meeting=_next_meeting_subquery()).prefetch_related(_mentors_prefetch())))
        .order_by("status", "circle__topic", "id"))


def open_circles(user, *, q: str = "", limit: int = 50):
    """Circles the user may ask to join (not theirs), optionally whose topic or
    description contains ``q``."""
    found = (Circle.objects.filter(discoverable(), state=CircleState.OPEN)
             .exclude(memberships__user=user, memberships__status__in=[
                 MemberStatus.ACTIVE, MemberStatus.INVITED, MemberStatus.REQUESTED,
                 MemberStatus.REMOVED])
             .select_related("program", "organiser__profile")
             .prefetch_related(_mentors_prefetch()))
    q = (q or "").strip()[:100]
    if q:
        found = found.filter(Q(topic__icontains=q) | Q(description__icontains=q))
    return list(found.order_by("topic", "id")[:limit])


def members_of(circle: Circle):
    return list(Membership.objects.filter(circle=circle).select_related(
        "user__profile", "invited_by__profile").order_by("role", "joined_at", "id"))


def current_agreement(circle: Circle) -> AgreementVersion | None:
    return (AgreementVersion.objects.filter(circle=circle).select_related("written_by__profile")
            .prefetch_related(Prefetch("confirmations", queryset=AgreementConfirmation.objects
                                       .select_related("user__profile")))
            .first())


def agreement_history(circle: Circle):
    return list(AgreementVersion.objects.filter(circle=circle)
                .select_related("written_by__profile")
                .prefetch_related(Prefetch("confirmations",
                                           queryset=AgreementConfirmation.objects
                                           .select_related("user__profile"))))


def meetings_of(circle: Circle):
    return list(CircleMeeting.objects.filter(circle=circle).annotate(
        agenda_count=Count("agenda", distinct=True),
        note_count=Count("notes", distinct=True)).order_by("starts_at", "id"))


def next_meeting(circle: Circle) -> CircleMeeting | None:
    return CircleMeeting.objects.filter(circle=circle, status=MeetingStatus.SCHEDULED,
                                        starts_at__gte=timezone.now()).first()


def meeting_detail(meeting: CircleMeeting):
    agenda = list(AgendaItem.objects.filter(meeting=meeting).select_related("author__profile"))
    notes = list(MeetingNote.objects.filter(meeting=meeting).select_related("author__profile"))
    attendance = {a.user_id: a.present for a in Attendance.objects.filter(meeting=meeting)}
    return agenda, notes, attendance


def posts_page(circle: Circle, *, before: int | None = None, after: int | None = None,
               size: int = PAGE_SIZE) -> tuple[list[Post], bool]:
    """(posts oldest first, whether older ones exist). ``before``: the page of posts
    older than that id; ``after``: the posts newer than that id (what polling fetches)."""
    rows = Post.objects.filter(circle=circle).select_related("author__profile")
    if after is not None:
        return list(rows.filter(id__gt=after).order_by("id")[:200]), False
    if before is not None:
        rows = rows.filter(id__lt=before)
    page = list(rows.order_by("-id")[:size + 1])
    more = len(page) > size
    return page[:size][::-1], more


def resources_of(circle: Circle):
    return list(CircleResource.objects.filter(circle=circle).select_related("added_by__profile"))


def shared_goals(circle: Circle):
    """The goals members chose to show, of people still active, grouped by person."""
    active = Membership.objects.active().filter(circle=circle).values("user_id")
    rows = (SharedGoal.objects.filter(circle=circle, goal__user_id__in=active)
            .select_related("goal__user__profile").order_by("goal__user_id", "goal__title"))
    grouped: dict[int, dict] = {}
    for row in rows:
        entry = grouped.setdefault(row.goal.user_id, {"user": row.goal.user, "goals": []})
        entry["goals"].append(row.goal)
    return list(grouped.values())


def my_shared_goal_ids(circle: Circle, user) -> set[int]:
    return set(SharedGoal.objects.filter(circle=circle, goal__user=user)
               .values_list("goal_id", flat=True))


# --- Health: figures only -------------------------------------------------------------


@dataclass
class Health:
    circle: Circle
    members: int
    mentors: int
    meetings_held: int
    attendance_rate: float | None  # over the last meetings held, None when none
    posts_30_days: int
    last_activity: datetime | None
    signal: str  # healthy, quiet, at_risk, closed
    reasons: list[str] = field(default_factory=list)

    @property
    def signal_label(self) -> str:
        return {"healthy": "Healthy", "quiet": "Quiet", "at_risk": "At risk",
                "closed": "Closed"}[self.signal]


def health(circles, *, now=None) -> list[Health]:
    """Figures for each circle (never content): members, attendance over the last
    meetings held, posts in the last 30 days, the last activity, and a signal with its
    reasons. Three queries whatever the number of circles."""
    now = now or timezone.now()
    since = now - timedelta(days=QUIET_DAYS)
    rows = list(circles.select_related("program").annotate(
        mentors=Count("memberships", filter=Q(memberships__status=MemberStatus.ACTIVE,
                                              memberships__role=Role.MENTOR), distinct=True),
        recent_posts=Count("posts", filter=Q(posts__created_at__gte=since), distinct=True),
        held=Count("meetings", filter=Q(meetings__status=MeetingStatus.HELD), distinct=True),
        last_held=Max("meetings__held_at"),
    ).order_by("topic", "id"))
    held = list(CircleMeeting.objects.filter(circle__in=[c.pk for c in rows],
                                             status=MeetingStatus.HELD)
                .order_by("circle_id", "-starts_at").values_list("pk", "circle_id"))
    last: dict[int, list[int]] = {}
    for pk, circle_id in held:
        if len(last.setdefault(circle_id, [])) < HEALTH_MEETINGS:
            last[circle_id].append(pk)
    wanted = [pk for pks in last.values() for pk in pks]
    counts: dict[int, list[int]] = {}
    for circle_id, present, total in (
            Attendance.objects.filter(meeting_id__in=wanted)
            .values("meeting__circle_id")
            .annotate(p=Count("id", filter=Q(present=True)), t=Count("id"))
            .values_list("meeting__circle_id", "p", "t")):
        counts[circle_id] = [present, total]
    out = []
    for c in rows:
        present, total = counts.get(c.pk, [0, 0])
        rate = present / total if total else None
        out.append(_signal(c, rate, now))
    return out


def _signal(c: Circle, rate: float | None, now) -> Health:
    reasons = []
    last = c.last_activity_at
    idle_days = (now - last).days if last else None
    if c.state == CircleState.CLOSED:
        signal = "closed"
        reasons.append("Closed by its leaders.")
    else:
        signal = "healthy"
        if idle_days is not None and idle_days >= RISK_DAYS:
            signal = "at_risk"
            reasons.append(f"Nothing happened for {idle_days} days.")
        if rate is not None and rate < LOW_ATTENDANCE:
            signal = "at_risk"
            reasons.append(f"Attendance {round(rate * 100)}% over the last meetings.")
        if not c.is_peer and c.mentors == 0:
            signal = "at_risk"
            reasons.append("No mentor.")
        if signal == "healthy":
            if c.recent_posts == 0 and (idle_days is None or idle_days >= QUIET_DAYS):
                signal = "quiet"
                reasons.append(f"No posts or meetings in the last {QUIET_DAYS} days.")
            elif c.member_count < 2:
                signal = "quiet"
                reasons.append("Fewer than two members.")
        if signal == "healthy":
            reasons.append("Members meet and talk.")
    return Health(circle=c, members=c.member_count, mentors=c.mentors, meetings_held=c.held,
                  attendance_rate=rate, posts_30_days=c.recent_posts, last_activity=last,
                  signal=signal, reasons=reasons)
