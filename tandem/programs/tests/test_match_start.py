"""A match that cannot start when both accept (the mentor's places filled meanwhile, an
account frozen, someone left the program) tells both people and the coordinators why and
what happens next: on the program page, in a notification and in the API answer."""

from __future__ import annotations

from html import escape

from tandem.accounts.models import Profile
from tandem.mentorships.models import Relationship
from tandem.programs import services
from tandem.programs.models import Participant


def _awaiting(personas, ready_run):
    program = ready_run.program
    program.approval_required = True
    program.save()
    services.run_publish(actor=personas.coordinator, run=ready_run)
    pair = ready_run.pairs.get(mentee=personas.mentee)
    assert pair.mentor_id == personas.mentor.pk
    return pair


def _seen_by_everyone(personas, pair, reason: str, client_for):
    pair.refresh_from_db()
    assert pair.status == "not_started"
    assert reason in pair.note and "back in the pool" in pair.note
    for user in (personas.mentee, personas.mentor, personas.coordinator):
        note = user.notifications.get(kind="program.match_not_started")
        assert reason in note.body, user
        assert "pool" in note.body
    program_id = pair.run.program_id
    for user in (personas.mentee, personas.mentor):
        user.refresh_from_db()
        if not user.is_active:
            continue  # a frozen account cannot sign in; the notification waits for it
        for url in (f"/programs/{program_id}/", f"/programs/{program_id}/application/"):
            page = client_for(user).get(url).content.decode()
            assert escape(reason) in page, url
    coordinator = client_for(personas.coordinator).get(
        f"/programs/{program_id}/matching/").content.decode()
    assert escape(reason) in coordinator


def test_it_says_why_a_match_cannot_start_when_the_mentor_is_full(
        personas, ready_run, client_for, api_client):
    pair = _awaiting(personas, ready_run)
    services.pair_respond(actor=personas.mentee, pair=pair, accept=True)
    Profile.objects.filter(user=personas.mentor).update(places_taken=2, mentor_capacity=2)
    response = api_client(personas.mentor).post(f"/api/program-matches/{pair.pk}/respond",
                                                 {"accept": True})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "not_started"
    reason = "Marta Mentor has no free place left (2 of 2 taken)."
    assert reason in body["note"] and "Mia Mentee is back in the pool" in body["note"]
    assert not Relationship.objects.filter(mentee=personas.mentee, mentor=personas.mentor)
    assert Profile.objects.get(user=personas.mentor).places_taken == 2
    _seen_by_everyone(personas, pair, reason, client_for)


def test_it_says_why_when_an_account_was_frozen(personas, ready_run, client_for):
    from tandem.safety.services import account_freeze

    pair = _awaiting(personas, ready_run)
    services.pair_respond(actor=personas.mentor, pair=pair, accept=True)
    # The mentor accepted, then their account was frozen: when the mentee accepts, the
    # start re-checks both accounts.
    account_freeze(actor=personas.staff, user=personas.mentor, reason="Under review")
    pair.refresh_from_db()
    services.pair_respond(actor=personas.mentee, pair=pair, accept=True)
    _seen_by_everyone(personas, pair, "Marta Mentor's account is not active.", client_for)


def test_it_says_why_when_someone_left_the_program(personas, ready_run, client_for):
    pair = _awaiting(personas, ready_run)
    services.pair_respond(actor=personas.mentor, pair=pair, accept=True)
    services.participant_withdraw(
        actor=personas.mentor,
        participant=Participant.objects.get(program=ready_run.program, user=personas.mentor))
    pair.refresh_from_db()
    services.pair_respond(actor=personas.mentee, pair=pair, accept=True)
    _seen_by_everyone(personas, pair, "Marta Mentor has left the program.", client_for)


def test_it_says_why_on_publish_without_approval(personas, ready_run, client_for):
    Profile.objects.filter(user=personas.mentor).update(places_taken=2, mentor_capacity=2)
    services.run_publish(actor=personas.coordinator, run=ready_run)
    pair = ready_run.pairs.get(mentee=personas.mentee)
    _seen_by_everyone(personas, pair, "Marta Mentor has no free place left (2 of 2 taken).",
                      client_for)
