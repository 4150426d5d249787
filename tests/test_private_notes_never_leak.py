"""A private note and a private journal entry are read by their author alone.

Noah (mentee2) writes both in his mentorship with Marta (mentor), with marker strings
found nowhere else. Then every persona, anonymous included, opens every page and every
GET operation in the authorization matrix (with the matrix's objects, and again with
Noah's private note and entry as the object arguments), and staff open every admin list:
the markers appear in no answer except Noah's own, in no log line, in no audit entry's
data, in no one else's notification and in no email."""

from __future__ import annotations

import json
import logging

import pytest
from django.core import mail

from conftest import PERSONA_NAMES
from tests.test_authorization_matrix import (  # noqa: F401 - objects is a fixture
    MATRIX,
    _path,
    objects,
    url_routes,
)

NOTE_MARKER = "quokka-umbrella-4471-note"
ENTRY_MARKER = "quokka-umbrella-4471-entry"
TAG_MARKER = "quokka4471tag"
MARKERS = (NOTE_MARKER, ENTRY_MARKER, TAG_MARKER)
AUTHOR = "mentee2"


def _leaked(text: str) -> list[str]:
    return [m for m in MARKERS if m in text]


def _get_routes():
    return sorted(key for key, methods in MATRIX.items() if "GET" in methods)


def _admin_routes():
    return ["/" + route for name, route in url_routes()
            if name.startswith("admin:") and "<" not in route and "(?P" not in route
            and name not in {"admin:logout", "admin:login"}]


@pytest.fixture
def private_things(personas, objects):  # noqa: F811 - the imported fixture
    from tandem.journal.services import entry_create, note_create

    noah, rel = personas.mentee2, objects["relationship"]
    note = note_create(actor=noah, relationship=rel,
                       body=f"I doubt I am good enough. {NOTE_MARKER}")
    entry = entry_create(actor=noah, title=f"Hard week {ENTRY_MARKER}",
                         body=f"Nobody must read this. {ENTRY_MARKER}", tags=[TAG_MARKER],
                         goal_ids=[noah.career_goals.first().pk])
    return {"note": note, "entry": entry}


def test_it_never_shows_a_private_note_or_entry_to_anyone_but_its_author(
        personas, objects, private_things, client_for, caplog):  # noqa: F811
    caplog.set_level(logging.DEBUG)
    override = {"journal_note_id": lambda o: private_things["note"].pk,
                "journal_entry_id": lambda o: private_things["entry"].pk}
    paths = set()
    for key in _get_routes():
        paths.add(_path(key, objects, None))
        paths.add(_path(key, objects, override))
    assert f"/mentorships/{objects['relationship'].pk}/notes/" in paths
    assert f"/api/notes/{private_things['note'].pk}" in paths
    assert f"/journal/{private_things['entry'].pk}/" in paths

    author_saw = set()
    for persona in PERSONA_NAMES:
        client = client_for(personas.get(persona))
        visited = sorted(paths) + (_admin_routes() if persona == "staff" else [])
        for path in visited:
            body = client.get(path).content.decode(errors="replace")
            found = _leaked(body)
            if persona == AUTHOR:
                author_saw.update(found)
            else:
                assert not found, f"{path} shows {found} to {persona}"
    # The test can fail: the author does find all three where they belong.
    assert author_saw == set(MARKERS)

    assert not _leaked(caplog.text), "a private marker was written to the log"
    from tandem.core.models import AuditEntry

    audit = [json.dumps(e.data) + e.target_type + e.target_id + e.action
             for e in AuditEntry.objects.all()]
    assert any("journal.note.created" in line for line in audit)
    assert not _leaked("\n".join(audit)), "a private marker is in the audit log"
    from tandem.notifications.models import Notification

    notes = [f"{n.title} {n.body} {n.url}" for n in Notification.objects.all()]
    assert not _leaked("\n".join(notes))
    assert not _leaked("\n".join(f"{m.subject} {m.body}" for m in mail.outbox))


def test_it_keeps_private_notes_out_of_the_admin():
    """The admin does not list notes or journal entries at all, so staff cannot browse
    them (the walk above opens every admin list as staff)."""
    from django.contrib import admin

    from tandem.journal.models import JournalEntry, JournalTag, Note

    for model in (Note, JournalEntry, JournalTag):
        assert not admin.site.is_registered(model)
