"""What mentorships add to the timeline and to a person's exported record."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from tandem.core.sections import TimelineEvent
from tandem.mentorships.models import Agreement, Relationship, RelationshipState, involving_q


def changes_text(changes, *, limit: int = 3) -> str:
    """An amendment's changes in words: "How often: Every two weeks → Every week"."""
    if not isinstance(changes, list):
        return ""
    parts = []
    for change in changes[:limit]:
        if isinstance(change, dict):
            label = change.get("label") or change.get("field") or "Change"
            parts.append(f"{label}: {change.get('before', '—')} → {change.get('after', '—')}")
        elif change:
            parts.append(str(change))
    more = len(changes) - limit
    if more > 0:
        parts.append(f"and {more} more change{'s' if more != 1 else ''}")
    return "; ".join(parts)


def timeline_events(*, viewer, relationship: Relationship) -> list[TimelineEvent]:
    rel = relationship
    names = {rel.mentee_id: rel.mentee.display_name, rel.mentor_id: rel.mentor.display_name}
    events = [TimelineEvent(
        at=rel.started_at, kind="agreement", title="The mentorship started",
        url=reverse("mentorships:detail", args=[rel.pk]),
        detail=f"{names[rel.mentor_id]} mentoring {names[rel.mentee_id]}")]
    if rel.request_id and rel.request.created_at < rel.started_at:
        events.append(TimelineEvent(
            at=rel.request.created_at, kind="agreement",
            title=f"{names[rel.mentee_id]} asked for mentorship",
            actor=names[rel.mentee_id]))
    for agreement in rel.agreements.all():
        url = reverse("mentorships:agreement_version", args=[rel.pk, agreement.version])
        events.append(TimelineEvent(
            at=agreement.created_at, kind="agreement",
            title=f"Agreement version {agreement.version} proposed", url=url,
            actor=names.get(agreement.proposed_by_id, ""),
            detail=changes_text(agreement.changes)))
        if agreement.confirmed_at:
            events.append(TimelineEvent(
                at=agreement.confirmed_at, kind="agreement",
                title=f"Agreement version {agreement.version} confirmed by both", url=url))
    if rel.ended_at:
        title = ("The mentorship was completed" if rel.state == RelationshipState.COMPLETED
                 else "The mentorship ended early")
        events.append(TimelineEvent(at=rel.ended_at, kind="agreement", title=title,
                                    actor=names.get(rel.ended_by_id, "")))
    return events


def record_markdown(*, user) -> str:
    """The person's mentorships: with whom, when, and the objectives they agreed."""
    rels = list(Relationship.objects.involving(user)
                .select_related("mentee__profile", "mentor__profile").order_by("-started_at"))
    if not rels:
        return ""
    current = {a.relationship_id: a for a in Agreement.objects.filter(
        relationship__in=rels, status=Agreement.Status.CONFIRMED)}
    lines = ["## Mentorships", ""]
    for rel in rels:
        role = "mentee" if rel.mentee_id == user.pk else "mentor"
        other = rel.other_party(user).display_name
        ended = f" to {rel.ended_at:%Y-%m-%d}" if rel.ended_at else ""
        lines.append(f"### With {other} (you were the {role})")
        lines.append("")
        lines.append(f"- {rel.get_state_display()}, from {rel.started_at:%Y-%m-%d}{ended}")
        agreement = current.get(rel.pk)
        if agreement is not None:
            lines.append(f"- Agreement version {agreement.version}, confirmed "
                         f"{agreement.confirmed_at:%Y-%m-%d}")
            for objective in agreement.objectives or []:
                text = objective.get("text", "") if isinstance(objective, dict) else ""
                if text:
                    lines.append(f"  - Objective: {text}")
        lines.append("")
    return "\n".join(lines)


# --- Data rights (tandem.privacy) -------------------------------------------------------

ERASED_REASON = "The other person deleted their Tandem account."


def export_data(*, user) -> dict:
    """Requests sent and received with their thread, mentorships with the other party's
    name, every agreement version of them, and the person's own closing reflections."""
    from tandem.core.exporting import plain, rows
    from tandem.mentorships.models import MentorshipRequest, Reflection, RequestMessage

    requests = list(MentorshipRequest.objects.filter(involving_q(user))
                    .select_related("mentee__profile", "mentor__profile", "decline_reason")
                    .prefetch_related("goals"))
    thread: dict[int, list] = {}
    for message in (RequestMessage.objects.filter(request__in=requests)
                    .order_by("created_at", "id")):
        thread.setdefault(message.request_id, []).append(plain({
            "kind": message.kind, "by_me": message.author_id == user.pk,
            "body": message.body, "at": message.created_at}))
    rels = list(Relationship.objects.involving(user)
                .select_related("mentee__profile", "mentor__profile", "program"))
    agreements: dict[int, list] = {}
    for agreement in Agreement.objects.filter(relationship__in=rels).order_by("version"):
        mine = (agreement.mentee_confirmed_at if agreement.relationship_id in
                {r.pk for r in rels if r.mentee_id == user.pk} else agreement.mentor_confirmed_at)
        agreements.setdefault(agreement.relationship_id, []).append(plain({
            "version": agreement.version, "status": agreement.status,
            "proposed_by_me": agreement.proposed_by_id == user.pk,
            "confirmed_by_me_at": mine, "confirmed_at": agreement.confirmed_at,
            "objectives": agreement.objectives, "channel": agreement.channel,
            "meeting_place": agreement.meeting_place, "cadence": agreement.cadence,
            "custom_interval_days": agreement.custom_interval_days,
            "weekday": agreement.weekday, "meeting_time": agreement.meeting_time,
            "timezone": agreement.timezone, "duration_minutes": agreement.duration_minutes,
            "feedback_format": agreement.feedback_format,
            "feedback_style": agreement.feedback_style,
            "feedback_timing": agreement.feedback_timing,
            "feedback_notes": agreement.feedback_notes,
            "confidentiality": agreement.confidentiality,
            "report_every_weeks": agreement.report_every_weeks,
            "start_date": agreement.start_date, "end_date": agreement.end_date,
            "created_at": agreement.created_at}))
    return {
        "requests": [plain({
            "id": r.pk, "role": "mentee" if r.mentee_id == user.pk else "mentor",
            "other_party": (r.mentor if r.mentee_id == user.pk else r.mentee).display_name,
            "message": r.message, "goal_ids": [g.pk for g in r.goals.all()],
            "proposed_cadence": r.proposed_cadence, "proposed_channel": r.proposed_channel,
            "state": r.state, "created_at": r.created_at, "closed_at": r.closed_at,
            "decline_reason": r.decline_reason.text if r.decline_reason else "",
            "decline_text": r.decline_text, "thread": thread.get(r.pk, [])})
            for r in requests],
        "mentorships": [plain({
            "id": rel.pk, "role": rel.role_of(user),
            "other_party": rel.other_party(user).display_name, "state": rel.state,
            "program": rel.program.name if rel.program else None,
            "started_at": rel.started_at, "paused_until": rel.paused_until,
            "ended_at": rel.ended_at, "ended_by_me": rel.ended_by_id == user.pk,
            "end_reason": rel.end_reason, "agreements": agreements.get(rel.pk, [])})
            for rel in rels],
        # Only the person's own reflections: the other party's private remark is for the
        # coordinator alone.
        "reflections": rows(Reflection.objects.filter(author=user), "relationship_id",
                            "achieved", "rating", "would_recommend", "private_remark",
                            "created_at"),
    }


def erase_user(*, user) -> None:
    """Open requests are withdrawn or declined and open mentorships ended (through the
    services, so the other party is told and the mentor's place is freed); the person's
    writing on them is removed. The mentorships stay for the other party."""
    from tandem.mentorships import services
    from tandem.mentorships.models import MentorshipRequest, Reflection, RequestMessage

    for req in MentorshipRequest.objects.filter(
            mentee=user, state__in=MentorshipRequest.OPEN_STATES).select_related("mentor"):
        services.request_withdraw(actor=user, request=req)
    for req in MentorshipRequest.objects.filter(
            mentor=user, state__in=MentorshipRequest.OPEN_STATES).select_related("mentee"):
        services.request_decline(actor=user, request=req, text=ERASED_REASON)
    for rel in (Relationship.objects.involving(user).filter(state__in=Relationship.OPEN_STATES)
                .select_related("mentee__profile", "mentor__profile")):
        services.relationship_end_early(actor=user, relationship=rel, reason=ERASED_REASON)
    MentorshipRequest.objects.filter(mentee=user).update(message="")
    MentorshipRequest.objects.filter(mentor=user).exclude(decline_text=ERASED_REASON).update(
        decline_text="")
    RequestMessage.objects.filter(author=user).delete()
    Reflection.objects.filter(author=user).delete()
    Relationship.objects.filter(ended_by=user).exclude(end_reason=ERASED_REASON).update(
        end_reason="")
    # The agreement stays the pair's, but what came from the mentee's own profile goes:
    # their feedback preference, and objectives copied from their career goals.
    for agreement in Agreement.objects.filter(relationship__mentee=user):
        objectives = [
            {"text": "An objective of the former member", "goal_id": None}
            if isinstance(o, dict) and o.get("goal_id") else o
            for o in (agreement.objectives or [])]
        if objectives != agreement.objectives or agreement.feedback_notes:
            Agreement.objects.filter(pk=agreement.pk).update(objectives=objectives,
                                                             feedback_notes="")


# --- The Monday summary (tandem.notifications) ------------------------------------------


def weekly_audience() -> Q:
    """People with an open mentorship or a request still waiting: only they can have
    something in a weekly summary."""
    from tandem.mentorships.models import MentorshipRequest

    open_rels = Relationship.objects.filter(state__in=Relationship.OPEN_STATES)
    waiting = MentorshipRequest.objects.filter(state__in=MentorshipRequest.OPEN_STATES)
    return (Q(pk__in=open_rels.values("mentee_id")) | Q(pk__in=open_rels.values("mentor_id"))
            | Q(pk__in=waiting.values("mentor_id")) | Q(pk__in=waiting.values("mentee_id")))


def weekly_requests(*, people: dict, now) -> dict[int, list[dict]]:
    """Requests waiting for an answer from each of ``people``: a mentor's pending ones, a
    mentee's that the mentor asked more about. One query."""
    from collections import defaultdict

    from django.utils import timezone

    from tandem.mentorships.models import MentorshipRequest

    ids = list(people)
    lines: dict[int, list[dict]] = defaultdict(list)
    requests = (MentorshipRequest.objects.filter(
        Q(state=MentorshipRequest.State.PENDING, mentor_id__in=ids)
        | Q(state=MentorshipRequest.State.INFO_REQUESTED, mentee_id__in=ids))
        .select_related("mentee__profile", "mentor__profile").order_by("created_at", "id"))
    for req in requests:
        link = reverse("mentorships:request", args=[req.pk])
        if req.state == MentorshipRequest.State.PENDING:
            since = timezone.localtime(req.created_at, people[req.mentor_id][1].tzinfo)
            lines[req.mentor_id].append({
                "text": f"{req.mentee.display_name} asked you to mentor them "
                        f"(since {since:%-d %b})", "link": link})
        else:
            lines[req.mentee_id].append({
                "text": f"{req.mentor.display_name} asked you for more information "
                        "about your request", "link": link})
    return lines


# --- The home page ---------------------------------------------------------------------


def dashboard_probe(*, viewer) -> dict:
    """Whether the viewer has any relationship, any request waiting on them as a mentor,
    any agreement waiting for their confirmation, and whether they have ever asked a
    mentor (the getting-started checklist)."""
    from tandem.mentorships.models import MentorshipRequest

    return {
        "mentorships.relationships": Relationship.objects.involving(viewer),
        "mentorships.requests": MentorshipRequest.objects.filter(
            mentor=viewer, state__in=MentorshipRequest.OPEN_STATES),
        "mentorships.drafts": _drafts_waiting_on(viewer),
        "mentorships.asked": MentorshipRequest.objects.filter(mentee=viewer),
        "mentorships.asked_rel": Relationship.objects.filter(mentee=viewer),
    }


def _drafts_waiting_on(viewer):
    return Agreement.objects.filter(
        Q(relationship__mentee=viewer, mentee_confirmed_at__isnull=True)
        | Q(relationship__mentor=viewer, mentor_confirmed_at__isnull=True),
        status=Agreement.Status.DRAFT, relationship__state__in=Relationship.OPEN_STATES)


def dashboard_section(*, viewer, home=None) -> list[dict]:
    """What waits on the viewer in their mentorships: requests to answer (a mentor's,
    oldest first, with their age) and agreements to confirm (either party). At most two
    queries, none when the home's probes say nothing waits (the agreements are the ones
    the home's other cards share)."""
    from django.utils import timezone

    from tandem.core.sections import SOON, home_memo, waiting
    from tandem.mentorships.models import MentorshipRequest, RequestState
    from tandem.mentorships.selectors import agreements_for_home

    home = home_memo(home, viewer)
    cards = []
    now = timezone.now()
    requests = list(MentorshipRequest.objects.filter(
        mentor=viewer, state__in=MentorshipRequest.OPEN_STATES)
        .select_related("mentee__profile").order_by("created_at", "id")[:20]
        ) if home.probe("mentorships.requests") else []
    if requests:
        for req in requests:
            req.age_days = (now - req.created_at).days
        # One where the mentor asked for more waits on the mentee: listed, not counted.
        pending = [r for r in requests if r.state == RequestState.PENDING]
        cards.append({"template": "mentorships/partials/dashboard_requests.html",
                      "requests": requests, "roles": ["mentor"],
                      "urgency": waiting(len(pending), late=any(r.age_days >= 3
                                                                for r in pending)) or SOON})
    drafts = []
    if home.probe("mentorships.drafts"):
        for versions in agreements_for_home(viewer, home).values():
            for a in versions:
                rel = a.relationship
                mine = (a.mentee_confirmed_at if rel.mentee_id == viewer.pk
                        else a.mentor_confirmed_at)
                if (a.status == Agreement.Status.DRAFT and mine is None
                        and rel.state in Relationship.OPEN_STATES):
                    drafts.append(a)
        drafts.sort(key=lambda a: (a.created_at, a.pk))
    if drafts:
        items = [{"agreement": a, "relationship": a.relationship,
                  "other": a.relationship.other_party(viewer),
                  "role": "mentee" if a.relationship.mentee_id == viewer.pk else "mentor"}
                 for a in drafts]
        cards.append({"template": "mentorships/partials/dashboard_agreements.html",
                      "items": items, "roles": sorted({i["role"] for i in items}),
                      "urgency": waiting(len(items), late=(now - drafts[0].created_at).days >= 7)})
    return cards
