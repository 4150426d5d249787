from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.core.errors import Conflict, ValidationFailed
from tandem.journal import services
from tandem.journal.models import Note
from tandem.mentorships.services import relationship_complete
from tandem.notifications.models import Notification


def test_it_keeps_a_private_note_to_its_author_alone(personas, rel, client_for, api_client):
    mia, marta = personas.mentee, personas.mentor
    note = services.note_create(actor=mia, relationship=rel, body="I feel stuck on *scope*.")
    page = client_for(mia).get(f"/mentorships/{rel.pk}/notes/").content.decode()
    private_part = page.split('id="private-title"')[1].split('id="shared-title"')[0]
    assert "I feel stuck on <em>scope</em>." in private_part
    assert not Notification.objects.filter(recipient=marta).exclude(
        kind__startswith="request").exclude(kind__startswith="relationship").exists()
    assert "I feel stuck" not in client_for(marta).get(
        f"/mentorships/{rel.pk}/notes/").content.decode()
    assert api_client(marta).get(f"/api/mentorships/{rel.pk}/notes").json() == []
    # Its existence is never revealed: 404, never 403, for every other person.
    for other in (marta, personas.mentee2, personas.outsider, personas.coordinator,
                  personas.staff):
        assert client_for(other).get(f"/notes/{note.pk}/edit/").status_code == 404
        assert client_for(other).post(f"/notes/{note.pk}/delete/").status_code == 404
        assert client_for(other).post(f"/notes/{note.pk}/edit/", {
            "body": "x", "visibility": "shared"}).status_code == 404
        assert api_client(other).get(f"/api/notes/{note.pk}").status_code == 404
        assert api_client(other).patch(f"/api/notes/{note.pk}", {"body": "x"}).status_code == 404
        assert api_client(other).delete(f"/api/notes/{note.pk}").status_code == 404
    assert Note.objects.get().body == "I feel stuck on *scope*."
    assert api_client(mia).get(f"/api/notes/{note.pk}").json()["visibility"] == "private"


def test_it_shares_a_note_both_read_only_its_author_changes(personas, rel, client_for,
                                                           api_client):
    mia, marta = personas.mentee, personas.mentor
    response = client_for(marta).post(f"/mentorships/{rel.pk}/notes/", {
        "body": "Read *Radical Candor* before we meet.", "visibility": "shared"})
    assert response.status_code == 302
    note = Note.objects.get()
    assert Notification.objects.filter(recipient=mia, kind="note.shared").exists()
    page = client_for(mia).get(f"/mentorships/{rel.pk}/notes/").content.decode()
    shared_part = page.split('id="shared-title"')[1]
    assert "Radical Candor" in shared_part and "Marta Mentor" in shared_part
    assert f"/notes/{note.pk}/edit/" not in page  # not hers to edit
    assert client_for(mia).get(f"/notes/{note.pk}/edit/").status_code == 403
    assert client_for(mia).post(f"/notes/{note.pk}/delete/").status_code == 403
    assert api_client(mia).patch(f"/api/notes/{note.pk}", {"body": "x"}).status_code == 403
    assert api_client(mia).delete(f"/api/notes/{note.pk}").status_code == 403
    assert api_client(mia).get(f"/api/notes/{note.pk}").status_code == 200
    for other in (personas.mentee2, personas.outsider, personas.coordinator, personas.staff):
        assert client_for(other).get(f"/mentorships/{rel.pk}/notes/").status_code == 404
        assert api_client(other).get(f"/api/notes/{note.pk}").status_code == 404
    # Its author makes it private again: Mia no longer sees it.
    response = client_for(marta).post(f"/notes/{note.pk}/edit/", {
        "body": "Read it before we meet.", "visibility": "private"})
    assert response.status_code == 302
    assert api_client(mia).get(f"/api/notes/{note.pk}").status_code == 404
    assert client_for(marta).post(f"/notes/{note.pk}/delete/").status_code == 302
    assert not Note.objects.exists()


def test_it_tells_the_other_party_when_a_private_note_becomes_shared(personas, rel,
                                                                      api_client):
    mia = api_client(personas.mentee)
    created = mia.post(f"/api/mentorships/{rel.pk}/notes", {"body": "Draft thoughts"})
    assert created.status_code == 201 and created.json()["visibility"] == "private"
    assert not Notification.objects.filter(kind="note.shared").exists()
    patched = mia.patch(f"/api/notes/{created.json()['id']}", {"visibility": "shared"})
    assert patched.status_code == 200
    assert Notification.objects.filter(recipient=personas.mentor, kind="note.shared").exists()
    listing = api_client(personas.mentor).get(f"/api/mentorships/{rel.pk}/notes").json()
    assert [n["body"] for n in listing] == ["Draft thoughts"]


@pytest.mark.parametrize("payload,field", [
    ({"body": ""}, "body"),
    ({"body": "   "}, "body"),
    ({"body": "x" * 20001}, "body"),
    ({"body": "a\x00"}, "body"),
    ({"body": "ok", "visibility": "public"}, "visibility"),
    ({"body": 5}, "body"),
    ({"body": "ok", "extra": 1}, "extra"),
])
def test_it_refuses_bad_notes_naming_the_field(personas, rel, api_client, payload, field):
    response = api_client(personas.mentee).post(f"/api/mentorships/{rel.pk}/notes", payload)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert not Note.objects.exists()


def test_it_shows_bad_input_on_the_page_with_400(personas, rel, client_for):
    client = client_for(personas.mentee)
    response = client.post(f"/mentorships/{rel.pk}/notes/", {"body": "", "visibility": "x"})
    assert response.status_code == 400
    assert "nothing was saved" in response.content.decode()
    response = client.post(f"/mentorships/{rel.pk}/notes/", {"body": "a\x00b",
                                                              "visibility": "private"})
    assert response.status_code == 400
    assert not Note.objects.exists()
    assert client.post("/mentorships/99999999999999999999/notes/", {}).status_code == 404


def test_it_only_takes_private_notes_once_a_mentorship_has_closed(personas, rel, api_client):
    relationship_complete(actor=personas.mentee, relationship=rel)
    rel.refresh_from_db()
    note = services.note_create(actor=personas.mentee, relationship=rel, body="Looking back")
    with pytest.raises(Conflict):
        services.note_create(actor=personas.mentee, relationship=rel, body="x",
                             visibility="shared")
    with pytest.raises(Conflict):
        services.note_update(actor=personas.mentee, note=note, visibility="shared")
    response = api_client(personas.mentee).post(f"/api/mentorships/{rel.pk}/notes", {
        "body": "x", "visibility": "shared"})
    assert response.status_code == 409


def test_it_refuses_notes_by_someone_outside_the_mentorship(personas, rel):
    with pytest.raises(ValidationFailed):
        services.note_create(actor=personas.outsider, relationship=rel, body="Hi")


XSS = [
    "<script>alert('x')</script>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](java&#x09;script:alert(1))",
    "<javascript:alert(1)>",
    "<img src=x onerror=alert(1)>",
    "![x](x\" onerror=\"alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href=\"javascript:alert(1)\">x</a>",
    "[x]: javascript:alert(1)\n\n[link][x]",
    "<svg onload=alert(1)>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "[x](https://ok.example \"title\\\" onmouseover=alert(1)\")",
]


@pytest.mark.parametrize("body", XSS)
def test_it_makes_stored_xss_impossible(personas, rel, client_for, body):
    services.note_create(actor=personas.mentee, relationship=rel, body=body,
                         visibility="shared")
    services.entry_create(actor=personas.mentee, title="T", body=body, visibility="shared",
                          relationship_id=rel.pk)
    for path in (f"/mentorships/{rel.pk}/notes/", f"/mentorships/{rel.pk}/journal/"):
        html = client_for(personas.mentor).get(path).content.decode()
        tags = _tags_in(html.split('<main id="main"', 1)[1].split("</main>", 1)[0])
        assert not {name for name, _ in tags} & {"script", "iframe", "svg", "img", "object"}
        for _, attrs in tags:
            assert not [k for k, _ in attrs if k.startswith("on")]  # no event handler
            for key, value in attrs:
                if key in ("href", "src"):
                    assert not (value or "").strip().lower().startswith(
                        ("javascript:", "data:", "vbscript:"))


def _tags_in(html: str) -> list:
    """Every real element (name, attributes) of the HTML: text that merely looks like a
    tag, escaped or not, is not one."""
    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collect().feed(html)
    return found


def test_it_costs_the_same_queries_for_any_number_of_notes(personas, rel, client_for,
                                                           query_budget):
    def make(n):
        for i in range(n):
            services.note_create(actor=personas.mentee, relationship=rel, body=f"Mine {i}")
            services.note_create(actor=personas.mentor, relationship=rel, body=f"Ours {i}",
                                 visibility="shared")

    client = client_for(personas.mentee)
    query_budget(make=make, call=lambda: client.get(f"/mentorships/{rel.pk}/notes/"))


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(max_size=300), visibility=st.text(max_size=10))
def test_it_never_fails_on_any_note_text(personas, rel, client_for, body, visibility):
    response = client_for(personas.mentee).post(f"/mentorships/{rel.pk}/notes/", {
        "body": body, "visibility": visibility})
    assert response.status_code in (302, 400)
