"""Feedback both ways, in Noah's (mentee2) mentorship with Marta (mentor): Marta gave one
feedback entry; Noah made a feedback request, gave Marta feedback and recorded a
contribution. Only the mentor writes feedback entries; only the mentee asks, acknowledges,
replies and gives back: the other party gets 403, everyone else 404."""

from __future__ import annotations

from tests.authz import api_only, api_signed_in, only

BOTH = ["mentee2", "mentor"]
MENTEE_ONLY = {"mentor": 403}
MENTOR_ONLY = {"mentee2": 403}


def _mentee(status):
    return only(status, ["mentee2"]) | MENTEE_ONLY


def _api_mentee(status):
    return api_only(status, ["mentee2"]) | MENTEE_ONLY


ARGS = {
    "feedback_entry_id": lambda o: o["feedback_entry"].pk,
    "feedback_request_id": lambda o: o["feedback_request"].pk,
    "mentor_feedback_id": lambda o: o["mentor_feedback"].pk,
    "contribution_id": lambda o: o["contribution"].pk,
}

MATRIX = {
    "feedback:overview": {"GET": only(200, BOTH)},
    "feedback:entry_new": {"GET": only(200, ["mentor"]) | MENTOR_ONLY,
                           "POST": only(400, ["mentor"]) | MENTOR_ONLY},  # empty form
    "feedback:entry_acknowledge": {"POST": _mentee(302)},
    "feedback:entry_reply": {"GET": _mentee(200), "POST": _mentee(400)},
    "feedback:request_new": {"GET": _mentee(200), "POST": _mentee(400)},
    "feedback:request_withdraw": {"POST": _mentee(302)},
    "feedback:giveback_new": {"GET": _mentee(200), "POST": _mentee(400)},
    "feedback:giveback_kudos": {"POST": _mentee(302)},
    "feedback:contribution_new": {"GET": _mentee(200), "POST": _mentee(400)},
    "feedback:contribution_delete": {"POST": _mentee(302)},
    "GET /api/mentorships/{relationship_id}/feedback": {"GET": api_only(200, BOTH)},
    "POST /api/mentorships/{relationship_id}/feedback": {
        "POST": api_only(201, ["mentor"]) | MENTOR_ONLY},
    "GET /api/feedback/{feedback_entry_id}": {"GET": api_only(200, BOTH)},
    "POST /api/feedback/{feedback_entry_id}/acknowledge": {"POST": _api_mentee(200)},
    "PUT /api/feedback/{feedback_entry_id}/reply": {"PUT": _api_mentee(200)},
    "GET /api/mentorships/{relationship_id}/feedback-requests": {"GET": api_only(200, BOTH)},
    "POST /api/mentorships/{relationship_id}/feedback-requests": {"POST": _api_mentee(201)},
    "POST /api/feedback-requests/{feedback_request_id}/withdraw": {"POST": _api_mentee(200)},
    "GET /api/mentorships/{relationship_id}/mentor-feedback": {"GET": api_only(200, BOTH)},
    "POST /api/mentorships/{relationship_id}/mentor-feedback": {"POST": _api_mentee(201)},
    "PUT /api/mentor-feedback/{mentor_feedback_id}/kudos": {"PUT": _api_mentee(200)},
    "GET /api/mentorships/{relationship_id}/contributions": {"GET": api_only(200, BOTH)},
    "POST /api/mentorships/{relationship_id}/contributions": {"POST": _api_mentee(201)},
    "DELETE /api/contributions/{contribution_id}": {"DELETE": _api_mentee(204)},
    # Kudos are public on a mentor's page (the matrix's profile is Marta's).
    "GET /api/profiles/{profile_id}/kudos": {"GET": api_signed_in(200)},
}

# A mentee's profile is not public: its kudos route answers like the profile does.
PRIVATE_OBJECT_CASES = {
    "GET /api/profiles/{profile_id}/kudos": ({"profile_id": lambda o: o["mentee_profile"].pk},
                                             {"GET": api_only(200, ["mentee", "mentor"])}),
}

JSON_BODIES = {
    "POST /api/mentorships/{relationship_id}/feedback": {"kind": "positive",
                                                         "body": "Well prepared."},
    "PUT /api/feedback/{feedback_entry_id}/reply": {"reply": "Thank you."},
    "POST /api/mentorships/{relationship_id}/feedback-requests": {"topic": "My demo"},
    "POST /api/mentorships/{relationship_id}/mentor-feedback": {"what_helped": "Patience."},
    "PUT /api/mentor-feedback/{mentor_feedback_id}/kudos": {"consent": True},
    "POST /api/mentorships/{relationship_id}/contributions": {
        "kind": "review", "description": "Reviewed the slides", "date": "2025-01-01"},
}


def objects(personas, base) -> dict:
    from tandem.feedback import services

    rel = base["relationship"]
    return {
        "feedback_entry": services.feedback_give(actor=personas.mentor, relationship=rel,
                                                 kind="constructive", body="Slow down."),
        "feedback_request": services.feedback_request_create(actor=personas.mentee2,
                                                             relationship=rel, topic="My CV"),
        "mentor_feedback": services.mentor_feedback_give(actor=personas.mentee2,
                                                         relationship=rel,
                                                         what_helped="Clear advice."),
        "contribution": services.contribution_add(actor=personas.mentee2, relationship=rel,
                                                  kind="resource", description="A book",
                                                  date=rel.started_at.date()),
    }
