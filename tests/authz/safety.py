"""Safety: the report is Mia's (mentee) about Marta (mentor); the account pages are about
Oscar (outsider). Reviewers are the coordinator and staff; the reporter reads her report
but may not review it (403 on the page, 404 in the reviewers' API); everyone else,
the reported person included, gets 404."""

from __future__ import annotations

from tests.authz import api_only, api_signed_in, only, signed_in

REVIEWERS = ["coordinator", "staff"]

ARGS = {
    "safety_report_id": lambda o: o["safety_report"].pk,
    "safety_user_id": lambda o: o["safety_person"].pk,
}

MATRIX = {
    "safety:report_new": {"GET": signed_in(200), "POST": signed_in(400)},  # no subject
    "safety:mine": {"GET": signed_in(200)},
    "safety:queue": {"GET": only(200, REVIEWERS)},
    "safety:report": {"GET": only(200, [*REVIEWERS, "mentee"])},
    "safety:report_status": {"POST": only(400, REVIEWERS) | {"mentee": 403}},  # empty form
    "safety:person": {"GET": only(200, REVIEWERS)},
    "safety:freeze": {"POST": only(400, REVIEWERS)},  # no reason given
    "safety:unfreeze": {"POST": only(409, REVIEWERS)},  # Oscar is not frozen
    "POST /api/safety/reports": {"POST": api_signed_in(422)},
    "GET /api/safety/reports/mine": {"GET": api_signed_in(200)},
    "GET /api/safety/reports": {"GET": api_only(200, REVIEWERS)},
    "GET /api/safety/reports/{safety_report_id}": {"GET": api_only(200, REVIEWERS)},
    "POST /api/safety/reports/{safety_report_id}/status": {
        "POST": api_only(200, REVIEWERS)},
    "GET /api/safety/people/{safety_user_id}": {"GET": api_only(200, REVIEWERS)},
    "POST /api/safety/people/{safety_user_id}/freeze": {"POST": api_only(201, REVIEWERS)},
    "POST /api/safety/people/{safety_user_id}/unfreeze": {"POST": api_only(409, REVIEWERS)},
}

# Staff's own account: coordinators may not act on staff, and nobody on themselves.
PRIVATE_OBJECT_CASES = {
    "safety:freeze": ({"safety_user_id": lambda o: o["safety_staff"].pk},
                      {"POST": only(403, REVIEWERS)}),
    "POST /api/safety/people/{safety_user_id}/freeze": (
        {"safety_user_id": lambda o: o["safety_staff"].pk},
        {"POST": api_only(403, REVIEWERS)}),
}

JSON_BODIES = {
    "POST /api/safety/reports/{safety_report_id}/status": {"status": "in_review"},
    "POST /api/safety/people/{safety_user_id}/freeze": {"reason": "Spam to many mentees."},
}


def objects(personas, base) -> dict:
    from tandem.safety.services import report_create

    return {
        "safety_report": report_create(actor=personas.mentee, category="spam_or_scam",
                                       details="Crypto offers.",
                                       profile_id=personas.mentor.profile.pk),
        "safety_person": personas.outsider,
        "safety_staff": personas.staff,
    }
