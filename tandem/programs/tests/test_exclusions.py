"""A run never proposes a pair that has or had a mentorship, that either side declined or
let expire, or that a re-match ended; adding such a pair by hand is refused with the
reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.core.errors import ValidationFailed
from tandem.mentorships.models import Relationship
from tandem.mentorships.services import (
    relationship_complete,
    request_accept,
    request_create,
    request_decline,
)
from tandem.programs import services
from tandem.programs.models import MatchPair


def _run(personas, program, capture):
    with capture(execute=True):
        run = services.run_start(actor=personas.coordinator, program=program)
    run.refresh_from_db()
    assert run.status == "ready", run.error
    return run


def _proposed(run):
    return {(p.mentee_id, p.mentor_id) for p in run.pairs.filter(status="proposed")}


def test_it_does_not_propose_the_mentor_a_rematch_ended(
        personas, ready_run, django_capture_on_commit_callbacks):
    mia, marta = personas.mentee, personas.mentor
    assert (mia.pk, marta.pk) in _proposed(ready_run)
    services.run_publish(actor=personas.coordinator, run=ready_run)
    rel = Relationship.objects.get(program=ready_run.program, mentee=mia)
    rematch = services.rematch_request(actor=mia, relationship=rel, reason="Goals differ.")
    services.rematch_resolve(actor=personas.coordinator, rematch=rematch, end=True)
    run = _run(personas, ready_run.program, django_capture_on_commit_callbacks)
    assert run.mentees == 1
    assert (mia.pk, marta.pk) not in _proposed(run)
    with pytest.raises(ValidationFailed) as exc:
        services.pair_add(actor=personas.coordinator, run=run, mentee_id=mia.pk,
                          mentor_id=marta.pk)
    assert exc.value.errors[0]["field"] == "mentor_id"
    assert "re-match" in exc.value.message and "Mia Mentee" in exc.value.message


def test_it_does_not_propose_a_pair_either_side_declined(
        personas, ready_run, django_capture_on_commit_callbacks):
    program = ready_run.program
    program.approval_required = True
    program.save()
    services.run_publish(actor=personas.coordinator, run=ready_run)
    pair = ready_run.pairs.get(mentee=personas.mentee)
    services.pair_respond(actor=personas.mentee, pair=pair, accept=False)
    run = _run(personas, program, django_capture_on_commit_callbacks)
    assert (pair.mentee_id, pair.mentor_id) not in _proposed(run)
    with pytest.raises(ValidationFailed) as exc:
        services.pair_add(actor=personas.coordinator, run=run, mentee_id=pair.mentee_id,
                          mentor_id=pair.mentor_id)
    assert exc.value.message.startswith("Mia Mentee declined ")
    assert "run" in exc.value.message


def test_it_does_not_propose_a_pair_that_expired(
        personas, ready_run, django_capture_on_commit_callbacks):
    program = ready_run.program
    program.approval_required = True
    program.save()
    services.run_publish(actor=personas.coordinator, run=ready_run)
    pair = ready_run.pairs.get(mentee=personas.mentee)
    services.pairs_expire(now=timezone.now() + timedelta(days=program.request_expiry_days + 1))
    pair.refresh_from_db()
    assert pair.status == "expired"
    run = _run(personas, program, django_capture_on_commit_callbacks)
    assert run.mentees == 2
    assert (pair.mentee_id, pair.mentor_id) not in _proposed(run)


def test_it_does_not_propose_a_past_mentorship_outside_the_program(
        personas, cohort, django_capture_on_commit_callbacks):
    mia, marta = personas.mentee, personas.mentor
    rel = request_accept(actor=marta, request=request_create(actor=mia, mentor=marta,
                                                             message="Hello"))
    relationship_complete(actor=mia, relationship=rel)
    run = _run(personas, cohort, django_capture_on_commit_callbacks)
    assert (mia.pk, marta.pk) not in _proposed(run)
    with pytest.raises(ValidationFailed) as exc:
        services.pair_add(actor=personas.coordinator, run=run, mentee_id=mia.pk,
                          mentor_id=marta.pk)
    assert exc.value.message == (f"Mia Mentee and Marta Mentor already had a mentorship "
                                 f"(#{rel.pk}, completed).")


def test_it_does_not_propose_an_open_mentorship_outside_the_program(
        personas, cohort, django_capture_on_commit_callbacks):
    mia, marta = personas.mentee, personas.mentor
    request_accept(actor=marta, request=request_create(actor=mia, mentor=marta,
                                                       message="Hello"))
    run = _run(personas, cohort, django_capture_on_commit_callbacks)
    assert (mia.pk, marta.pk) not in _proposed(run)


def test_it_does_not_propose_a_pair_whose_request_was_declined(
        personas, cohort, django_capture_on_commit_callbacks):
    mia, marta = personas.mentee, personas.mentor
    request_decline(actor=marta, request=request_create(actor=mia, mentor=marta,
                                                        message="Hello"), text="Not now.")
    run = _run(personas, cohort, django_capture_on_commit_callbacks)
    assert (mia.pk, marta.pk) not in _proposed(run)
    with pytest.raises(ValidationFailed) as exc:
        services.pair_add(actor=personas.coordinator, run=run, mentee_id=mia.pk,
                          mentor_id=marta.pk)
    assert exc.value.message.startswith("Marta Mentor declined Mia Mentee's request")


def test_it_refuses_an_excluded_pair_on_the_page_and_in_the_api(
        personas, cohort, client_for, api_client, django_capture_on_commit_callbacks):
    mia, marta = personas.mentee, personas.mentor
    rel = request_accept(actor=marta, request=request_create(actor=mia, mentor=marta,
                                                             message="Hello"))
    relationship_complete(actor=marta, relationship=rel)
    run = _run(personas, cohort, django_capture_on_commit_callbacks)
    for pair in run.pairs.filter(mentee=mia, status="proposed"):
        services.pair_remove(actor=personas.coordinator, pair=pair)
    response = api_client(personas.coordinator).post(
        f"/api/matching-runs/{run.pk}/pairs", {"mentee_id": mia.pk, "mentor_id": marta.pk})
    assert response.status_code == 422
    body = response.json()
    assert body["errors"] == [{"field": "mentor_id", "message": body["detail"]}]
    assert "already had a mentorship" in body["detail"]
    page = client_for(personas.coordinator).post(
        f"/programs/runs/{run.pk}/add/", {"mentee": mia.pk, "mentor": marta.pk})
    # The matching page again, the reason at the form's mentor field.
    assert page.status_code == 400
    form = page.context["add_form"]
    assert "already had a mentorship" in form.errors["mentor"][0]
    assert "already had a mentorship" in page.content.decode()
    assert not MatchPair.objects.filter(run=run, mentee=mia, mentor=marta,
                                        status="proposed").exists()


def test_it_refuses_a_swap_that_makes_an_excluded_pair(
        personas, cohort, api_client, django_capture_on_commit_callbacks):
    mia, marta = personas.mentee, personas.mentor
    rel = request_accept(actor=marta, request=request_create(actor=mia, mentor=marta,
                                                             message="Hello"))
    relationship_complete(actor=mia, relationship=rel)
    run = _run(personas, cohort, django_capture_on_commit_callbacks)
    assert _proposed(run) == {(mia.pk, personas.mentor2.pk),
                              (personas.mentee2.pk, marta.pk)}
    first, second = run.pairs.order_by("id")
    response = api_client(personas.coordinator).post(
        f"/api/matching-runs/{run.pk}/swap",
        {"first_pair_id": first.pk, "second_pair_id": second.pk})
    assert response.status_code == 422
    # The field the swap service names for the second pair (as its other refusals do).
    assert response.json()["errors"][0]["field"] == "other_pair_id"
    assert "already had a mentorship" in response.json()["detail"]
    assert _proposed(run) == {(mia.pk, personas.mentor2.pk),
                              (personas.mentee2.pk, marta.pk)}


def test_it_leaves_frozen_accounts_out_of_a_run(
        personas, cohort, django_capture_on_commit_callbacks):
    from tandem.safety.services import account_freeze

    account_freeze(actor=personas.staff, user=personas.mentor, reason="Under review")
    run = _run(personas, cohort, django_capture_on_commit_callbacks)
    assert run.mentors == 1
    assert all(mentor != personas.mentor.pk for _, mentor in _proposed(run))
