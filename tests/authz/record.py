"""The timeline and the exported record."""

from tests.authz import api_only, api_signed_in, only, signed_in

MATRIX = {
    "record:timeline": {"GET": only(200, ["mentee2", "mentor"])},
    "record:record": {"GET": signed_in(200)},
    "record:record_markdown": {"GET": signed_in(200)},
    "GET /api/mentorships/{relationship_id}/timeline": {
        "GET": api_only(200, ["mentee2", "mentor"])},
    "GET /api/me/record": {"GET": api_signed_in(200)},
}
