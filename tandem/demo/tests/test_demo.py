import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from tandem.accounts.models import Profile, User


def test_it_fills_an_empty_database_with_varied_people(db, capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert "mentee@demo.tandem.test" in out and "tandem-demo-2026" in out
    assert 40 <= User.objects.count() <= 50
    mentors = Profile.objects.filter(is_mentor=True)
    assert mentors.count() >= 15
    assert Profile.objects.values("timezone").distinct().count() >= 10
    assert User.objects.get(email="coordinator@demo.tandem.test").is_coordinator
    assert User.objects.get(email="admin@demo.tandem.test").is_staff
    mentee = User.objects.get(email="mentee@demo.tandem.test")
    assert mentee.check_password("tandem-demo-2026")
    assert mentee.career_goals.count() == 4


def test_it_leaves_a_database_with_people_alone(personas):
    with pytest.raises(CommandError, match="not empty"):
        call_command("demo")
    call_command("demo", if_empty=True)  # what `make run` does every time
    assert not User.objects.filter(email__endswith="@demo.tandem.test").exists()


def test_it_signs_the_demo_mentee_in(demo_data, client):
    response = client.post("/accounts/login/", {"login": "mentee@demo.tandem.test",
                                                "password": "tandem-demo-2026"})
    assert response.status_code == 302
    assert "Maya Mentee" in client.get("/").content.decode()


def test_it_signs_the_demo_coordinator_in_with_the_published_authenticator(db, client,
                                                                           capsys):
    from tandem.demo.people import DEMO_TOTP_SECRET

    call_command("demo")
    assert DEMO_TOTP_SECRET in capsys.readouterr().out
    response = client.post("/accounts/login/", {"login": "coordinator@demo.tandem.test",
                                                "password": "tandem-demo-2026"})
    assert response.status_code == 302 and "/2fa/" in response["Location"]
    call_command("demo", code=True)
    code = capsys.readouterr().out.strip()
    assert len(code) == 6 and code.isdigit()
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302
    assert "Carla Coordinator" in client.get("/").content.decode()


@override_settings(PRODUCTION=True)
def test_it_refuses_to_load_demo_logins_into_production(db):
    with pytest.raises(CommandError, match="production installation"):
        call_command("demo")
    # `make run`'s --if-empty must not quietly create the published-password superuser.
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("demo", if_empty=True)
    assert not User.objects.exists()


@override_settings(PRODUCTION=True)
def test_it_loads_into_production_only_when_told_to(personas, capsys):
    call_command("demo", if_empty=True, allow_production=True)
    assert "demo data not loaded" in capsys.readouterr().out


def test_it_shows_requests_and_mentorships_in_every_state(demo_data):
    from tandem.mentorships.models import Agreement, MentorshipRequest, Relationship
    states = set(MentorshipRequest.objects.values_list("state", flat=True))
    assert states == {"pending", "info_requested", "accepted", "declined", "withdrawn",
                      "expired"}
    assert set(Relationship.objects.values_list("state", flat=True)) == {
        "active", "paused", "completed", "ended_early"}
    assert set(Agreement.objects.values_list("status", flat=True)) == {
        "draft", "confirmed", "superseded"}
    mentor = User.objects.get(email="mentor@demo.tandem.test")
    assert mentor.profile.places_taken == Relationship.objects.filter(
        mentor=mentor, state__in=["active", "paused"]).count()


def test_it_shows_past_and_future_meetings_and_months_of_reports(demo_data):
    from django.utils import timezone

    from tandem.feedback.models import ProgressReport
    from tandem.meetings.models import Meeting
    now = timezone.now()
    assert Meeting.objects.filter(starts_at__lt=now, status="held").count() >= 4
    assert Meeting.objects.filter(starts_at__gt=now, status="scheduled").count() >= 4
    assert ProgressReport.objects.values("due_date").distinct().count() >= 2


def test_it_makes_the_demo_mentor_answer_within_hours(demo_data, client):
    from datetime import timedelta

    from tandem.mentorships.models import MentorshipRequest, Relationship
    from tandem.mentorships.selectors import typical_response_time
    mentor = User.objects.get(email="mentor@demo.tandem.test")
    assert typical_response_time(mentor) < timedelta(days=1)
    for req in MentorshipRequest.objects.filter(first_response_at__isnull=False):
        assert timedelta(0) < req.first_response_at - req.created_at < timedelta(days=1)
    # Mentorships started by asking (a program's published matches start without a request).
    for rel in Relationship.objects.filter(request__isnull=False).select_related("request"):
        assert rel.started_at >= rel.request.created_at
        assert rel.started_at - rel.request.created_at < timedelta(days=2)
    client.force_login(User.objects.get(email="mentee@demo.tandem.test"))
    page = client.get(f"/people/{mentor.profile.pk}/").content.decode()
    assert "Usually answers within" in page and "hours." in page
