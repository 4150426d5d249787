"""Demo feedback for the demo mentorship: the mentor's coaching over three months (tied to
goals and the meetings tandem.demo.history made), two feedback requests (one answered, one
open), the mentee's thanks shared as kudos, and two contributions."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tandem.feedback import services
from tandem.feedback.models import (
    Contribution,
    FeedbackEntry,
    FeedbackRequest,
    MentorFeedback,
)
from tandem.growth.selectors import goals_shared_with
from tandem.meetings.models import Meeting

ENTRIES = [
    ("positive", "goal", 11,
     "Your goal statement is **specific and measurable** now. \"Pass a senior backend "
     "interview loop by June\" is something we can plan backwards from. Keep writing goals "
     "like this."),
    ("constructive", "meeting", 10,
     "In the system design practice you jumped to the database schema in the first two "
     "minutes. Next time, spend five minutes on requirements and scale first:\n\n"
     "- who uses it, how often\n- what must never be lost\n- what can be stale"),
    ("positive", "meeting", 8,
     "You asked the interviewer clarifying questions before answering. That is exactly the "
     "habit that separates senior candidates. It came across as confident, not unsure."),
    ("constructive", "goal", 6,
     "Your CV lists technologies but not outcomes. For each role, add one line with a "
     "number: latency cut, incidents reduced, people onboarded."),
    ("positive", None, 4,
     "You followed up on every action from our last three meetings without a reminder. "
     "That reliability is worth mentioning in interviews too."),
    ("constructive", "meeting", 2,
     "When the salary question came, you named a range before they did. Try turning it "
     "around first: \"What range do you have budgeted for this role?\""),
    ("positive", "goal", 1,
     "The conference talk abstract is sharp: a clear problem, a surprising finding, a "
     "takeaway. Submit it as it is."),
]


def demo_records(*, mentee, mentor, relationship) -> dict[str, int]:
    rel = relationship
    now = timezone.now()
    goals = list(goals_shared_with(rel))
    meetings = list(Meeting.objects.filter(relationship=rel, status=Meeting.Status.HELD)
                    .order_by("starts_at"))

    # An answered request, then the feedback that answers it (back-dated below).
    answered = services.feedback_request_create(
        actor=mentee, relationship=rel, topic="My CV before I send it to two companies",
        details="Is it clear what I did, not only what I used?",
        link="https://example.org/maya-cv.pdf", goal_id=goals[0].pk if goals else None)
    made = []
    for index, (kind, tie, weeks_ago, body) in enumerate(ENTRIES):
        ties = {}
        if tie == "goal" and goals:
            ties["goal_id"] = goals[index % len(goals)].pk
        elif tie == "meeting" and meetings:
            ties["meeting_id"] = meetings[min(index, len(meetings) - 1)].pk
        request_id = answered.pk if weeks_ago == 6 else None
        entry = services.feedback_give(actor=mentor, relationship=rel, kind=kind, body=body,
                                       request_id=request_id, **ties)
        made.append((entry, weeks_ago))
    for entry, weeks_ago in made:
        when = now - timedelta(weeks=weeks_ago, hours=3)
        FeedbackEntry.objects.filter(pk=entry.pk).update(created_at=when)
        if weeks_ago >= 2:  # the newest ones are still to be read
            services.feedback_acknowledge(actor=mentee, entry=entry)
            FeedbackEntry.objects.filter(pk=entry.pk).update(
                acknowledged_at=when + timedelta(days=1))
    replied = made[1][0]
    services.feedback_reply(actor=mentee, entry=replied,
                            reply="Fair point. I wrote myself a checklist for the first five "
                                  "minutes and used it in the next mock.")
    FeedbackEntry.objects.filter(pk=replied.pk).update(
        replied_at=now - timedelta(weeks=10) + timedelta(days=1),
        reply_read_at=now - timedelta(weeks=10) + timedelta(days=2))
    FeedbackRequest.objects.filter(pk=answered.pk).update(
        created_at=now - timedelta(weeks=6, days=3), closed_at=now - timedelta(weeks=6))

    services.feedback_request_create(
        actor=mentee, relationship=rel, topic="Slides for my conference talk",
        details="Mostly the structure: does the story hold together in 20 minutes?",
        link="https://example.org/maya-talk-slides",
        goal_id=goals[-1].pk if goals else None,
        by_date=timezone.localdate() + timedelta(days=10))

    first_name = mentor.display_name.split()[0]
    thanks = services.mentor_feedback_give(
        actor=mentee, relationship=rel,
        what_helped=f"{first_name} makes interview practice feel safe and still honest. "
                    "The mock interviews, each ending with \"what would you do "
                    "differently?\", changed how I prepare.",
        could_be_better="I would like the written feedback a day or two sooner after our "
                        "meetings, while it is fresh.",
        kudos_consent=True)
    MentorFeedback.objects.filter(pk=thanks.pk).update(created_at=now - timedelta(weeks=3))

    services.contribution_add(
        actor=mentee, relationship=rel, kind="resource",
        description="Shared the observability reading list from my team's book club.",
        date=timezone.localdate() - timedelta(weeks=7))
    services.contribution_add(
        actor=mentee, relationship=rel, kind="introduction",
        description=f"Introduced {first_name} to our platform lead, who was looking for a "
                    "speaker on mentoring.",
        date=timezone.localdate() - timedelta(weeks=2))
    return {"feedback entries": len(made),
            "feedback requests": FeedbackRequest.objects.filter(relationship=rel).count(),
            "contributions": Contribution.objects.filter(relationship=rel).count()}
