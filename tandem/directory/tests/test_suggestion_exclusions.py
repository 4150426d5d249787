"""Suggestions leave out mentors with an open request or mentorship, a decline either way
(a request, or a program match), and a mentorship a re-match request ended."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tandem.directory.suggestions import suggestions_for
from tandem.mentorships.models import MentorshipRequest, Relationship
from tandem.mentorships.services import request_create, request_decline


def _suggested(user) -> list:
    return [s.profile.user for s in suggestions_for(user).items]


def _published_with_approval(personas, program, capture):
    from tandem.programs import services

    program.approval_required = True
    program.save()
    with capture(execute=True):
        run = services.run_start(actor=personas.coordinator, program=program)
    services.run_publish(actor=personas.coordinator, run=run)
    return run


def test_it_leaves_out_a_mentor_the_mentee_declined_in_a_program(
        personas, django_capture_on_commit_callbacks):
    from tandem.programs import services
    from tandem.programs.tests.conftest import program_data

    program = services.program_create(actor=personas.coordinator, **program_data())
    services.participant_apply(actor=personas.mentee, program=program, role="mentee",
                               answers=["Python"])
    services.participant_apply(actor=personas.mentor, program=program, role="mentor",
                               capacity=1)
    assert _suggested(personas.mentee) == [personas.mentor]
    run = _published_with_approval(personas, program, django_capture_on_commit_callbacks)
    pair = run.pairs.get(mentee=personas.mentee)
    assert _suggested(personas.mentee) == [personas.mentor]  # waiting: still suggested
    services.pair_respond(actor=personas.mentee, pair=pair, accept=False)
    assert _suggested(personas.mentee) == []


def test_it_leaves_out_a_mentor_who_declined_the_mentee_in_a_program(
        personas, django_capture_on_commit_callbacks):
    from tandem.programs import services
    from tandem.programs.tests.conftest import program_data

    program = services.program_create(actor=personas.coordinator, **program_data())
    services.participant_apply(actor=personas.mentee, program=program, role="mentee",
                               answers=["Python"])
    services.participant_apply(actor=personas.mentor, program=program, role="mentor",
                               capacity=1)
    run = _published_with_approval(personas, program, django_capture_on_commit_callbacks)
    services.pair_respond(actor=personas.mentor, pair=run.pairs.get(mentee=personas.mentee),
                          accept=False)
    assert _suggested(personas.mentee) == []
    assert _suggested(personas.mentee2) == [personas.mentor]


def test_it_leaves_out_the_mentor_a_rematch_ended(personas,
                                                  django_capture_on_commit_callbacks):
    from tandem.programs import services
    from tandem.programs.tests.conftest import program_data

    program = services.program_create(actor=personas.coordinator, **program_data())
    services.participant_apply(actor=personas.mentee, program=program, role="mentee",
                               answers=["Python"])
    services.participant_apply(actor=personas.mentor, program=program, role="mentor",
                               capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(actor=personas.coordinator, program=program)
    services.run_publish(actor=personas.coordinator, run=run)
    rel = Relationship.objects.get(program=program, mentee=personas.mentee)
    rematch = services.rematch_request(actor=personas.mentee, relationship=rel,
                                       reason="Our goals differ.")
    services.rematch_resolve(actor=personas.coordinator, rematch=rematch, end=True)
    assert _suggested(personas.mentee) == []
    assert _suggested(personas.mentee2) == [personas.mentor]


def test_it_leaves_out_a_mentor_who_declined_a_request_long_ago(personas):
    request = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hi")
    request_decline(actor=personas.mentor, request=request, text="No time, sorry")
    MentorshipRequest.objects.filter(pk=request.pk).update(
        closed_at=timezone.now() - timedelta(days=400))
    assert _suggested(personas.mentee) == []
    assert _suggested(personas.mentee2) == [personas.mentor]


def test_it_leaves_them_out_of_other_mentors_to_ask_after_a_decline(
        personas, django_capture_on_commit_callbacks):
    from tandem.mentorships.selectors import suggested_mentors
    from tandem.programs import services
    from tandem.programs.tests.conftest import program_data

    program = services.program_create(actor=personas.coordinator, **program_data())
    services.participant_apply(actor=personas.mentee, program=program, role="mentee",
                               answers=["Python"])
    services.participant_apply(actor=personas.mentor, program=program, role="mentor",
                               capacity=1)
    assert personas.mentor.profile in suggested_mentors(personas.mentee)
    run = _published_with_approval(personas, program, django_capture_on_commit_callbacks)
    services.pair_respond(actor=personas.mentor, pair=run.pairs.get(mentee=personas.mentee),
                          accept=False)
    assert personas.mentor.profile not in suggested_mentors(personas.mentee)
    assert personas.mentor.profile in suggested_mentors(personas.mentee2)
