"""`tandem demo --scale N`: a large dataset that is valid and that the pages can show."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q
from django.utils.timezone import now as django_now

from tandem.accounts.models import CareerGoal, Profile, User
from tandem.demo.scale import EMAIL_DOMAIN, scale_email


@pytest.fixture
def scaled(db, capsys):
    call_command("demo", scale=200)
    return capsys.readouterr().out


def test_it_generates_a_valid_dataset_in_proportion(scaled):
    from tandem.feedback.models import FeedbackEntry, ProgressReport
    from tandem.meetings.models import Meeting
    from tandem.mentorships.models import Agreement, Relationship
    from tandem.notifications.models import Notification

    assert "200 people" in scaled and scale_email(199) in scaled
    generated = User.objects.filter(email__endswith="@" + EMAIL_DOMAIN)
    assert generated.count() == 200
    rels = Relationship.objects.filter(mentee__email__endswith="@" + EMAIL_DOMAIN)
    assert rels.count() == 100
    assert Meeting.objects.filter(relationship__in=rels).count() == 1000
    assert FeedbackEntry.objects.filter(relationship__in=rels).count() == 400
    assert ProgressReport.objects.filter(relationship__in=rels).count() > 200
    assert CareerGoal.objects.filter(user__in=generated).count() > 200
    assert Notification.objects.filter(recipient__in=generated).count() == 1000
    # Every mentorship has its accepted request and exactly one confirmed agreement.
    assert not rels.exclude(request__state="accepted").exists()
    assert Agreement.objects.filter(relationship__in=rels, status="confirmed").count() == 100
    assert set(rels.values_list("state", flat=True)) == {"active", "paused", "completed"}
    # A mentor's places taken are their open mentorships, within their capacity; held
    # meetings are in the past and scheduled ones in the future.
    mentors = Profile.objects.filter(user__email__endswith="@" + EMAIL_DOMAIN, is_mentor=True)
    counted = mentors.annotate(open_rels=Count(
        "user__mentorships_as_mentor",
        filter=Q(user__mentorships_as_mentor__state__in=["active", "paused"])))
    assert not counted.exclude(places_taken=F("open_rels")).exists()
    assert not mentors.filter(places_taken__gt=F("mentor_capacity")).exists()
    now = django_now()
    assert not Meeting.objects.filter(status="held", starts_at__gt=now).exists()
    assert not Meeting.objects.filter(status="scheduled", starts_at__lt=now).exists()
    # The user row's timezone (what the pages show times in) is the profile's.
    assert not Profile.objects.filter(user__in=generated).exclude(
        user__timezone=F("timezone")).exists()
    assert generated.exclude(timezone="UTC").exists()


def test_a_generated_person_signs_in_and_every_page_renders(scaled, client):
    from tandem.mentorships.models import Relationship

    rel = Relationship.objects.filter(mentee__email__endswith="@" + EMAIL_DOMAIN,
                                      state="active").select_related("mentee").first()
    response = client.post("/accounts/login/", {"login": rel.mentee.email,
                                                "password": "tandem-demo-2026"})
    assert response.status_code == 302
    home = client.get("/")
    assert rel.mentee.profile.display_name in home.content.decode()
    for url in ["/mentors/?q=python", "/goals/", "/notifications/", "/mentorships/",
                f"/mentorships/{rel.pk}/", f"/mentorships/{rel.pk}/meetings/",
                f"/mentorships/{rel.pk}/feedback/", f"/mentorships/{rel.pk}/reports/",
                f"/mentorships/{rel.pk}/goals/", f"/mentorships/{rel.pk}/timeline/",
                "/me/record/", "/api/me", f"/api/mentorships/{rel.pk}"]:
        assert client.get(url).status_code == 200, url


def test_it_fills_the_directory_columns_as_the_services_would(scaled):
    from tandem.accounts.tests.test_directory_columns import recomputed, stored

    generated = list(Profile.objects.filter(
        user__email__endswith="@" + EMAIL_DOMAIN).values_list("pk", flat=True))
    assert len(generated) == 200
    assert all(stored(pk) == recomputed(pk) for pk in generated)
    assert all(" en " in stored(pk)["language_codes"] for pk in generated[:10])


def test_it_refuses_a_scale_of_one_person(db):
    with pytest.raises(CommandError, match="--scale"):
        call_command("demo", scale=1)
