"""What mentorships add to the timeline and to a person's exported record."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from tandem.core.sections import TimelineEvent
from tandem.mentorships.models import Agreement, Relationship, RelationshipState


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
            detail="; ".join(str(c) for c in agreement.changes[:3])
            if isinstance(agreement.changes, list) else ""))
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
    rels = list(Relationship.objects.filter(Q(mentee=user) | Q(mentor=user))
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
