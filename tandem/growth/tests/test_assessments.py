"""Strengths and growth areas: each party's dated snapshots, side by side, with history."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.core.errors import Conflict, ValidationFailed
from tandem.growth import services
from tandem.growth.models import AssessmentSnapshot
from tandem.notifications.models import Notification


def save(rel, author, strengths, growth=()):
    return services.assessment_save(
        actor=author, relationship=rel,
        strengths=[{"name": n, "note": ""} for n in strengths],
        growth_areas=[{"name": n, "note": ""} for n in growth])


def test_it_shows_both_views_side_by_side_and_keeps_each_snapshot(personas, rel, client_for):
    mia = client_for(personas.mentee)
    url = f"/mentorships/{rel.pk}/strengths/"
    response = mia.post(f"{url}update/", {
        "strengths_0_name": "Debugging", "strengths_0_note": "Calm under pressure",
        "growth_areas_0_name": "Public speaking"})
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=personas.mentor,
                                       kind="assessment.saved").exists()
    save(rel, rel.mentor, ["Follow-through"], ["Saying no"])
    page = client_for(personas.mentor).get(url).content.decode()
    assert "Debugging" in page and "Calm under pressure" in page and "Follow-through" in page
    assert page.index("Debugging") < page.index("Follow-through")  # mentee's column first
    # The update form starts from the author's latest snapshot.
    form = mia.get(f"{url}update/").content.decode()
    assert 'value="Debugging"' in form and "Follow-through" not in form
    mia.post(f"{url}update/", {"strengths_0_name": "Debugging",
                               "strengths_1_name": "Explaining trade-offs"})
    assert AssessmentSnapshot.objects.filter(author=rel.mentee).count() == 2


def test_it_shows_what_was_added_dropped_and_kept(personas, rel, client_for, api_client):
    first = save(rel, rel.mentee, ["Debugging", "Python"], ["Public speaking"])
    AssessmentSnapshot.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - timedelta(weeks=4))
    save(rel, rel.mentee, ["debugging", "Explaining trade-offs"], ["Public speaking"])
    page = client_for(personas.mentor).get(
        f"/mentorships/{rel.pk}/strengths/history/").content.decode()
    assert "+ Explaining trade-offs" in page and "<s>Python</s>" in page
    assert "kept all 1" in page
    body = api_client(personas.mentor).get(f"/api/mentorships/{rel.pk}/assessments").json()
    latest = body["mentee"]
    assert [i["name"] for i in latest["strengths"]] == ["debugging", "Explaining trade-offs"]
    assert latest["strengths_changes"] == {"added": ["Explaining trade-offs"],
                                           "dropped": ["Python"], "kept": ["debugging"]}
    assert body["mentor"] is None and len(body["history"]) == 2


def test_it_lets_each_party_write_only_their_own(personas, rel, api_client):
    response = api_client(personas.mentor).post(
        f"/api/mentorships/{rel.pk}/assessments",
        {"strengths": [{"name": "Curiosity", "note": "Asks why"}], "growth_areas": []})
    assert response.status_code == 201
    assert response.json()["role"] == "mentor" and response.json()["author_id"] == rel.mentor_id
    for persona in (personas.outsider, personas.coordinator, personas.staff, personas.mentee2):
        client = api_client(persona)
        assert client.get(f"/api/mentorships/{rel.pk}/assessments").status_code == 404
        assert client.post(f"/api/mentorships/{rel.pk}/assessments",
                           {"strengths": [{"name": "X"}]}).status_code == 404


@pytest.mark.parametrize("payload,field", [
    ({}, "strengths"),
    ({"strengths": [{"name": ""}]}, "strengths[0].name"),
    ({"strengths": [{"name": "x" * 121}]}, "strengths[0].name"),
    ({"strengths": [{"name": "A", "note": "n" * 1001}]}, "strengths[0].note"),
    ({"strengths": [{"name": "A"}, {"name": "a"}]}, "strengths[1].name"),
    ({"growth_areas": [{"name": "A\x00"}]}, "growth_areas"),
    ({"strengths": [{"name": f"S{i}"} for i in range(11)]}, "strengths"),
    ({"strengths": [{"name": 5}]}, "strengths.0.name"),
    ({"strengths": "lots"}, "strengths"),
])
def test_it_names_the_bad_field(personas, rel, api_client, payload, field):
    response = api_client(personas.mentee).post(f"/api/mentorships/{rel.pk}/assessments",
                                                payload)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert not AssessmentSnapshot.objects.exists()


def test_it_puts_errors_on_the_right_row_of_the_form(personas, rel, client_for):
    response = client_for(personas.mentee).post(f"/mentorships/{rel.pk}/strengths/update/", {
        "strengths_1_note": "A note without a name"})
    assert response.status_code == 400
    assert "Name it." in response.content.decode()
    assert not AssessmentSnapshot.objects.exists()


def test_it_keeps_a_closed_mentorships_assessments_readable_only(personas, rel, client_for):
    from tandem.mentorships.services import relationship_complete

    save(rel, rel.mentee, ["Python"])
    relationship_complete(actor=rel.mentee, relationship=rel)
    with pytest.raises(Conflict):
        save(rel, rel.mentor, ["Grit"])
    assert "Python" in client_for(personas.mentor).get(
        f"/mentorships/{rel.pk}/strengths/").content.decode()
    with pytest.raises(ValidationFailed):
        services.assessment_save(actor=personas.outsider, relationship=rel,
                                 strengths=[{"name": "X"}])


def test_it_shows_the_strengths_page_at_a_constant_cost(personas, rel, client_for,
                                                        query_budget):
    client = client_for(personas.mentee)

    def make(n):
        for i in range(n):
            save(rel, rel.mentee if i % 2 else rel.mentor, [f"S{i}", "Python"], [f"G{i}"])

    def call():
        for path in ("", "history/", "update/"):
            assert client.get(f"/mentorships/{rel.pk}/strengths/{path}").status_code == 200
        assert client.get(f"/api/mentorships/{rel.pk}/assessments").status_code == 200

    query_budget(make=make, call=call, small=3, large=15)
