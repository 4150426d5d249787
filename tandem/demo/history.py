"""Demo meetings and progress reports for the demo mentee's mentorship: three months of
history (held and missed meetings, notes, actions, two rounds of reports) and a series
ahead."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from tandem.feedback.models import ProgressReport
from tandem.feedback.selectors import due_dates, reportable_goals
from tandem.feedback.services import report_submit
from tandem.meetings import services
from tandem.meetings.models import ActionItem, AgendaItem, Meeting
from tandem.mentorships.models import Agreement, Relationship

WEEKS_AGO = 12


def demo_meetings_and_reports(rel: Relationship) -> dict:
    """Back-date the mentorship by twelve weeks and fill in what would have happened."""
    today = timezone.localdate()
    start = today - timedelta(weeks=WEEKS_AGO)
    Relationship.objects.filter(pk=rel.pk).update(
        started_at=timezone.now() - timedelta(weeks=WEEKS_AGO))
    Agreement.objects.filter(relationship=rel).update(
        start_date=start, end_date=start + timedelta(weeks=26), report_every_weeks=4)
    # Agreed in the first days; the change waiting for confirmation was proposed lately.
    began = timezone.now() - timedelta(weeks=WEEKS_AGO)
    Agreement.objects.filter(relationship=rel, version=1).update(
        created_at=began + timedelta(days=1), mentee_confirmed_at=began + timedelta(days=1),
        mentor_confirmed_at=began + timedelta(days=2), confirmed_at=began + timedelta(days=2))
    Agreement.objects.filter(relationship=rel, version__gt=1).update(
        created_at=timezone.now() - timedelta(days=2))

    mentee, mentor = rel.mentee, rel.mentor
    held = 0
    topics = ["System design interview practice", "Reading a job description critically",
              "Mock interview: API design", "Salary negotiation", "Portfolio review",
              "Debrief of a real interview"]
    for index in range(6):
        when = timezone.now() - timedelta(weeks=WEEKS_AGO - 2 * index, hours=2)
        status = Meeting.Status.MISSED if index == 3 else Meeting.Status.HELD
        meeting = Meeting.objects.create(
            relationship=rel, starts_at=when.replace(minute=0, second=0, microsecond=0),
            timezone=mentee.profile.timezone, status=status, created_by=mentee,
            notes="" if status == Meeting.Status.MISSED else
            f"We worked on: {topics[index].lower()}. Next time: follow up on the actions.")
        AgendaItem.objects.create(meeting=meeting, author=mentee, text=topics[index])
        if status == Meeting.Status.HELD:
            ActionItem.objects.create(
                meeting=meeting, owner=mentee if index % 2 == 0 else mentor,
                text=f"Prepare for: {topics[min(index + 1, 5)].lower()}",
                due_date=(when + timedelta(days=10)).date(),
                done_at=when + timedelta(days=7) if index < 4 else None)
            held += 1

    first = today + timedelta(days=(1 - today.weekday()) % 7 or 7)  # next Tuesday
    series = services.series_create(actor=mentor, relationship=rel, day=first, at=time(18, 0),
                                    tz=mentee.profile.timezone, frequency="WEEKLY",
                                    interval=2, count=6, place="https://meet.example.org/maya")

    goals = reportable_goals(rel)
    reports = 0
    for round_index, due in enumerate(d for d in due_dates(rel) if d <= today):
        for person, satisfaction in ((mentee, 4 + round_index % 2), (mentor, 4)):
            written = report_submit(
                actor=person, relationship=rel, due_date=due, satisfaction=min(satisfaction, 5),
                cadence_fit="right" if round_index else "too_rare",
                went_well=("Mock interviews made me much calmer." if person == mentee
                           else "Maya prepares well and follows up on every action."),
                obstacles="Finding time in a busy sprint." if round_index == 0 else "",
                goal_progress=[{"goal_id": g.pk,
                                "status": "in_progress" if round_index else "not_started",
                                "percent": min(100, 25 * (round_index + 1) + 10 * i)}
                               for i, g in enumerate(goals)],
                needs=[{"need": "More practice on system design", "action": "keep"},
                       {"need": "Feedback on my CV", "action": "add"}])
            # Written on the day it was due, as people do, not all today.
            on_time = timezone.make_aware(datetime.combine(due, time(19, 30)))
            ProgressReport.objects.filter(pk=written.pk).update(created_at=on_time,
                                                                updated_at=on_time)
            reports += 1
    return {"meetings": held + series.count, "reports": reports}
