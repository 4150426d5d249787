"""Conversations: the thread of the Noah (mentee2) and Marta (mentor) mentorship, with a
message Marta wrote. Only the pair see anything; everyone else, coordinators and staff
included, gets 404. Editing and deleting are the author's: Noah sees the message, so he
gets 403."""

from __future__ import annotations

from tests.authz import api_only, api_signed_in, only, signed_in

PAIR = ["mentee2", "mentor"]

ARGS = {
    "message_id": lambda o: o["conversation_message"].pk,
}

MATRIX = {
    "conversations:inbox": {"GET": signed_in(200)},
    # An empty message: the pair get the page back with the error.
    "conversations:thread": {"GET": only(200, PAIR), "POST": only(400, PAIR)},
    "conversations:poll": {"GET": only(200, PAIR)},
    "conversations:edit": {"GET": only(200, ["mentor"]) | {"mentee2": 403},
                           "POST": only(400, ["mentor"]) | {"mentee2": 403}},
    "conversations:delete": {"POST": only(302, ["mentor"]) | {"mentee2": 403}},
    "GET /api/conversations": {"GET": api_signed_in(200)},
    "GET /api/mentorships/{relationship_id}/messages": {"GET": api_only(200, PAIR)},
    "POST /api/mentorships/{relationship_id}/messages": {"POST": api_only(201, PAIR)},
    "POST /api/mentorships/{relationship_id}/messages/read": {"POST": api_only(200, PAIR)},
    # Without ?q= the search says what is missing; it only ever searches one's own.
    "GET /api/messages/search": {"GET": api_signed_in(422)},
    "GET /api/messages/{message_id}": {"GET": api_only(200, PAIR)},
    "PATCH /api/messages/{message_id}": {"PATCH": api_only(200, ["mentor"]) | {"mentee2": 403}},
    "DELETE /api/messages/{message_id}": {
        "DELETE": api_only(204, ["mentor"]) | {"mentee2": 403}},
}

JSON_BODIES = {
    "POST /api/mentorships/{relationship_id}/messages": {"body": "Hello from the matrix"},
    "PATCH /api/messages/{message_id}": {"body": "Changed"},
}


def objects(personas, base) -> dict:
    from tandem.conversations.services import message_post

    return {
        "conversation_message": message_post(actor=personas.mentor,
                                             relationship=base["relationship"],
                                             body="Hello Noah, how is the Rust book going?"),
    }
