"""Demo mentorships: requests and relationships in every state, around the demo logins,
made through the real services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tandem.accounts.models import Profile, User
from tandem.accounts.services import profile_update
from tandem.mentorships import services
from tandem.mentorships.models import (
    DeclineReason,
    MentorshipRequest,
    Relationship,
    RequestMessage,
)


def _people(role: str, exclude: set[int], count: int) -> list[User]:
    flag = {"mentor": "is_mentor", "mentee": "is_mentee"}[role]
    rows = (Profile.objects.filter(**{flag: True}, user__email__endswith="@demo.tandem.test")
            .exclude(user_id__in=exclude).select_related("user").order_by("id"))
    return [p.user for p in rows[:count]]


def _ask(mentee: User, mentor: User, text: str, *, days_ago: int = 0) -> MentorshipRequest:
    profile = Profile.objects.get(user=mentor)
    if not profile.open_to_requests or profile.free_places == 0:
        profile_update(actor=mentor, profile=profile, changes={
            "open_to_requests": True, "mentor_capacity": max(profile.mentor_capacity,
                                                             profile.places_taken + 2)})
    goals = list(mentee.career_goals.values_list("pk", flat=True)[:2])
    req = services.request_create(actor=mentee, mentor=mentor, message=text, goal_ids=goals)
    if days_ago:
        shifted = timezone.now() - timedelta(days=days_ago)
        MentorshipRequest.objects.filter(pk=req.pk).update(
            created_at=shifted, expires_at=shifted + timedelta(days=14))
        req.refresh_from_db()
    return req


def _answered_after(req: MentorshipRequest, *, hours: int, closed_hours: int | None = None
                    ) -> None:
    """The services answer a back-dated request "now", which would make the mentor look
    weeks slow ("Usually answers within 38 days"). Move the answer (and the question and
    reply on it, and the mentorship it started) to a few hours after the request came."""
    req.refresh_from_db()
    answered = req.created_at + timedelta(hours=hours)
    closed = req.created_at + timedelta(hours=closed_hours or hours)
    MentorshipRequest.objects.filter(pk=req.pk).update(
        first_response_at=answered, closed_at=closed if req.closed_at else None)
    for index, message in enumerate(RequestMessage.objects.filter(request=req)
                                    .order_by("created_at", "id")):
        RequestMessage.objects.filter(pk=message.pk).update(
            created_at=answered + timedelta(hours=6 * index))
    Relationship.objects.filter(request=req).update(started_at=closed)


def demo_mentorships(*, mentee: User, mentor: User) -> dict:
    """Give the demo mentee and mentor something in every state."""
    counts = {"requests": 0, "relationships": 0}
    used = {mentee.pk, mentor.pk}
    mentors = _people("mentor", used, 5)
    mentees = _people("mentee", used | {m.pk for m in mentors}, 6)
    profile_update(actor=mentor, profile=mentor.profile,
                   changes={"mentor_capacity": 5, "open_to_requests": True})

    # The demo mentee's own mentorship: confirmed agreement, then a proposed change. Asked
    # a little before the twelve weeks of meeting history that tandem.demo.history adds.
    req = _ask(mentee, mentor, "I am preparing for senior interviews and would value your "
               "experience with system design.", days_ago=85)
    services.request_ask_info(actor=mentor, request=req,
                              question="Which companies are you aiming for?")
    services.request_reply(actor=mentee, request=req,
                           reply="Mid-sized product companies, remote-first.")
    rel = services.request_accept(actor=mentor, request=req)
    _answered_after(req, hours=4, closed_hours=26)
    rel.refresh_from_db()
    # Maya's edit of the draft counts as her confirmation; Marco confirms it.
    services.agreement_propose(actor=mentee, relationship=rel, changes={
        "weekday": 2, "meeting_time": "18:00", "meeting_place": "https://meet.example.org/maya"})
    services.agreement_confirm(actor=mentor, relationship=rel, version=1)
    services.agreement_propose(actor=mentor, relationship=rel,
                               changes={"cadence": "weekly", "duration_minutes": 45})
    counts["relationships"] += 1

    # The demo mentee's other requests: waiting, declined, withdrawn, expired.
    _ask(mentee, mentors[0], "Your talk on public speaking inspired me; could you help me "
         "give my first one?")
    declined = _ask(mentee, mentors[1], "I would like to learn machine learning with you.")
    services.request_decline(actor=mentors[1], request=declined,
                             reason_id=DeclineReason.objects.get(label="Not my area").pk)
    withdrawn = _ask(mentee, mentors[2], "Could you help me with Django?")
    services.request_withdraw(actor=mentee, request=withdrawn)
    _ask(mentee, mentors[3], "Would you mentor me on APIs?", days_ago=20)
    services.requests_expire()
    counts["requests"] += 5

    # The demo mentor's inbox and other mentorships.
    _ask(mentees[0], mentor, "I am a junior developer and want to grow into backend work.")
    asked = _ask(mentees[1], mentor, "I want to become a tech lead.")
    services.request_ask_info(actor=mentor, request=asked,
                              question="How big is your team today?")
    promotion = _ask(mentees[2], mentor, "Help me prepare a promotion case?", days_ago=60)
    paused = services.request_accept(actor=mentor, request=promotion)
    _answered_after(promotion, hours=5)
    paused.refresh_from_db()
    services.agreement_confirm(actor=mentees[2], relationship=paused, version=1)
    services.agreement_confirm(actor=mentor, relationship=paused, version=1)
    services.agreement_propose(actor=mentor, relationship=paused,
                               changes={"cadence": "monthly", "report_every_weeks": 8})
    services.agreement_confirm(actor=mentees[2], relationship=paused, version=2)
    services.relationship_pause(actor=mentees[2], relationship=paused,
                                until=timezone.localdate() + timedelta(days=21),
                                reason="Parental leave")
    switch = _ask(mentees[3], mentor, "I want to switch from QA to development.", days_ago=90)
    done = services.request_accept(actor=mentor, request=switch)
    _answered_after(switch, hours=3)
    done.refresh_from_db()
    services.agreement_confirm(actor=mentees[3], relationship=done, version=1)
    services.agreement_confirm(actor=mentor, relationship=done, version=1)
    services.relationship_complete(actor=mentees[3], relationship=done)
    services.reflection_submit(actor=mentees[3], relationship=done,
                               achieved="I started as a junior developer last month.",
                               rating=5, would_recommend=True)
    services.reflection_submit(actor=mentor, relationship=done,
                               achieved="A determined career change, well prepared.",
                               rating=5, would_recommend=True)
    talk = _ask(mentees[4], mentor, "Can you help me with my first conference talk?",
                days_ago=45)
    ended = services.request_accept(actor=mentor, request=talk)
    _answered_after(talk, hours=8)
    ended.refresh_from_db()
    services.relationship_end_early(actor=mentees[4], relationship=ended,
                                    reason="My conference was cancelled.")
    counts["requests"] += 5
    counts["relationships"] += 3
    return counts
