"""Programs. Cora (coordinator) runs the program; staff see it too; other coordinators
would get 404. Mia (mentee) applied as a mentee and Omar (mentor2) as a mentor; a ready
run proposes Mia with Omar; a published run holds their match waiting for both to
accept; Oscar (outsider) is invited; Noah and Marta's mentorship belongs to the program
and Noah asked for a re-match."""

from __future__ import annotations

from datetime import timedelta

from tests.authz import SIGNED_IN, api_only, api_signed_in, only

COORDS = ["coordinator", "staff"]
PARTS = ["mentee", "mentor2"]
PARTIES = ["mentee2", "mentor"]
COORD_FORBIDDEN = {"coordinator": 403, "staff": 403}


def coord(status):
    return only(status, COORDS)


def api_coord(status):
    return api_only(status, COORDS)


ARGS = {
    "program_id": lambda o: o["program"].pk,
    "invitation_id": lambda o: o["program_invitation"].pk,
    "import_id": lambda o: o["program_import"].pk,
    "run_id": lambda o: o["program_run"].pk,
    "pair_id": lambda o: o["program_pair"].pk,
    "match_id": lambda o: o["program_match"].pk,
    "rematch_id": lambda o: o["program_rematch"].pk,
}

MATRIX = {
    "programs:list": {"GET": only(200, SIGNED_IN)},
    "programs:create": {"GET": only(200, COORDS, others=403),
                        "POST": only(400, COORDS, others=403)},
    "programs:detail": {"GET": only(200, SIGNED_IN)},  # an open program: anyone may look
    "programs:edit": {"GET": coord(200), "POST": coord(400)},
    "programs:participants": {"GET": coord(200)},
    "programs:participants_csv": {"GET": coord(200)},
    "programs:invitations": {"GET": coord(200), "POST": coord(400)},
    "programs:invitation_revoke": {"POST": coord(302) | {"outsider": 403}},
    "programs:invitation_accept": {"POST": only(302, ["outsider"]) | COORD_FORBIDDEN},
    "programs:invitation_decline": {"POST": only(302, ["outsider"]) | COORD_FORBIDDEN},
    "programs:import": {"GET": coord(200), "POST": coord(400)},
    "programs:import_detail": {"GET": coord(200)},
    "programs:import_valid": {"POST": coord(302)},
    "programs:import_discard": {"POST": coord(302)},
    # The program asks mentees a question: an empty application is refused; people in
    # the program already are sent to their application.
    "programs:apply": {"GET": only(200, SIGNED_IN) | {"mentee": 302, "mentor2": 302},
                       "POST": only(400, SIGNED_IN) | {"mentee": 302, "mentor2": 302}},
    "programs:application": {"GET": only(200, PARTS),
                             "POST": only(302, PARTS) | {"mentee": 400}},
    "programs:withdraw": {"POST": only(302, PARTS)},
    "programs:match_respond": {"POST": only(302, PARTS)},
    "programs:matching": {"GET": coord(200), "POST": coord(400)},
    "programs:run_rerun": {"POST": coord(302)},
    "programs:pair_add": {"POST": coord(302)},
    "programs:pair_swap": {"POST": coord(302)},
    "programs:publish": {"GET": coord(200), "POST": coord(302)},
    "programs:matches_csv": {"GET": coord(200)},
    "programs:pair_lock": {"POST": coord(302)},
    "programs:pair_remove": {"POST": coord(302)},
    "programs:rematches": {"GET": coord(200)},
    "programs:rematch_resolve": {"POST": coord(302)},
    "programs:rematch": {"GET": only(200, PARTIES), "POST": only(400, PARTIES)},
    "GET /api/programs": {"GET": api_signed_in(200)},
    "POST /api/programs": {"POST": api_signed_in(403) | {"coordinator": 201, "staff": 201}},
    # An open program: anyone signed in reads its public part (coordinators all of it).
    "GET /api/programs/{program_id}": {"GET": api_signed_in(200)},
    "PATCH /api/programs/{program_id}": {"PATCH": api_coord(200)},
    "GET /api/programs/{program_id}/participants": {"GET": api_coord(200)},
    "POST /api/programs/{program_id}/application": {
        "POST": api_signed_in(201) | {"mentee": 409, "mentor2": 409}},
    "GET /api/programs/{program_id}/application": {"GET": api_only(200, PARTS)},
    "POST /api/programs/{program_id}/application/withdraw": {"POST": api_only(200, PARTS)},
    "GET /api/programs/{program_id}/invitations": {"GET": api_coord(200)},
    "POST /api/programs/{program_id}/invitations": {"POST": api_coord(201)},
    "POST /api/program-invitations/{invitation_id}/accept": {
        "POST": api_only(200, ["outsider"]) | COORD_FORBIDDEN},
    "POST /api/program-invitations/{invitation_id}/decline": {
        "POST": api_only(200, ["outsider"]) | COORD_FORBIDDEN},
    "POST /api/program-invitations/{invitation_id}/revoke": {
        "POST": api_coord(200) | {"outsider": 403}},
    "POST /api/programs/{program_id}/imports": {"POST": api_coord(201)},
    "GET /api/program-imports/{import_id}": {"GET": api_coord(200)},
    "POST /api/program-imports/{import_id}/import-valid": {"POST": api_coord(200)},
    "POST /api/programs/{program_id}/runs": {"POST": api_coord(201)},
    "GET /api/matching-runs/{run_id}": {"GET": api_coord(200)},
    "POST /api/matching-runs/{run_id}/rerun": {"POST": api_coord(201)},
    "POST /api/matching-runs/{run_id}/pairs": {"POST": api_coord(422)},  # unknown people
    "POST /api/matching-runs/{run_id}/swap": {"POST": api_coord(422)},  # unknown pairs
    "POST /api/match-pairs/{pair_id}/lock": {"POST": api_coord(200)},
    "DELETE /api/match-pairs/{pair_id}": {"DELETE": api_coord(204)},
    "POST /api/matching-runs/{run_id}/publish": {"POST": api_coord(200)},
    "GET /api/programs/{program_id}/matches": {"GET": api_only(200, PARTS)},
    "POST /api/program-matches/{match_id}/respond": {"POST": api_only(200, PARTS)},
    # Noah asked for a re-match already: a second request conflicts.
    "POST /api/mentorships/{relationship_id}/rematch": {"POST": api_only(409, PARTIES)},
    "GET /api/programs/{program_id}/rematches": {"GET": api_coord(200)},
    "POST /api/rematch-requests/{rematch_id}/resolve": {"POST": api_coord(200)},
}

# An invitation-only program: its coordinators, staff and Noah (invited) read it.
PRIVATE_OBJECT_CASES = {
    "GET /api/programs/{program_id}": (
        {"program_id": lambda o: o["program_invite_only"].pk},
        {"GET": api_only(200, [*COORDS, "mentee2"])}),
}

JSON_BODIES = {
    "POST /api/programs": {"name": "Autumn", "applications_open": "2030-01-01",
                           "applications_close": "2030-01-10", "starts_on": "2030-02-01",
                           "ends_on": "2030-05-01"},
    "PATCH /api/programs/{program_id}": {},
    "POST /api/programs/{program_id}/application": {"role": "mentee",
                                                    "answers": ["Public speaking"]},
    "POST /api/programs/{program_id}/invitations": {"email": "new@example.com",
                                                    "role": "mentor"},
    "POST /api/programs/{program_id}/imports": {"filename": "people.csv",
                                                "content": "email,role\nan@example.com,mentee\n"},
    "POST /api/matching-runs/{run_id}/pairs": {"mentee_id": 999999, "mentor_id": 999998},
    "POST /api/matching-runs/{run_id}/swap": {"first_pair_id": 999999,
                                              "second_pair_id": 999998},
    "POST /api/program-matches/{match_id}/respond": {"accept": True},
    "POST /api/mentorships/{relationship_id}/rematch": {"reason": "We do not click."},
    "POST /api/rematch-requests/{rematch_id}/resolve": {"end": False},
}


def objects(personas, base) -> dict:
    from django.utils import timezone

    from tandem.programs import services
    from tandem.programs.models import (
        ImportJob,
        ImportStatus,
        MatchingRun,
        MatchPair,
        PairStatus,
        RunStatus,
    )

    today = timezone.localdate()
    program = services.program_create(
        actor=personas.coordinator, name="Matrix cohort",
        applications_open=today - timedelta(days=3),
        applications_close=today + timedelta(days=3), starts_on=today + timedelta(days=10),
        ends_on=today + timedelta(days=100), mentee_questions=["What do you want to learn?"])
    services.participant_apply(actor=personas.mentee, program=program, role="mentee",
                               answers=["Leadership"])
    services.participant_apply(actor=personas.mentor2, program=program, role="mentor",
                               capacity=1)
    invitation = services.invitation_create(actor=personas.coordinator, program=program,
                                            email=personas.outsider.email, role="mentee")
    invite_only = services.program_create(
        actor=personas.coordinator, name="Invited cohort", join_rule="invite",
        applications_open=today - timedelta(days=3),
        applications_close=today + timedelta(days=3), starts_on=today + timedelta(days=10),
        ends_on=today + timedelta(days=100))
    services.invitation_create(actor=personas.coordinator, program=invite_only,
                               email=personas.mentee2.email, role="mentee")
    job = ImportJob.objects.create(program=program, created_by=personas.coordinator,
                                   filename="people.csv", status=ImportStatus.INVALID,
                                   content="email,role\nbad,mentee\nok@example.com,mentee\n",
                                   total_rows=2, processed_rows=2, valid_rows=1,
                                   errors=[{"row": 2, "field": "email",
                                            "reason": "not an email address"}])
    published = MatchingRun.objects.create(program=program, status=RunStatus.PUBLISHED,
                                           published_at=timezone.now())
    match = MatchPair.objects.create(run=published, mentee=personas.mentee,
                                     mentor=personas.mentor2, status=PairStatus.AWAITING)
    run = MatchingRun.objects.create(program=program, status=RunStatus.READY)
    pair = MatchPair.objects.create(run=run, mentee=personas.mentee, mentor=personas.mentor2,
                                    score=3.5, contributions={"skills": 3.5})
    relationship = base["relationship"]
    relationship.program = program
    relationship.save(update_fields=["program"])
    rematch = services.rematch_request(actor=personas.mentee2, relationship=relationship,
                                       reason="Different goals.")
    return {"program": program, "program_invitation": invitation, "program_import": job,
            "program_run": run, "program_pair": pair, "program_match": match,
            "program_rematch": rematch, "program_invite_only": invite_only}
