""""Suggested for you" (the directory page's card is covered by "directory:mentors").

Every signed-in person may ask; the answer is about themselves only (a mentee gets their
suggestions, anyone else an explanation), so there is nothing of another's to reach.
"""

from tests.authz import api_signed_in

MATRIX = {
    "GET /api/directory/suggestions": {"GET": api_signed_in(200)},
}


def objects(personas, base) -> dict:
    return {}
