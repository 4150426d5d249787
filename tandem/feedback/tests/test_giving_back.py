"""Giving back: the mentee's feedback to the mentor, contributions, and kudos on the
mentor's public page only with the mentee's consent."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.core.errors import Forbidden, ValidationFailed
from tandem.feedback import services
from tandem.feedback.models import Contribution, MentorFeedback
from tandem.notifications.models import Notification


def thank(rel, **kwargs):
    args = {"what_helped": "The mock interviews made me calm.", **kwargs}
    return services.mentor_feedback_give(actor=rel.mentee, relationship=rel, **args)


def test_it_gives_the_mentor_feedback_and_tells_them(mentorship, api_client):
    response = api_client(mentorship.mentee).post(
        f"/api/mentorships/{mentorship.pk}/mentor-feedback",
        {"what_helped": "Clear, honest advice.", "could_be_better": "More time on CVs."})
    assert response.status_code == 201
    assert response.json()["kudos_consent"] is False
    assert Notification.objects.filter(recipient=mentorship.mentor,
                                       kind="feedback.mentor_feedback").exists()
    seen = api_client(mentorship.mentor).get(
        f"/api/mentorships/{mentorship.pk}/mentor-feedback").json()
    assert seen[0]["could_be_better"] == "More time on CVs."


def test_it_needs_at_least_one_of_the_two(mentorship):
    with pytest.raises(ValidationFailed) as exc:
        thank(mentorship, what_helped=" ", could_be_better="")
    assert {e["field"] for e in exc.value.errors} == {"what_helped", "could_be_better"}
    with pytest.raises(ValidationFailed) as exc:
        thank(mentorship, what_helped="", could_be_better="Be on time", kudos_consent=True)
    assert exc.value.field == "kudos_consent"
    with pytest.raises(ValidationFailed) as exc:
        thank(mentorship, what_helped="x" * 4001)
    assert exc.value.field == "what_helped"
    with pytest.raises(ValidationFailed) as exc:
        thank(mentorship, could_be_better="\x00")
    assert exc.value.field == "could_be_better"
    assert not MentorFeedback.objects.exists()


def test_it_refuses_the_mentor_giving_back_to_themselves(mentorship, api_client):
    assert api_client(mentorship.mentor).post(
        f"/api/mentorships/{mentorship.pk}/mentor-feedback",
        {"what_helped": "Me"}).status_code == 403


def test_it_shows_kudos_publicly_only_with_consent(mentorship, personas, client_for,
                                                   api_client):
    private = thank(mentorship, what_helped="Honest advice, kept between us.")
    services.contribution_add(actor=mentorship.mentee, relationship=mentorship,
                              kind="resource", description="Sent a book list",
                              date=timezone.localdate())
    person_url = reverse("directory:person", args=[mentorship.mentor.profile.pk])
    page = client_for(personas.outsider).get(person_url)
    assert "kept between us" not in page.content.decode()

    shared = thank(mentorship, what_helped="She taught me to **listen**.", kudos_consent=True)
    page = client_for(personas.outsider).get(person_url).content.decode()
    assert "She taught me to" in page and "Mia Mentee" in page
    assert "1 contribution" in page
    assert "kept between us" not in page
    kudos = api_client(personas.outsider).get(
        f"/api/profiles/{mentorship.mentor.profile.pk}/kudos").json()
    assert [k["mentee_name"] for k in kudos] == ["Mia Mentee"]
    assert kudos[0]["contributions"] == 1

    response = api_client(mentorship.mentee).put(f"/api/mentor-feedback/{shared.pk}/kudos",
                                                 {"consent": False})
    assert response.status_code == 200 and response.json()["kudos_consent"] is False
    page = client_for(personas.outsider).get(person_url).content.decode()
    assert "She taught me to" not in page
    assert api_client(mentorship.mentor).put(f"/api/mentor-feedback/{private.pk}/kudos",
                                             {"consent": True}).status_code == 403
    assert api_client(personas.outsider).put(f"/api/mentor-feedback/{private.pk}/kudos",
                                             {"consent": True}).status_code == 404


def test_it_records_contributions_with_a_past_date(mentorship, api_client):
    client = api_client(mentorship.mentee)
    url = f"/api/mentorships/{mentorship.pk}/contributions"
    ok = client.post(url, {"kind": "introduction", "description": "Introduced Ana",
                           "date": timezone.localdate().isoformat()})
    assert ok.status_code == 201
    future = (timezone.localdate() + timedelta(days=30)).isoformat()
    for payload, field in (
            ({"kind": "gift", "description": "x", "date": "2025-01-01"}, "kind"),
            ({"kind": "review", "description": " ", "date": "2025-01-01"}, "description"),
            ({"kind": "review", "description": "x", "date": future}, "date"),
            ({"kind": "review", "description": "x", "date": "1900-01-01"}, "date"),
            ({"kind": "review", "description": "x", "date": "not a date"}, "date"),
            ({"kind": "review", "description": "x" * 1001, "date": "2025-01-01"},
             "description")):
        response = client.post(url, payload)
        assert response.status_code == 422, payload
        assert response.json()["errors"][0]["field"] == field, payload
    assert api_client(mentorship.mentor).get(url).json()[0]["description"] == "Introduced Ana"
    item = Contribution.objects.get()
    assert api_client(mentorship.mentor).delete(f"/api/contributions/{item.pk}"
                                                ).status_code == 403
    assert client.delete(f"/api/contributions/{item.pk}").status_code == 204
    assert not Contribution.objects.exists()


def test_it_lets_the_mentee_give_back_after_the_mentorship_closed(mentorship):
    from tandem.mentorships.services import relationship_complete

    relationship_complete(actor=mentorship.mentor, relationship=mentorship)
    mentorship.refresh_from_db()
    assert thank(mentorship).pk


def test_it_lets_only_the_author_change_consent(mentorship):
    item = thank(mentorship)
    with pytest.raises(Forbidden):
        services.mentor_feedback_set_consent(actor=mentorship.mentor, mentor_feedback=item,
                                             consent=True)
