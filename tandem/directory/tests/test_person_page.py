from tandem.accounts.services import profile_update
from tandem.accounts.tests.factories import make_mentor


def test_it_shows_places_languages_and_availability_in_my_timezone(personas, client_for):
    mentor = make_mentor(name="Kenji Ito", timezone="Asia/Tokyo", capacity=3,
                         languages=["ja", "en"], bio="I **love** distributed systems.",
                         windows=[{"weekday": 0, "start": "07:00", "end": "09:00"}])
    profile = mentor.profile
    profile.places_taken = 1
    profile.save(update_fields=["places_taken"])
    profile_update(actor=personas.mentee, profile=personas.mentee.profile,
                   changes={"timezone": "America/Los_Angeles"})
    page = client_for(personas.mentee).get(f"/people/{profile.pk}/").content.decode()
    assert "1 of 3" in page and "Open to new requests." in page
    assert "English" in page and "Japanese" in page
    assert "<strong>love</strong>" in page
    # Monday 07:00-09:00 in Tokyo is Sunday afternoon in Los Angeles (15:00 or 14:00).
    assert "Sunday" in page and ("15:00" in page or "14:00" in page)
    assert "Shown in your timezone, America/Los Angeles." in page


def test_it_hides_a_person_who_is_not_a_mentor(personas, client_for):
    response = client_for(personas.mentor).get(f"/people/{personas.mentee.profile.pk}/")
    assert response.status_code == 404
    assert client_for(personas.mentee).get(f"/people/{personas.mentee.profile.pk}/").status_code == 200


def test_it_never_shows_unsafe_html_from_a_bio(personas, client_for):
    profile_update(actor=personas.mentor, profile=personas.mentor.profile,
                   changes={"bio": "<script>alert('x')</script> [click](javascript:alert(1))"})
    page = client_for(personas.mentee).get(f"/people/{personas.mentor.profile.pk}/").content.decode()
    assert "<script>alert" not in page and 'href="javascript' not in page


def test_it_hides_a_deactivated_mentor(personas, client_for):
    personas.mentor.is_active = False
    personas.mentor.save(update_fields=["is_active"])
    response = client_for(personas.mentee).get(f"/people/{personas.mentor.profile.pk}/")
    assert response.status_code == 404


def test_it_offers_to_ask_then_points_to_the_request(personas, client_for):
    from tandem.mentorships.services import request_create

    client = client_for(personas.mentee)
    url = f"/people/{personas.mentor.profile.pk}/"
    page = client.get(url).content.decode()
    assert f'href="/people/{personas.mentor.profile.pk}/ask/"' in page
    # The main action first; reporting a problem last, after the profile.
    ask, report = page.index("Ask for mentorship"), page.index("Report a problem")
    assert ask < page.index('id="places-title"') < report
    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hello!")
    page = client.get(url).content.decode()
    assert f'href="/requests/{req.pk}/"' in page and "Ask for mentorship" not in page
    own = client_for(personas.mentor).get(url).content.decode()
    assert "Ask for mentorship" not in own and "Edit your profile" in own


def test_it_tells_how_fast_the_mentor_answers(personas, client_for):
    from datetime import timedelta

    from django.utils import timezone

    from tandem.mentorships.models import MentorshipRequest
    from tandem.mentorships.services import request_create, request_decline

    req = request_create(actor=personas.mentee2, mentor=personas.mentor, message="Hi")
    MentorshipRequest.objects.filter(pk=req.pk).update(
        created_at=timezone.now() - timedelta(hours=5))
    request_decline(actor=personas.mentor, request=req, text="Busy")
    page = client_for(personas.mentee).get(f"/people/{personas.mentor.profile.pk}/")
    assert "Usually answers within 5 hours." in page.content.decode()
    silent = request_create(actor=personas.mentee2, mentor=personas.mentor2, message="Hi")
    MentorshipRequest.objects.filter(pk=silent.pk).update(
        created_at=timezone.now() - timedelta(days=40), state="expired")
    page = client_for(personas.mentee).get(f"/people/{personas.mentor2.profile.pk}/")
    assert "Not currently responding" in page.content.decode()


def test_it_shows_the_mentor_the_profile_of_someone_who_asked_them(personas, client_for,
                                                                   api_client):
    from tandem.mentorships.services import request_create, request_decline

    mentee_url = f"/people/{personas.mentee.profile.pk}/"
    profile_update(actor=personas.mentee, profile=personas.mentee.profile,
                   changes={"headline": "Junior engineer in Lisbon"})
    assert client_for(personas.mentor).get(mentee_url).status_code == 404
    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hello!")
    request_page = client_for(personas.mentor).get(f"/requests/{req.pk}/").content.decode()
    assert f'href="{mentee_url}"' in request_page
    response = client_for(personas.mentor).get(mentee_url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mia Mentee" in page and "Junior engineer in Lisbon" in page
    assert "Ask for mentorship" not in page and 'id="places-title"' not in page
    assert api_client(personas.mentor).get(
        f"/api/profiles/{personas.mentee.profile.pk}").status_code == 200
    # Still visible once answered; never to others; never once deactivated.
    request_decline(actor=personas.mentor, request=req, text="Busy")
    assert client_for(personas.mentor).get(mentee_url).status_code == 200
    assert client_for(personas.mentor2).get(mentee_url).status_code == 404
    assert client_for(personas.outsider).get(mentee_url).status_code == 404
    personas.mentee.is_active = False
    personas.mentee.save(update_fields=["is_active"])
    assert client_for(personas.mentor).get(mentee_url).status_code == 404


def test_it_shows_the_mentee_the_profile_of_their_mentor_and_mentor_the_mentee(
        personas, client_for, django_assert_max_num_queries):
    from tandem.mentorships.permissions import access_profile
    from tandem.mentorships.services import (
        relationship_complete,
        request_accept,
        request_create,
    )

    # A mentor who stopped mentoring (no longer listed) stays visible to their mentee.
    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hello!")
    rel = request_accept(actor=personas.mentor, request=req)
    relationship_complete(actor=personas.mentor, relationship=rel)
    profile_update(actor=personas.mentor, profile=personas.mentor.profile,
                   changes={"is_mentor": False})
    assert client_for(personas.mentee).get(
        f"/people/{personas.mentor.profile.pk}/").status_code == 200
    assert client_for(personas.mentee2).get(
        f"/people/{personas.mentor.profile.pk}/").status_code == 404
    # A mentee who asked someone (now a mentee only) can be seen by the person they asked.
    assert client_for(personas.mentor).get(
        f"/people/{personas.mentee.profile.pk}/").status_code == 200
    with django_assert_max_num_queries(1 + 6 + 1):  # the profile, its prefetches, one check
        access_profile(personas.mentor, personas.mentee.profile.pk)
