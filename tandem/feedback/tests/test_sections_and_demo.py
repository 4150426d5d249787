"""What feedback adds to the relationship page, the dashboard, the timeline, the export,
and the demo."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tandem.core.sections import record_markdown, timeline
from tandem.feedback import services
from tandem.feedback.models import FeedbackEntry, FeedbackRequest, ProgressReport


def test_it_shows_a_feedback_card_on_the_relationship_page(mentorship, client_for):
    services.feedback_give(actor=mentorship.mentor, relationship=mentorship, kind="positive",
                           body="Good.")
    services.feedback_give(actor=mentorship.mentor, relationship=mentorship,
                           kind="constructive", body="Shorter.")
    services.feedback_request_create(actor=mentorship.mentee, relationship=mentorship,
                                     topic="Talk")
    url = reverse("mentorships:tab", args=[mentorship.pk, "feedback"])
    page = client_for(mentorship.mentee).get(url).content.decode()
    assert "<strong>1</strong> positive and <strong>1</strong> constructive" in page
    assert "2 to acknowledge" in page and "1 open request" in page
    page = client_for(mentorship.mentor).get(url).content.decode()
    assert "to acknowledge" not in page and "Give feedback" in page
    overview = reverse("mentorships:detail", args=[mentorship.pk])
    page = client_for(mentorship.mentee).get(overview).content.decode()
    assert "2 feedback entries to acknowledge" in page and "Ask for feedback" in page
    page = client_for(mentorship.mentor).get(overview).content.decode()
    assert "1 feedback request to answer" in page and "Give feedback" in page


def test_it_lists_open_requests_on_the_mentors_dashboard_oldest_first(mentorship,
                                                                       client_for):
    first = services.feedback_request_create(actor=mentorship.mentee,
                                             relationship=mentorship, topic="Older topic",
                                             by_date=timezone.localdate())
    services.feedback_request_create(actor=mentorship.mentee, relationship=mentorship,
                                     topic="Newer topic")
    FeedbackRequest.objects.filter(pk=first.pk).update(
        by_date=timezone.localdate() - timedelta(days=1))
    page = client_for(mentorship.mentor).get("/").content.decode()
    assert page.index("Older topic") < page.index("Newer topic")
    assert "Overdue" in page
    services.feedback_give(actor=mentorship.mentor, relationship=mentorship,
                           kind="positive", body="Done.", request_id=first.pk)
    page = client_for(mentorship.mentor).get("/").content.decode()
    assert "Older topic" not in page and "Newer topic" in page
    mentee_home = client_for(mentorship.mentee).get("/").content.decode()
    assert "Feedback to read" in mentee_home and "Positive feedback from Marta" in mentee_home


def test_it_puts_feedback_and_reports_on_the_timeline(mentorship):
    goal = mentorship.mentee.career_goals.first()
    entry = services.feedback_give(actor=mentorship.mentor, relationship=mentorship,
                                   kind="constructive", body="Slow down.", goal_id=goal.pk)
    services.feedback_reply(actor=mentorship.mentee, entry=entry, reply="OK")
    item = services.feedback_request_create(actor=mentorship.mentee,
                                            relationship=mentorship, topic="CV")
    services.feedback_request_withdraw(actor=mentorship.mentee, feedback_request=item)
    services.mentor_feedback_give(actor=mentorship.mentee, relationship=mentorship,
                                  what_helped="Patience", kudos_consent=True)
    services.contribution_add(actor=mentorship.mentee, relationship=mentorship,
                              kind="review", description="Read her draft",
                              date=timezone.localdate())
    ProgressReport.objects.create(relationship=mentorship, author=mentorship.mentee,
                                  due_date=timezone.localdate(), went_well="Fine",
                                  satisfaction=4, cadence_fit="right")
    events = timeline(viewer=mentorship.mentor, relationship=mentorship,
                      kinds={"feedback", "report"})
    titles = [e.title for e in events]
    assert "Constructive feedback from Marta Mentor" in titles
    assert "Mia Mentee replied to feedback" in titles
    assert "Mia Mentee withdrew a feedback request" in titles
    assert "Mia Mentee gave Marta Mentor feedback" in titles
    assert any(t.startswith("Mia Mentee wrote the progress report") for t in titles)
    report = next(e for e in events if e.kind == "report")
    assert report.detail == "Satisfaction 4 of 5"
    assert any(e.detail == f"Goal: {goal.title}" for e in events)


def test_it_exports_feedback_in_the_record(mentorship):
    services.feedback_give(actor=mentorship.mentor, relationship=mentorship, kind="positive",
                           body="Clear *plan*.")
    services.feedback_request_create(actor=mentorship.mentee, relationship=mentorship,
                                     topic="Slides")
    services.mentor_feedback_give(actor=mentorship.mentee, relationship=mentorship,
                                  what_helped="Honest advice")
    mentee_record = "\n".join(record_markdown(user=mentorship.mentee))
    assert "### Feedback you received" in mentee_record and "**Positive**" in mentee_record
    assert "Clear *plan*." in mentee_record and "Slides" in mentee_record
    assert "What helped: Honest advice" in mentee_record
    mentor_record = "\n".join(record_markdown(user=mentorship.mentor))
    assert "### Feedback from your mentees" in mentor_record
    assert "Slides" not in mentor_record


def test_it_fills_the_demo_mentorship(mentorship):
    from datetime import time

    from tandem.feedback.demo import demo_records
    from tandem.meetings.services import meeting_schedule

    for days in (20, 10):
        meeting_schedule(actor=mentorship.mentor, relationship=mentorship,
                         day=timezone.localdate() - timedelta(days=days), at=time(10, 0),
                         tz="UTC", held=True)
    counts = demo_records(mentee=mentorship.mentee, mentor=mentorship.mentor,
                          relationship=mentorship)
    assert counts == {"feedback entries": 7, "feedback requests": 2, "contributions": 2}
    entries = FeedbackEntry.objects.filter(relationship=mentorship)
    assert {e.kind for e in entries} == {"positive", "constructive"}
    assert entries.filter(goal__isnull=False).exists()
    assert entries.filter(meeting__isnull=False).exists()
    assert FeedbackRequest.objects.filter(status="open").count() == 1
    assert FeedbackRequest.objects.filter(status="answered").count() == 1
    from tandem.feedback.selectors import kudos_for

    [kudos] = kudos_for(mentorship.mentor)
    assert kudos.contribution_count == 2


def test_it_leaves_goals_no_longer_shared_out_of_the_mentors_exported_reports(mentorship):
    from tandem.feedback import selectors
    from tandem.growth.services import goal_update
    from tandem.mentorships.models import Agreement

    today = timezone.localdate()
    Agreement.objects.filter(relationship=mentorship).update(
        start_date=today - timedelta(weeks=9), end_date=today + timedelta(weeks=20),
        report_every_weeks=4)
    kept, hidden = list(mentorship.mentee.career_goals.order_by("position"))
    due = selectors.due_dates(mentorship)[0]
    for author in (mentorship.mentor, mentorship.mentee):
        services.report_submit(
            actor=author, relationship=mentorship, due_date=due, went_well="Steady.",
            satisfaction=4, cadence_fit="right",
            goal_progress=[{"goal_id": kept.pk, "status": "in_progress", "percent": 30},
                           {"goal_id": hidden.pk, "status": "in_progress", "percent": 70}])
    goal_update(actor=mentorship.mentee, goal=hidden, changes={"visibility": "private"})
    mentors = "\n".join(record_markdown(user=mentorship.mentor))
    assert f"{kept.title}: 30%" in mentors
    assert hidden.title not in mentors.split("## Feedback and progress reports")[1]
    mentees = "\n".join(record_markdown(user=mentorship.mentee))
    assert f"{hidden.title}: 70%" in mentees, "the mentee's own export keeps her goals"
