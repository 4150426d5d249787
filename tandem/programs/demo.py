"""Demo programs run by the demo coordinator: one taking applications (before matching),
one matched and published, so its mentorships belong to it."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from tandem.accounts.models import User
from tandem.accounts.services import profile_role_take
from tandem.programs import services
from tandem.programs.models import MatchingRun, Participant

MENTEE_ANSWERS = [
    "I want to move from support into a junior developer role within a year.",
    "Preparing for my first team lead position; I would like help with feedback talks.",
    "Changing careers from teaching to UX research, and I need a realistic plan.",
    "Getting better at system design interviews and at explaining trade-offs.",
    "Finding my footing as the only data analyst in a small company.",
]


def demo_records(*, mentee, mentor, relationship) -> dict[str, int]:
    coordinator = User.objects.filter(email="coordinator@demo.tandem.test").first()
    if coordinator is None:
        return {}
    today = timezone.localdate()
    busy = {mentee.pk, mentor.pk}
    mentees = list(User.objects.filter(profile__is_mentee=True, profile__is_mentor=False)
                   .exclude(pk__in=busy).order_by("pk")[:16])
    mentors = list(User.objects.filter(profile__is_mentor=True, profile__is_mentee=False)
                   .exclude(pk__in=busy).order_by("pk")[:10])
    upcoming = services.program_create(
        actor=coordinator, name="Women in Tech: autumn cohort",
        description="A twelve-week program pairing early-career women in engineering, "
                    "design and data with experienced mentors. Meet every two weeks; a "
                    "short progress report every four weeks.",
        applications_open=today - timedelta(days=10), applications_close=today + timedelta(
            days=10), matching_date=today + timedelta(days=12),
        starts_on=today + timedelta(days=21), ends_on=today + timedelta(days=105),
        mentee_questions=["What would you like to have achieved in twelve weeks?"],
        mentor_questions=["Which topics do you enjoy mentoring on?"],
        shared_language=True, max_timezone_gap=6, approval_required=True,
        agreement_objectives=["Agree on one concrete goal for the twelve weeks",
                              "Meet every two weeks"])
    finished = services.program_create(
        actor=coordinator, name="New managers 2025",
        description="For people in their first year of managing a team, matched with "
                    "managers who have done it for years.",
        applications_open=today - timedelta(days=60), applications_close=today - timedelta(
            days=40), matching_date=today - timedelta(days=38),
        starts_on=today - timedelta(days=35), ends_on=today + timedelta(days=55),
        mentee_questions=["What is the hardest part of managing for you right now?"],
        weights={"skills": 5, "goals": 3, "timezone": 2},
        agreement_objectives=["Run one difficult conversation with a plan",
                              "Set up regular one-to-ones with every report"])
    enrolled = 0
    for index, person in enumerate(mentees):
        program = upcoming if index % 2 else finished
        Participant.objects.create(
            program=program, user=person, role="mentee", source="applied",
            answers=[{"question": program.mentee_questions[0],
                      "answer": MENTEE_ANSWERS[index % len(MENTEE_ANSWERS)]}])
        profile_role_take(user=person, role="mentee")
        enrolled += 1
    for index, person in enumerate(mentors):
        program = upcoming if index % 2 else finished
        Participant.objects.create(program=program, user=person, role="mentor",
                                   capacity=2, source="applied",
                                   answers=[{"question": q, "answer": "Career changes and "
                                             "first leadership roles."}
                                            for q in program.mentor_questions])
        profile_role_take(user=person, role="mentor", places=2)
        enrolled += 1
    services.invitation_create(actor=coordinator, program=upcoming,
                               email="new.mentor@example.org", role="mentor", capacity=2)
    run = MatchingRun.objects.create(program=finished, started_by=coordinator)
    run = services.run_execute(run_id=run.pk)
    started = 0
    history = {}
    if run.status == "ready":
        services.run_publish(actor=coordinator, run=run)
        started = finished.relationships.count()
        history = _history(finished)
    return {"programs": 2, "program participants": enrolled,
            "program mentorships": started, **history}


def _history(program) -> dict[str, int]:
    """Five weeks of the running program, through the services people use: each pair
    confirmed its agreement when the program began, met every two weeks (one meeting
    missed here and there, the next one booked) and wrote the progress report due a week
    ago, rating how satisfied they are. Only the dates are moved back to the program's
    start, as if it had all happened then."""
    from tandem.feedback.selectors import due_dates
    from tandem.feedback.services import report_submit
    from tandem.meetings.services import meeting_record, meeting_schedule
    from tandem.mentorships.models import Agreement, Relationship
    from tandem.mentorships.services import agreement_confirm

    today = timezone.localdate()
    began = timezone.make_aware(datetime.combine(program.starts_on, time(9, 0)))
    held = reports = 0
    rels = list(program.relationships.filter(state=Relationship.State.ACTIVE)
                .select_related("mentee__profile", "mentor__profile").order_by("pk"))
    for index, rel in enumerate(rels):
        for person in (rel.mentee, rel.mentor):
            agreement_confirm(actor=person, relationship=rel, version=1)
        Relationship.objects.filter(pk=rel.pk).update(started_at=began)
        Agreement.objects.filter(relationship=rel).update(
            start_date=program.starts_on, created_at=began, confirmed_at=began,
            mentee_confirmed_at=began, mentor_confirmed_at=began)
        rel.refresh_from_db()
        tz = rel.mentee.profile.timezone
        for day in range(2, (today - program.starts_on).days, 14):
            meeting = meeting_schedule(actor=rel.mentee, relationship=rel,
                                       day=program.starts_on + timedelta(days=day),
                                       at=time(17, 0), tz=tz, held=True)
            if (index + day) % 5 == 0:
                meeting_record(actor=rel.mentor, meeting=meeting, outcome="missed")
            else:
                held += 1
        meeting_schedule(actor=rel.mentor, relationship=rel,
                         day=today + timedelta(days=3 + index % 7), at=time(17, 0), tz=tz)
        for due in [d for d in due_dates(rel) if d < today]:
            for offset, person in enumerate((rel.mentee, rel.mentor)):
                if person == rel.mentor and index % 3 == 2:
                    continue  # this mentor has not written theirs yet
                report_submit(
                    actor=person, relationship=rel, due_date=due,
                    went_well=REPORT_NOTES[(index + offset) % len(REPORT_NOTES)],
                    satisfaction=3 + (index + offset) % 3, cadence_fit="right")
                reports += 1
    return {"program meetings held": held, "program progress reports": reports}


REPORT_NOTES = [
    "We agreed on one concrete goal and a plan for the first difficult conversation.",
    "The one-to-one template we built together is working; two reports use it now.",
    "Good sessions; we still need to find a regular slot that suits both calendars.",
]
