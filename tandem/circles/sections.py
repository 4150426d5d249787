"""What circles add to the dashboard, and their part of a person's data export and of
account erasure. Each function costs a fixed number of queries."""

from __future__ import annotations

from django.utils import timezone

from tandem.circles import selectors, services
from tandem.circles.models import (
    AgendaItem,
    AgreementConfirmation,
    AgreementVersion,
    CircleMeeting,
    CircleResource,
    MeetingNote,
    MeetingStatus,
    Membership,
    MemberStatus,
    Post,
    SharedGoal,
)
from tandem.circles.permissions import health_circles, may_see_health


def _memberships(viewer):
    return Membership.objects.filter(
        user=viewer, status__in=[MemberStatus.ACTIVE, MemberStatus.INVITED])


def dashboard_probe(*, viewer) -> dict:
    found = {"circles.memberships": _memberships(viewer)}
    if may_see_health(viewer):
        found["circles.health"] = health_circles(viewer).exclude(state="closed")
    return found


def dashboard_section(*, viewer, home=None) -> dict | None:
    """The viewer's circles, invitations and next circle meeting; for coordinators and
    staff, their circles' health in three numbers. No query when the home's probes say
    the viewer has neither circles nor circles to watch."""
    from tandem.core.sections import home_memo

    home = home_memo(home, viewer)
    rows = (list(_memberships(viewer).select_related("circle", "invited_by__profile")
                 .order_by("circle__topic", "id"))
            if home.probe("circles.memberships") else [])
    circles = [m.circle for m in rows if m.status == MemberStatus.ACTIVE]
    invitations = [m for m in rows if m.status == MemberStatus.INVITED]
    next_meeting = (CircleMeeting.objects.filter(
        circle__in=[c.pk for c in circles if not c.is_closed], status=MeetingStatus.SCHEDULED,
        starts_at__gte=timezone.now()).select_related("circle").order_by("starts_at").first()
        if circles else None)
    health = None
    if may_see_health(viewer) and home.probe("circles.health"):
        figures = selectors.health(health_circles(viewer).exclude(state="closed"))
        if figures:
            health = {"total": len(figures),
                      **{s: sum(1 for h in figures if h.signal == s)
                         for s in ("healthy", "quiet", "at_risk")}}
    if not circles and not invitations and health is None:
        return None
    from tandem.core.sections import INFO, waiting

    return {"template": "circles/partials/dashboard_section.html", "circles": circles,
            "invitations": invitations, "next_meeting": next_meeting, "health": health,
            "urgency": waiting(len(invitations)) or (INFO + 5 if next_meeting else INFO)}


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_data(*, user) -> dict:
    """The user's memberships, posts, agenda items, meeting notes, resources, agreement
    versions they wrote and confirmations, and the goals they showed to circles. Other
    members' writing is not theirs to export."""
    return {
        "memberships": [
            {"circle_id": m.circle_id, "circle": m.circle.topic, "role": m.role,
             "status": m.status, "source": m.source, "joined_at": _iso(m.joined_at),
             "ended_at": _iso(m.ended_at), "message": m.message}
            for m in Membership.objects.filter(user=user).select_related("circle")],
        "posts": [
            {"id": p.pk, "circle_id": p.circle_id, "body": p.body,
             "created_at": _iso(p.created_at)}
            for p in Post.objects.filter(author=user).order_by("id")],
        "agenda_items": [
            {"meeting_id": a.meeting_id, "meeting_starts_at": _iso(a.meeting.starts_at),
             "text": a.text, "created_at": _iso(a.created_at)}
            for a in AgendaItem.objects.filter(author=user).select_related("meeting")],
        "meeting_notes": [
            {"meeting_id": n.meeting_id, "meeting_starts_at": _iso(n.meeting.starts_at),
             "text": n.text, "updated_at": _iso(n.updated_at)}
            for n in MeetingNote.objects.filter(author=user).select_related("meeting")],
        "resources": [
            {"circle_id": r.circle_id, "title": r.title, "url": r.url, "note": r.note,
             "created_at": _iso(r.created_at)}
            for r in CircleResource.objects.filter(added_by=user)],
        "agreement_versions": [
            {"circle_id": v.circle_id, "version": v.version, "text": v.text,
             "created_at": _iso(v.created_at)}
            for v in AgreementVersion.objects.filter(written_by=user)],
        "agreement_confirmations": [
            {"circle_id": c.agreement.circle_id, "version": c.agreement.version,
             "at": _iso(c.at)}
            for c in AgreementConfirmation.objects.filter(user=user).select_related("agreement")],
        "shared_goals": [
            {"circle_id": s.circle_id, "goal": s.goal.title, "at": _iso(s.at)}
            for s in SharedGoal.objects.filter(goal__user=user).select_related("goal")],
    }


def erase_user(*, user) -> None:
    """Delete what the user wrote in circles (the others keep theirs) and end their
    memberships; a circle they ran passes to its longest-standing member or closes."""
    services.erase_member(user=user)


def program_section(*, viewer, program) -> dict:
    """On a program's overview (its coordinators): how many of its circles are open, and
    the way to their figures and to assigning mentees to them."""
    from tandem.circles.models import Circle

    return {"template": "circles/partials/program_card.html", "program": program,
            "open": Circle.objects.filter(program=program).exclude(state="closed").count()}
