"""Authorization matrix entries for the privacy app (see tests/authz/__init__.py).

Everything here is about the signed-in person's own data, so every persona gets the same
answer. The deletion cases send a wrong confirmation: nobody is erased by the matrix."""

from tests.authz import api_signed_in, signed_in

MATRIX = {
    "privacy:data": {"GET": signed_in(200)},
    "privacy:export": {"GET": signed_in(405), "POST": signed_in(200)},
    "privacy:erase": {"GET": signed_in(200), "POST": signed_in(400)},
    "GET /api/me/export": {"GET": api_signed_in(200)},
    "DELETE /api/me": {"DELETE": api_signed_in(422)},
}

JSON_BODIES = {"DELETE /api/me": {"confirmation": "not my email"}}


def objects(personas, base):
    return {}
