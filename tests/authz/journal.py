"""Journal entries and notes. The matrix's objects are Noah's (mentee2): an entry and a
note shared in his mentorship with Marta (mentor), who reads them but may not change
them (403); private ones are his alone: everyone else, Marta included, gets 404."""

from __future__ import annotations

from tests.authz import api_only, api_signed_in, only, signed_in

PARTIES = ["mentee2", "mentor"]

ARGS = {
    "journal_entry_id": lambda o: o["journal_entry"].pk,
    "journal_note_id": lambda o: o["journal_note"].pk,
}

MATRIX = {
    "journal:list": {"GET": signed_in(200)},
    "journal:new": {"GET": signed_in(200), "POST": signed_in(400)},  # empty form: errors
    "journal:entry": {"GET": only(200, PARTIES)},
    "journal:edit": {"GET": only(200, ["mentee2"]) | {"mentor": 403},
                     "POST": only(400, ["mentee2"]) | {"mentor": 403}},
    "journal:delete": {"POST": only(302, ["mentee2"]) | {"mentor": 403},
                       "GET": only(405, [], others=405)},
    "journal:shared": {"GET": only(200, PARTIES)},
    "journal:notes": {"GET": only(200, PARTIES), "POST": only(400, PARTIES)},
    "journal:note_edit": {"GET": only(200, ["mentee2"]) | {"mentor": 403},
                          "POST": only(400, ["mentee2"]) | {"mentor": 403}},
    "journal:note_delete": {"POST": only(302, ["mentee2"]) | {"mentor": 403},
                            "GET": only(405, [], others=405)},
    "GET /api/journal": {"GET": api_signed_in(200)},
    "POST /api/journal": {"POST": api_signed_in(422)},  # empty body: title required
    "GET /api/journal/{journal_entry_id}": {"GET": api_only(200, PARTIES)},
    "PATCH /api/journal/{journal_entry_id}": {
        "PATCH": api_only(200, ["mentee2"]) | {"mentor": 403}},
    "DELETE /api/journal/{journal_entry_id}": {
        "DELETE": api_only(204, ["mentee2"]) | {"mentor": 403}},
    "GET /api/mentorships/{relationship_id}/journal": {"GET": api_only(200, PARTIES)},
    "GET /api/mentorships/{relationship_id}/notes": {"GET": api_only(200, PARTIES)},
    "POST /api/mentorships/{relationship_id}/notes": {"POST": api_signed_in(422)},
    "GET /api/notes/{journal_note_id}": {"GET": api_only(200, PARTIES)},
    "PATCH /api/notes/{journal_note_id}": {
        "PATCH": api_only(200, ["mentee2"]) | {"mentor": 403}},
    "DELETE /api/notes/{journal_note_id}": {
        "DELETE": api_only(204, ["mentee2"]) | {"mentor": 403}},
}

# The private ones: the other party of the mentorship gets 404 like everyone else.
_private_entry = {"journal_entry_id": lambda o: o["journal_private_entry"].pk}
_private_note = {"journal_note_id": lambda o: o["journal_private_note"].pk}
PRIVATE_OBJECT_CASES = {
    "journal:entry": (_private_entry, {"GET": only(200, ["mentee2"])}),
    "journal:edit": (_private_entry, {"GET": only(200, ["mentee2"])}),
    "GET /api/journal/{journal_entry_id}": (_private_entry,
                                            {"GET": api_only(200, ["mentee2"])}),
    "DELETE /api/journal/{journal_entry_id}": (_private_entry,
                                               {"DELETE": api_only(204, ["mentee2"])}),
    "journal:note_edit": (_private_note, {"GET": only(200, ["mentee2"]),
                                          "POST": only(400, ["mentee2"])}),
    "journal:note_delete": (_private_note, {"POST": only(302, ["mentee2"])}),
    "GET /api/notes/{journal_note_id}": (_private_note, {"GET": api_only(200, ["mentee2"])}),
    "PATCH /api/notes/{journal_note_id}": (_private_note,
                                           {"PATCH": api_only(200, ["mentee2"])}),
    "DELETE /api/notes/{journal_note_id}": (_private_note,
                                            {"DELETE": api_only(204, ["mentee2"])}),
}


def objects(personas, base) -> dict:
    from tandem.journal.services import entry_create, note_create

    noah, rel = personas.mentee2, base["relationship"]
    return {
        "journal_entry": entry_create(actor=noah, title="Learned ownership", body="Shared.",
                                      visibility="shared", relationship_id=rel.pk),
        "journal_private_entry": entry_create(actor=noah, title="Just for me", body="Mine."),
        "journal_note": note_create(actor=noah, relationship=rel, body="For us both",
                                    visibility="shared"),
        "journal_private_note": note_create(actor=noah, relationship=rel, body="For me"),
    }
