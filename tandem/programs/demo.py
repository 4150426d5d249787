"""Demo programs run by the demo coordinator: one taking applications (before matching),
one matched and published, so its mentorships belong to it."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tandem.accounts.models import User
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
        services._enroll_side_effects(person, "mentee", 0)
        enrolled += 1
    for index, person in enumerate(mentors):
        program = upcoming if index % 2 else finished
        Participant.objects.create(program=program, user=person, role="mentor",
                                   capacity=2, source="applied",
                                   answers=[{"question": q, "answer": "Career changes and "
                                             "first leadership roles."}
                                            for q in program.mentor_questions])
        services._enroll_side_effects(person, "mentor", 2)
        enrolled += 1
    services.invitation_create(actor=coordinator, program=upcoming,
                               email="new.mentor@example.org", role="mentor", capacity=2)
    run = MatchingRun.objects.create(program=finished, started_by=coordinator)
    run = services.run_execute(run_id=run.pk)
    started = 0
    if run.status == "ready":
        services.run_publish(actor=coordinator, run=run)
        started = finished.relationships.count()
    return {"programs": 2, "program participants": enrolled,
            "program mentorships": started}
