from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.accounts.models import Profile
from tandem.core.errors import Conflict, ValidationFailed
from tandem.mentorships import selectors, services
from tandem.notifications.models import Notification


def test_it_pauses_and_resumes_telling_the_other_party(relationship):
    rel = relationship
    until = timezone.localdate() + timedelta(days=10)
    services.relationship_pause(actor=rel.mentee, relationship=rel, until=until, reason="Exams")
    assert rel.state == "paused"
    note = Notification.objects.get(recipient=rel.mentor, kind="relationship.paused")
    assert "paused your mentorship until" in note.title and note.body == "Exams"
    with pytest.raises(Conflict):
        services.relationship_pause(actor=rel.mentor, relationship=rel)
    assert services.relationships_resume_due(today=until - timedelta(days=1)) == 0
    assert services.relationships_resume_due(today=until) == 1
    rel.refresh_from_db()
    assert rel.state == "active" and rel.paused_until is None


def test_it_refuses_a_resume_date_in_the_past(relationship):
    with pytest.raises(ValidationFailed, match="future"):
        services.relationship_pause(actor=relationship.mentor, relationship=relationship,
                                    until=timezone.localdate())


def test_it_frees_the_mentors_place_when_the_mentorship_closes(relationship):
    assert Profile.objects.get(user=relationship.mentor).places_taken == 1
    services.relationship_complete(actor=relationship.mentor, relationship=relationship)
    assert Profile.objects.get(user=relationship.mentor).places_taken == 0
    with pytest.raises(Conflict):
        services.relationship_end_early(actor=relationship.mentee, relationship=relationship,
                                        reason="Twice")


def test_it_needs_a_reason_to_end_early(relationship, client_for):
    response = client_for(relationship.mentee).post(
        f"/mentorships/{relationship.pk}/end/", {"reason": "", "confirm": "yes"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    relationship.refresh_from_db()
    assert relationship.state == "active"
    client_for(relationship.mentee).post(f"/mentorships/{relationship.pk}/end/",
                                         {"reason": "I changed jobs.", "confirm": "yes"})
    relationship.refresh_from_db()
    assert relationship.state == "ended_early" and relationship.end_reason == "I changed jobs."


def test_it_shows_each_party_their_reflection_and_the_others_only_when_both_wrote(
        relationship, api_client):
    rel = relationship
    with pytest.raises(Conflict, match="has closed"):
        services.reflection_submit(actor=rel.mentee, relationship=rel, achieved="x", rating=5,
                                   would_recommend=True)
    services.relationship_complete(actor=rel.mentee, relationship=rel)
    services.reflection_submit(actor=rel.mentee, relationship=rel, achieved="I lead a team now.",
                               rating=5, would_recommend=True,
                               private_remark="Marta was always late.")
    seen = api_client(rel.mentor).get(f"/api/mentorships/{rel.pk}/reflections").json()
    assert seen == {"mine": None, "other": None, "other_written": True}
    response = api_client(rel.mentor).post(f"/api/mentorships/{rel.pk}/reflections", {
        "achieved": "Mia grew fast.", "rating": 4, "would_recommend": True,
        "private_remark": "Mia could prepare more."})
    assert response.status_code == 201
    body = response.json()
    assert body["other"] == {"achieved": "I lead a team now.", "rating": 5,
                             "would_recommend": True}
    assert "late" not in str(body)  # never the other party's private remark
    mentee_view = api_client(rel.mentee).get(f"/api/mentorships/{rel.pk}/reflections").json()
    assert "prepare more" not in str(mentee_view)
    assert mentee_view["mine"]["private_remark"] == "Marta was always late."
    with pytest.raises(Conflict, match="already"):
        services.reflection_submit(actor=rel.mentee, relationship=rel, achieved="again",
                                   rating=3, would_recommend=False)


@pytest.mark.parametrize("rating", [0, 6, True])
def test_it_takes_ratings_from_1_to_5(relationship, rating):
    services.relationship_complete(actor=relationship.mentee, relationship=relationship)
    with pytest.raises(ValidationFailed, match="1 to 5"):
        services.reflection_submit(actor=relationship.mentee, relationship=relationship,
                                   achieved="Done", rating=rating, would_recommend=True)


def test_it_offers_a_mentee_who_completed_to_become_a_mentor(relationship, client_for):
    services.relationship_complete(actor=relationship.mentor, relationship=relationship)
    client = client_for(relationship.mentee)
    page = client.get(f"/mentorships/{relationship.pk}/").content.decode()
    assert "Pay it forward" in page
    form = client.get("/become-a-mentor/").content.decode()
    assert 'value="Python"' in form  # pre-filled with the skills they grew
    response = client.post("/become-a-mentor/", {"skills": "Python, Leadership", "capacity": "2"})
    assert response.status_code == 302
    profile = Profile.objects.get(user=relationship.mentee)
    assert profile.is_mentor and profile.mentor_capacity == 2 and profile.open_to_requests
    assert sorted(t.name for t in profile.skills_offered.all()) == ["Leadership", "Python"]


def test_it_lists_my_mentorships_with_what_needs_attention(relationship, client_for,
                                                           query_budget, personas):
    rel = relationship
    rows = list(selectors.relationships_of(rel.mentee))
    assert selectors.attention_items(rows[0]) == ["Agreement pending", "Confirm the agreement"]
    page = client_for(rel.mentor).get("/mentorships/").content.decode()
    assert "Mia Mentee" in page and "Confirm the agreement" in page

    from tandem.accounts.tests.factories import make_mentee
    from tandem.mentorships.services import request_accept, request_create

    def make(n):
        for _ in range(n):
            mentee = make_mentee()
            req = request_create(actor=mentee, mentor=personas.mentor2, message="Hello!")
            request_accept(actor=personas.mentor2, request=req)

    from tandem.accounts.services import profile_update

    profile_update(actor=personas.mentor2, profile=personas.mentor2.profile,
                   changes={"mentor_capacity": 20})
    client = client_for(personas.mentor2)
    query_budget(make=make, call=lambda: client.get("/mentorships/"), small=3, large=15)


def test_it_pauses_for_at_most_six_months(relationship, client_for):
    rel = relationship
    today = timezone.localdate()
    with pytest.raises(ValidationFailed, match="Pause for at most six months.") as exc:
        services.relationship_pause(actor=rel.mentee, relationship=rel,
                                    until=today + timedelta(days=181))
    assert exc.value.field == "until"
    response = client_for(rel.mentee).post(
        f"/mentorships/{rel.pk}/pause/",
        {"until": (today + timedelta(days=3650)).isoformat(), "confirm": "yes"})
    assert response.status_code == 400
    assert "Pause for at most six months." in response.content.decode()
    rel.refresh_from_db()
    assert rel.state == "active"
    services.relationship_pause(actor=rel.mentee, relationship=rel,
                                until=today + timedelta(days=180))
    assert rel.state == "paused"


def test_it_resumes_at_the_start_of_the_date_in_utc(relationship, settings, monkeypatch):
    from datetime import UTC, datetime

    from django.utils import timezone as django_timezone

    rel = relationship
    noon = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    monkeypatch.setattr(django_timezone, "now", lambda: noon)
    tomorrow = noon.date() + timedelta(days=1)
    services.relationship_pause(actor=rel.mentee, relationship=rel, until=tomorrow)
    # At noon UTC it is already tomorrow on Kiritimati (UTC+14); the resume date is read
    # in UTC whatever the server's timezone.
    settings.TIME_ZONE = "Pacific/Kiritimati"
    assert services.relationships_resume_due() == 0
    monkeypatch.setattr(django_timezone, "now", lambda: noon + timedelta(hours=12))
    assert services.relationships_resume_due() == 1


@pytest.mark.parametrize("payload,field", [
    ({"achieved": "Grew.", "rating": "3", "would_recommend": True}, "rating"),
    ({"achieved": "Grew.", "rating": 3.0, "would_recommend": True}, "rating"),
    ({"achieved": "Grew.", "rating": 3, "would_recommend": "yes"}, "would_recommend"),
    ({"achieved": "Grew.", "rating": 3, "would_recommend": 1}, "would_recommend"),
    ({"achieved": "Grew.", "rating": 3, "would_recommend": True, "public": True}, "public"),
])
def test_it_refuses_a_loose_reflection_over_the_api(relationship, api_client, payload, field):
    from tandem.mentorships.models import Reflection

    services.relationship_complete(actor=relationship.mentee, relationship=relationship)
    response = api_client(relationship.mentee).post(
        f"/api/mentorships/{relationship.pk}/reflections", payload)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert not Reflection.objects.exists()


@pytest.mark.parametrize("action,payload,field", [
    ("pause", {"until": None, "reason": "Exams", "silent": True}, "silent"),
    ("end", {"reason": "Moving on", "notify": False}, "notify"),
])
def test_it_refuses_unknown_fields_when_pausing_or_ending(relationship, api_client, action,
                                                          payload, field):
    response = api_client(relationship.mentee).post(
        f"/api/mentorships/{relationship.pk}/{action}", payload)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    relationship.refresh_from_db()
    assert relationship.state == "active"


def test_it_refuses_a_loose_capacity_when_becoming_a_mentor(personas, api_client):
    response = api_client(personas.mentee).post("/api/me/become-mentor",
                                                {"skills": ["Python"], "capacity": "2"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "capacity"
    response = api_client(personas.mentee).post("/api/me/become-mentor",
                                                {"skills": ["Python"], "free": True})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "free"
    assert not Profile.objects.get(user=personas.mentee).is_mentor
