"""The data page, the JSON export (page and API) and account deletion (page and API)."""

from __future__ import annotations

import json

import pytest

from tandem.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_it_shows_the_data_page(personas, client_for):
    response = client_for(personas.mentee).get("/me/data/")
    assert response.status_code == 200
    assert b"Download my data" in response.content
    assert response["Cache-Control"].startswith("max-age=0")


def test_it_downloads_the_export_as_a_json_file(personas, client_for):
    response = client_for(personas.mentee).post("/me/data/export.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    document = json.loads(response.content)
    assert document["format"] == "tandem-export"
    assert document["format_version"] == 1
    assert document["generated_at"]
    assert document["data"]["accounts"]["account"]["email"] == "mia@example.com"
    titles = {g["title"] for g in document["data"]["accounts"]["career_goals"]}
    assert titles == {"Lead a team", "Speak at a conference"}
    assert document["record_markdown"].startswith("# Development record: Mia Mentee")
    assert AuditEntry.objects.filter(action="privacy.export", actor=personas.mentee).count() == 1


def test_it_exports_through_the_api(personas, api_client):
    response = api_client(personas.mentee).get("/api/me/export")
    assert response.status_code == 200
    body = response.json()
    assert body["user_id"] == personas.mentee.pk
    assert "journal" in body["data"] and "notifications" in body["data"]


def test_it_asks_for_sign_in(client, api_client):
    assert client.get("/me/data/").status_code == 302
    assert api_client(None).get("/api/me/export").status_code == 401
    assert api_client(None).delete("/api/me").status_code == 401


def test_it_refuses_deletion_without_the_right_confirmation(personas, client_for, api_client):
    c = client_for(personas.mentee)
    response = c.post("/me/delete/", {"confirmation": "someone@else.example"})
    assert response.status_code == 400
    assert b"Type your email address or your password" in response.content
    response = api_client(personas.mentee).c.delete(
        "/api/me", data=json.dumps({"confirmation": "nope"}), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "confirmation"
    personas.mentee.refresh_from_db()
    assert personas.mentee.is_active


def test_it_refuses_unknown_keys_and_a_missing_confirmation(personas, api_client):
    c = api_client(personas.mentee).c
    response = c.delete("/api/me", data=json.dumps({"confirmation": "mia@example.com",
                                                    "extra": 1}),
                        content_type="application/json")
    assert response.status_code == 422
    response = c.delete("/api/me", data=json.dumps({}), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "confirmation"


def test_it_deletes_the_account_from_the_page_and_signs_out(personas, client_for):
    c = client_for(personas.mentee)
    response = c.post("/me/delete/", {"confirmation": "MIA@example.com"})
    assert response.status_code == 302
    assert c.get("/me/data/").status_code == 302  # signed out
    from tandem.accounts.models import User

    assert not User.objects.filter(email="mia@example.com").exists()
    entry = AuditEntry.objects.get(action="privacy.erasure")
    assert entry.actor_label == ""
    assert "mia" not in json.dumps(entry.data).lower()


def test_it_deletes_the_account_through_the_api(personas, api_client):
    client = api_client(personas.mentor)
    response = client.c.delete("/api/me", data=json.dumps({"confirmation": "marta@example.com"}),
                               content_type="application/json")
    assert response.status_code == 204
    assert client.get("/api/me/export").status_code == 401


def test_it_answers_the_account_and_the_deletion_on_one_path(personas, api_client):
    # GET /api/me is the accounts router's, DELETE /api/me this app's: one path, both.
    client = api_client(personas.mentee)
    assert client.get("/api/me").json()["email"] == "mia@example.com"
    response = client.c.put("/api/me", data="{}", content_type="application/json")
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "DELETE"}


def test_the_export_costs_the_same_queries_with_more_data(personas, client_for, query_budget):
    from tandem.journal.services import entry_create, note_create
    from tandem.mentorships.services import request_accept, request_create

    mia = personas.mentee
    rel = request_accept(actor=personas.mentor, request=request_create(
        actor=mia, mentor=personas.mentor, message="Hello"))
    c = client_for(mia)
    made = [0]

    def make(n):
        for _ in range(n):
            made[0] += 1
            entry_create(actor=mia, title=f"Entry {made[0]}", body="Text", tags=["t"])
            note_create(actor=mia, relationship=rel, body=f"Note {made[0]}")

    query_budget(make=make, call=lambda: c.post("/me/data/export.json"), small=2, large=12)
