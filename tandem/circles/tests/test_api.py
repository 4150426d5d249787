"""The circles API: the same rules as the pages, the one error shape."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_a_circle_is_started_joined_and_used_through_the_api(personas, api_client):
    marta, noah = api_client(personas.mentor), api_client(personas.mentee2)
    made = marta.post("/api/circles", {"topic": "Rust in production", "mentor_led": True,
                                       "size_limit": 3, "join_mode": "request"})
    assert made.status_code == 201, made.content
    circle_id = made.json()["id"]
    asked = noah.post(f"/api/circles/{circle_id}/requests", {"message": "Me please"})
    assert asked.status_code == 201 and asked.json()["status"] == "requested"
    decided = marta.post(f"/api/circle-memberships/{asked.json()['id']}/decide",
                         {"accept": True})
    assert decided.json()["status"] == "active"
    first = (timezone.now() + timedelta(days=2)).isoformat()
    planned = marta.post(f"/api/circles/{circle_id}/meetings",
                         {"first_at": first, "count": 2, "every_weeks": 1})
    assert planned.status_code == 201 and len(planned.json()) == 2
    meeting_id = planned.json()[0]["id"]
    assert noah.post(f"/api/circle-meetings/{meeting_id}/agenda",
                     {"text": "Error handling"}).status_code == 201
    notes = noah.put(f"/api/circle-meetings/{meeting_id}/notes", {"text": "Use anyhow."})
    assert notes.json()["notes"][0]["text"] == "Use anyhow."
    posted = noah.post(f"/api/circles/{circle_id}/posts", {"body": "Hello **all**"})
    assert posted.status_code == 201
    page = marta.get(f"/api/circles/{circle_id}/posts").json()
    assert [p["body"] for p in page["posts"]] == ["Hello **all**"] and not page["more"]
    newer = marta.get(f"/api/circles/{circle_id}/posts", {"after": posted.json()["id"]})
    assert newer.json()["posts"] == []
    left = noah.post(f"/api/circles/{circle_id}/leave", {})
    assert left.json()["status"] == "left"
    assert noah.get(f"/api/circles/{circle_id}/posts").status_code == 404


def test_bad_input_names_the_field(personas, api_client):
    marta = api_client(personas.mentor)
    bad = marta.post("/api/circles", {"topic": "", "mentor_led": True, "size_limit": 1})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} >= {"topic", "size_limit"}
    unknown = marta.post("/api/circles", {"topic": "x", "colour": "red"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "colour"
    wrong_type = marta.post("/api/circles", {"topic": "x", "size_limit": "many"})
    assert wrong_type.status_code == 422


def test_leaders_only_and_full_circles_answer_clearly(personas, api_client, circle):
    noah = api_client(personas.mentee2)
    refused = noah.patch(f"/api/circles/{circle.pk}", {"topic": "Mine now"})
    assert refused.status_code == 403
    marta = api_client(personas.mentor)
    for person in (personas.mentee, personas.outsider):
        marta.post(f"/api/circles/{circle.pk}/invitations", {"user_id": person.pk})
        api_client(person).post(f"/api/circles/{circle.pk}/invitation", {"accept": True})
    marta.post(f"/api/circles/{circle.pk}/invitations", {"user_id": personas.coordinator.pk})
    full = api_client(personas.coordinator).post(f"/api/circles/{circle.pk}/invitation",
                                                 {"accept": True})
    assert full.status_code == 409 and "full" in full.json()["detail"]
