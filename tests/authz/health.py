"""Health: the shared relationship is Noah (mentee2) with Marta (mentor); its health is its
parties'. The community dashboard, exports, at-risk list and nudges are staff's, for the
open community only: the shared relationship belongs to a program (tests/authz/programs.py),
so nobody nudges it here (its coordinators will, with programs); the private cases nudge
a community mentorship of Noah with Omar (mentor2). Everyone else gets 404."""

from __future__ import annotations

from tests.authz import api_only, only

PAIR = ["mentee2", "mentor"]
COORDS = ["coordinator", "staff"]

ARGS = {"health_table": lambda o: "requests"}

MATRIX = {
    "health:relationship": {"GET": only(200, PAIR)},
    "health:dashboard": {"GET": only(200, ["staff"])},
    "health:export": {"GET": only(200, ["staff"])},
    "health:at_risk": {"GET": only(200, ["staff"])},
    "health:nudge": {"GET": only(200, []), "POST": only(302, [])},
    "GET /api/mentorships/{relationship_id}/health": {"GET": api_only(200, PAIR)},
    "GET /api/health/at-risk": {"GET": api_only(200, ["staff"])},
    "GET /api/health/dashboard": {"GET": api_only(200, ["staff"])},
    "POST /api/health/mentorships/{relationship_id}/nudge": {"POST": api_only(201, [])},
    # The shared relationship belongs to Cora's program: its coordinators and staff.
    "health:program_dashboard": {"GET": only(200, COORDS)},
    "health:program_export": {"GET": only(200, COORDS)},
    "health:program_at_risk": {"GET": only(200, COORDS)},
    "health:program_nudge": {"GET": only(200, COORDS), "POST": only(302, COORDS)},
    "health:program_rules": {"GET": only(200, COORDS), "POST": only(400, COORDS)},
    "GET /api/health/programs/{program_id}/dashboard": {"GET": api_only(200, COORDS)},
    "GET /api/health/programs/{program_id}/at-risk": {"GET": api_only(200, COORDS)},
    "POST /api/health/programs/{program_id}/mentorships/{relationship_id}/nudge": {
        "POST": api_only(201, COORDS)},
}

_COMMUNITY = {"relationship_id": lambda o: o["health_relationship"].pk}

# An empty form sends the standard nudge.
PRIVATE_OBJECT_CASES = {
    "health:nudge": (_COMMUNITY, {"GET": only(200, ["staff"]),
                                  "POST": only(302, ["staff"])}),
    "POST /api/health/mentorships/{relationship_id}/nudge": (
        _COMMUNITY, {"POST": api_only(201, ["staff"])}),
}


def objects(personas, base) -> dict:
    from tandem.mentorships.services import request_accept, request_create

    asked = request_create(actor=personas.mentee2, mentor=personas.mentor2, message="Hello")
    return {"health_relationship": request_accept(actor=personas.mentor2, request=asked)}
