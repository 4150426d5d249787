"""The notification center's new routes. The matrix's notification belongs to Mia
(mentee): only she may mark it read or unread, everyone else gets 404. The unsubscribe
link (Mia's, for meetings) works for anyone who holds it, signed in or not: the signature
is the proof, and all it can do is turn one type of email off."""

from __future__ import annotations

from tests.authz import api_only, everyone, only


def _token(o):
    from tandem.notifications.services import unsubscribe_token

    return unsubscribe_token(o["notification"].recipient, "meetings")


ARGS = {"unsubscribe_token": _token}

MATRIX = {
    "notifications:mark_read": {"POST": only(302, ["mentee"])},
    "notifications:mark_unread": {"POST": only(302, ["mentee"])},
    "notifications:unsubscribe": {"GET": everyone(200), "POST": everyone(200)},
    "POST /api/notifications/{notification_id}/unread": {"POST": api_only(200, ["mentee"])},
}

# A link whose signature does not match answers 400 to everyone.
PRIVATE_OBJECT_CASES = {
    "notifications:unsubscribe": ({"unsubscribe_token": lambda o: _token(o)[:-2] + "xx"},
                                  {"GET": everyone(400), "POST": everyone(400)}),
}
