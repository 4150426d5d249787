"""Demo health: the demo mentorship stays healthy; of the demo's other active mentorships
one has a feedback request left unanswered for three weeks (needs attention) and one has
been quiet for ten weeks (at risk). The health job has nudged both, so staff find them
on the at-risk list."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tandem.health.selectors import health_for
from tandem.health.services import health_checks
from tandem.mentorships.models import Agreement, Relationship

QUIET_DAYS = 72


def demo_records(*, mentee, mentor, relationship) -> dict[str, int]:
    from tandem.feedback.models import FeedbackRequest
    from tandem.feedback.services import feedback_request_create

    others = list(Relationship.objects.filter(state=Relationship.State.ACTIVE)
                  .exclude(pk=relationship.pk).order_by("pk")[:2])
    others += _new_pairs(2 - len(others), avoid={mentee.pk, mentor.pk})
    if others:
        rel = others[0]
        asked = feedback_request_create(
            actor=rel.mentee, relationship=rel,
            topic="Could you look at my portfolio before I send it out?")
        three_weeks = timezone.now() - timedelta(days=21)
        FeedbackRequest.objects.filter(pk=asked.pk).update(created_at=three_weeks,
                                                           updated_at=three_weeks)
    for rel in others[1:]:
        past = timezone.now() - timedelta(days=QUIET_DAYS)
        Relationship.objects.filter(pk=rel.pk).update(started_at=past, updated_at=past)
        Agreement.objects.filter(relationship=rel).update(created_at=past, updated_at=past)
        for model in ("meetings", "feedback_requests", "feedback_entries", "notes",
                      "goal_comments", "progress_reports"):
            getattr(rel, model).update(created_at=past, updated_at=past)
    result = health_checks()
    healths = health_for(Relationship.objects.filter(state=Relationship.State.ACTIVE))
    counts = {"mentorships needing attention": 0, "mentorships at risk": 0}
    for h in healths:
        if h.state == "needs_attention":
            counts["mentorships needing attention"] += 1
        elif h.state == "at_risk":
            counts["mentorships at risk"] += 1
    return {**counts, "health nudges": result["nudged"]}


def _new_pairs(count: int, *, avoid: set[int]) -> list[Relationship]:
    """Up to ``count`` new mentorships between demo people who have none yet."""
    from tandem.accounts.models import Profile
    from tandem.core.errors import DomainError
    from tandem.mentorships.services import request_accept, request_create

    if count <= 0:
        return []
    busy = set(Relationship.objects.filter(state__in=Relationship.OPEN_STATES)
               .values_list("mentee_id", flat=True))
    mentees = [p.user for p in Profile.objects.filter(is_mentee=True, user__is_active=True)
               .exclude(user__in=avoid | busy).select_related("user").order_by("pk")[:10]]
    mentors = [p.user for p in Profile.objects.filter(is_mentor=True, user__is_active=True)
               .exclude(user__in=avoid).select_related("user").order_by("-pk")[:10]]
    made = []
    for person, guide in zip(mentees, mentors, strict=False):
        if len(made) == count or person.pk == guide.pk:
            continue
        try:
            req = request_create(actor=person, mentor=guide, message=(
                "I would love your help growing into my next role."))
            made.append(request_accept(actor=guide, request=req))
        except DomainError:
            continue
    return made
