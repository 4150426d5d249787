"""Every page and list endpoint a person uses day to day costs the same number of queries
with 5 and with 50 of everything: meetings, feedback, goals, reports, notifications,
journal entries and mentorships. (The feature apps test their own pages as they build
them; this file fills the gaps and keeps the pages of the load test, bench/load.py, in
one place.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def world(personas):
    """An active mentorship between the mentee and the mentor, and ``grow(n)``: n more of
    everything in it and around it, written in bulk (the pages, not the writes, are under
    test)."""
    from tandem.accounts.models import AccessToken, CareerGoal, Profile, User
    from tandem.feedback.models import (
        Contribution,
        FeedbackEntry,
        FeedbackRequest,
        MentorFeedback,
        ProgressReport,
    )
    from tandem.growth.models import AssessmentItem, AssessmentSnapshot
    from tandem.journal.models import JournalEntry
    from tandem.meetings.models import Meeting
    from tandem.mentorships.models import Relationship
    from tandem.mentorships.services import request_accept, request_create
    from tandem.notifications.models import Notification, group_of

    mentee, mentor = personas.mentee, personas.mentor
    req = request_create(actor=mentee, mentor=mentor, message="Could you mentor me?",
                         goal_ids=[g.pk for g in mentee.career_goals.all()[:1]])
    rel = request_accept(actor=mentor, request=req)
    made = {"n": 0}

    def grow(n: int) -> None:
        now = timezone.now()
        start = made["n"]
        made["n"] += n
        numbers = range(start, start + n)
        Meeting.objects.bulk_create([
            Meeting(relationship=rel, starts_at=now + timedelta(days=k - 30 if k % 2 else k + 1),
                    timezone="UTC", status="held" if k % 2 else "scheduled",
                    notes="We talked." if k % 2 else "", created_by=mentee)
            for k in numbers])
        FeedbackEntry.objects.bulk_create([
            FeedbackEntry(relationship=rel, author=mentor,
                          kind="positive" if k % 2 else "constructive", body=f"Feedback {k}")
            for k in numbers])
        CareerGoal.objects.bulk_create([
            CareerGoal(user=mentee, title=f"Goal {k}", title_key=f"goal {k}", position=k + 10)
            for k in numbers])
        ProgressReport.objects.bulk_create([
            ProgressReport(relationship=rel, author=author,
                           due_date=(now - timedelta(weeks=4 * (k + 1))).date(),
                           went_well="Good.", satisfaction=4, cadence_fit="right")
            for k in numbers for author in (mentee, mentor)])
        Notification.objects.bulk_create([
            Notification(recipient=person, kind="meeting.scheduled",
                         group=group_of("meeting.scheduled"), title=f"Meeting {k}",
                         url=f"/mentorships/{rel.pk}/")
            for k in numbers for person in (mentee, mentor)])
        JournalEntry.objects.bulk_create([
            JournalEntry(author=mentee, entry_date=(now - timedelta(days=k)).date(),
                         title=f"Entry {k}", body="Learned something.",
                         shared_with=rel if k % 2 else None)
            for k in numbers])
        FeedbackRequest.objects.bulk_create([
            FeedbackRequest(relationship=rel, author=mentee, topic=f"Topic {k}",
                            status="open" if k % 2 else "withdrawn",
                            closed_at=None if k % 2 else now)
            for k in numbers])
        Contribution.objects.bulk_create([
            Contribution(relationship=rel, author=mentee, kind="resource",
                         description=f"A link {k}", date=(now - timedelta(days=k)).date())
            for k in numbers])
        MentorFeedback.objects.bulk_create([
            MentorFeedback(relationship=rel, author=mentee, what_helped=f"Helped {k}")
            for k in numbers])
        snapshots = AssessmentSnapshot.objects.bulk_create([
            AssessmentSnapshot(relationship=rel, author=mentor if k % 2 else mentee)
            for k in numbers])
        AssessmentItem.objects.bulk_create([
            AssessmentItem(snapshot=snapshot, kind=kind, name=f"{kind} {k}")
            for k, snapshot in zip(numbers, snapshots, strict=True)
            for kind in ("strength", "growth")])
        AccessToken.objects.bulk_create([
            AccessToken(user=mentee, name=f"Script {k}", token_hash=f"{k:064d}", hint="tdm_x")
            for k in numbers])
        # More mentorships for both: other mentors for the mentee, other mentees for the
        # mentor (closed ones, so no place is taken and no rule is bent).
        others = User.objects.bulk_create([
            User(email=f"other{k}@example.com", password="!") for k in numbers])
        Profile.objects.bulk_create([
            Profile(user=user, display_name=f"Other {k}", is_mentor=True, is_mentee=True)
            for k, user in zip(numbers, others, strict=True)])
        Relationship.objects.bulk_create([
            Relationship(mentee=mentee if k % 2 else user, mentor=user if k % 2 else mentor,
                         state="completed", started_at=now - timedelta(days=200),
                         ended_at=now - timedelta(days=10), ended_by=mentee)
            for k, user in zip(numbers, others, strict=True)])

    return rel, grow


MENTEE_PAGES = [
    "/", "/goals/", "/mentorships/", "/requests/", "/notifications/", "/journal/",
    "/me/record/", "/mentorships/{rel}/", "/mentorships/{rel}/meetings/",
    "/mentorships/{rel}/goals/", "/mentorships/{rel}/feedback/",
    "/mentorships/{rel}/reports/", "/mentorships/{rel}/reports/history/",
    "/mentorships/{rel}/timeline/", "/mentorships/{rel}/journal/",
    "/mentorships/{rel}/agreement/", "/mentorships/{rel}/strengths/",
    "/mentorships/{rel}/strengths/history/", "/settings/tokens/",
    "/mentorships/{rel}/tab/meetings/", "/mentorships/{rel}/tab/goals/",
    "/mentorships/{rel}/tab/feedback/", "/mentorships/{rel}/tab/notes/",
    "/mentorships/{rel}/messages/",
    # Pages that show the workspace header (issue 18): the header costs the same.
    "/mentorships/{rel}/plan/", "/mentorships/{rel}/notes/",
    "/mentorships/{rel}/advocacy/", "/mentorships/{rel}/health/",
    "/mentorships/{rel}/manage/", "/mentorships/{rel}/feedback/ask/",
    "/mentorships/{rel}/agreement/v1/",
]
MENTEE_ENDPOINTS = [
    "/api/me/goals", "/api/mentorships", "/api/notifications", "/api/journal",
    "/api/requests?box=sent", "/api/mentorships/{rel}/meetings",
    "/api/mentorships/{rel}/feedback", "/api/mentorships/{rel}/reports",
    "/api/mentorships/{rel}/goals", "/api/mentorships/{rel}/feedback-requests",
    "/api/mentorships/{rel}/contributions", "/api/mentorships/{rel}/mentor-feedback",
    "/api/mentorships/{rel}/assessments", "/api/me/tokens",
]
MENTOR_PAGES = ["/", "/mentorships/", "/mentorships/{rel}/", "/mentorships/{rel}/feedback/",
                "/mentorships/{rel}/timeline/", "/notifications/",
                "/mentorships/{rel}/tab/goals/", "/mentorships/{rel}/tab/feedback/"]


def _check(query_budget, client, url, grow):
    def call():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return query_budget(make=grow, call=call)


@pytest.mark.parametrize("path", MENTEE_PAGES + MENTEE_ENDPOINTS)
def test_the_mentees_pages_cost_the_same_queries_with_more_data(
        path, world, personas, client_for, query_budget):
    rel, grow = world
    _check(query_budget, client_for(personas.mentee), path.format(rel=rel.pk), grow)


@pytest.mark.parametrize("path", MENTOR_PAGES)
def test_the_mentors_pages_cost_the_same_queries_with_more_data(
        path, world, personas, client_for, query_budget):
    rel, grow = world
    _check(query_budget, client_for(personas.mentor), path.format(rel=rel.pk), grow)
