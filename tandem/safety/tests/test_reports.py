"""Anyone signed in reports a person or one of their mentorships; staff and coordinators
are told, the reported person never is, and the reporter follows their reports."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.core.models import AuditEntry
from tandem.notifications.models import Notification
from tandem.safety import services
from tandem.safety.models import Report, Scope, Subject

DETAILS = "Sent me a crypto offer three times."


def test_it_reports_a_person_and_tells_the_reviewers_only(personas, api_client):
    response = api_client(personas.mentee).post("/api/safety/reports", {
        "category": "spam_or_scam", "details": DETAILS,
        "profile_id": personas.mentor.profile.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "open" and body["reported_name"] == "Marta Mentor"
    assert body["subject"] == "person"
    report = Report.objects.get()
    notified = set(Notification.objects.filter(kind="safety.report")
                   .values_list("recipient__email", flat=True))
    assert notified == {"cora@example.com", "stan@example.com"}
    assert not Notification.objects.filter(recipient=personas.mentor).exists()
    for n in Notification.objects.filter(kind="safety.report"):
        assert DETAILS not in n.title + n.body and "Mia" not in n.title
        assert n.url == f"/safety/reports/{report.pk}/"


def test_it_reports_a_mentorship_as_about_the_other_party(mentorship, personas):
    report = services.report_create(actor=personas.mentor, category="harassment",
                                    details="Rude messages after our meeting.",
                                    relationship_id=mentorship.pk)
    assert report.subject == Subject.RELATIONSHIP
    assert report.reported_user == personas.mentee and report.relationship == mentorship
    assert not Notification.objects.filter(recipient=personas.mentee,
                                            kind__startswith="safety").exists()


def test_it_writes_an_audit_entry_without_the_details(report):
    entry = AuditEntry.objects.get(action="safety.report.created")
    assert entry.target_id == str(report.pk)
    assert DETAILS not in str(entry.data)
    assert entry.data["category"] == "spam_or_scam"


def test_it_sends_reports_about_coordinators_to_staff_only(personas):
    report = services.report_create(actor=personas.mentee, category="other",
                                    details="Pressured me.", relationship_id=None,
                                    profile_id=_visible_profile(personas.coordinator))
    assert report.scope == Scope.STAFF
    assert list(Notification.objects.filter(kind="safety.report")
                .values_list("recipient__email", flat=True)) == ["stan@example.com"]


def _visible_profile(user):
    from tandem.accounts.services import profile_update

    profile_update(actor=user, profile=user.profile,
                   changes={"is_mentor": True, "mentor_capacity": 1, "open_to_requests": True})
    return user.profile.pk


@pytest.mark.parametrize("kwargs,field", [
    ({"category": "rude"}, "category"),
    ({"category": None}, "category"),
    ({"details": ""}, "details"),
    ({"details": "   "}, "details"),
    ({"details": "x" * 5001}, "details"),
    ({"details": "a\x00b"}, "details"),
    ({"details": 42}, "details"),
    ({"wants_contact": "yes"}, "wants_contact"),
    ({"profile_id": None}, "profile_id"),
    ({"profile_id": 2**70}, "profile_id"),
    ({"profile_id": -1}, "profile_id"),
    ({"profile_id": 987654}, "profile_id"),
    ({"profile_id": True}, "profile_id"),
])
def test_it_names_the_field_at_fault(personas, kwargs, field):
    args = {"category": "harassment", "details": "It happened.",
            "profile_id": personas.mentor.profile.pk, **kwargs}
    with pytest.raises(services.ValidationFailed) as exc:
        services.report_create(actor=personas.mentee, **args)
    assert field in {e["field"] for e in exc.value.errors}
    assert not Report.objects.exists()


def test_it_lists_every_fault_at_once(personas):
    with pytest.raises(services.ValidationFailed) as exc:
        services.report_create(actor=personas.mentee, category="", details="")
    assert {e["field"] for e in exc.value.errors} == {"category", "details", "profile_id"}


def test_it_refuses_reporting_yourself(personas, api_client):
    response = api_client(personas.mentor).post("/api/safety/reports", {
        "category": "other", "details": "Me", "profile_id": personas.mentor.profile.pk})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "profile_id",
                                          "message": "You cannot report yourself."}]


def test_it_refuses_people_and_mentorships_the_reporter_cannot_see(personas, other_mentorship,
                                                                    api_client):
    client = api_client(personas.outsider)
    # Mia is a mentee: her page is not public, so Oscar cannot report her by it.
    hidden = client.post("/api/safety/reports", {"category": "other", "details": "x",
                                                 "profile_id": personas.mentee.profile.pk})
    assert hidden.status_code == 422 and hidden.json()["errors"][0]["field"] == "profile_id"
    theirs = client.post("/api/safety/reports", {"category": "other", "details": "x",
                                                 "relationship_id": other_mentorship.pk})
    assert theirs.status_code == 422
    assert theirs.json()["errors"][0]["field"] == "relationship_id"
    both = client.post("/api/safety/reports", {
        "category": "other", "details": "x", "relationship_id": other_mentorship.pk,
        "profile_id": personas.mentor.profile.pk})
    assert both.status_code == 422
    assert not Report.objects.exists()


def test_it_refuses_wrong_types_and_unknown_fields(personas, api_client):
    client = api_client(personas.mentee)
    for body in ({"category": "other", "details": "x", "profile_id": "12"},
                 {"category": "other", "details": ["x"], "profile_id": 1},
                 {"category": "other", "details": "x", "profile_id": 1, "reporter_id": 9},
                 {"category": 3, "details": "x", "profile_id": 1}):
        response = client.post("/api/safety/reports", body)
        assert response.status_code == 422, body
        assert response.json()["errors"]
    assert not Report.objects.exists()


def test_it_limits_reports_per_day(personas, api_client):
    for n in range(services.REPORTS_PER_DAY):
        services.report_create(actor=personas.mentee, category="spam_or_scam",
                               details=f"Spam {n}", profile_id=personas.mentor2.profile.pk)
    response = api_client(personas.mentee).post("/api/safety/reports", {
        "category": "spam_or_scam", "details": "More", "profile_id": personas.mentor.profile.pk})
    assert response.status_code == 429
    assert "24 hours" in response.json()["detail"]
    # A day later the reporter may report again.
    Report.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    response = api_client(personas.mentee).post("/api/safety/reports", {
        "category": "spam_or_scam", "details": "More", "profile_id": personas.mentor.profile.pk})
    assert response.status_code == 201


def test_it_shows_the_reporter_their_reports_and_nobody_else(report, personas, api_client):
    mine = api_client(personas.mentee).get("/api/safety/reports/mine").json()
    assert [(r["id"], r["status"], r["details"]) for r in mine] == [
        (report.pk, "open", DETAILS)]
    assert "reporter_id" not in mine[0]
    for someone in (personas.mentor, personas.outsider, personas.coordinator):
        assert api_client(someone).get("/api/safety/reports/mine").json() == []


def test_it_shows_my_reports_page(report, personas, client_for):
    page = client_for(personas.mentee).get("/reports/mine/").content.decode()
    assert f"Report #{report.pk}: Spam or scam" in page and "Marta Mentor" in page
    assert DETAILS in page
    marta = client_for(personas.mentor).get("/reports/mine/").content.decode()
    assert DETAILS not in marta and "You have not reported anything." in marta


def test_it_never_shows_the_reported_person_a_report(report, personas, client_for,
                                                     api_client):
    marta = client_for(personas.mentor)
    assert marta.get(f"/safety/reports/{report.pk}/").status_code == 404
    assert api_client(personas.mentor).get(
        f"/api/safety/reports/{report.pk}").status_code == 404
    assert marta.get("/safety/reports/").status_code == 404
    home = marta.get("/").content.decode()
    assert DETAILS not in home and "Safety reports" not in home


def test_it_reports_from_the_form_page(personas, client_for, mentorship):
    mia = client_for(personas.mentee)
    page = mia.get(f"/report/?relationship={mentorship.pk}")
    assert page.status_code == 200
    assert "your mentorship with <strong>Marta Mentor</strong>" in page.content.decode()
    response = mia.post(f"/report/?relationship={mentorship.pk}",
                        {"category": "harassment", "details": "Insults.",
                         "wants_contact": "on"})
    assert response.status_code == 302 and response["Location"] == "/reports/mine/"
    report = Report.objects.get()
    assert report.wants_contact and report.relationship == mentorship
    followed = mia.get("/reports/mine/").content.decode()
    assert "is not told who reported" in followed


def test_it_rerenders_the_form_with_messages(personas, client_for):
    mia = client_for(personas.mentee)
    url = f"/report/?person={personas.mentor.profile.pk}"
    response = mia.post(url, {"category": "harassment", "details": ""})
    assert response.status_code == 400
    assert "Tell us what happened." in response.content.decode()
    response = mia.post(url, {"category": "harassment", "details": "a\x00b"})
    assert response.status_code == 400
    assert "Null characters are not allowed" in response.content.decode()
    response = mia.post(url, {"category": "nope", "details": "x"})
    assert response.status_code == 400
    assert not Report.objects.exists()


@pytest.mark.parametrize("query", ["person=abc", "person=99999999999999999999999",
                                   "person=0", "relationship=123456",
                                   "person=1&relationship=1"])
def test_it_answers_404_for_unknown_subjects(personas, client_for, query):
    assert client_for(personas.mentee).get(f"/report/?{query}").status_code == 404


def test_it_answers_404_for_someone_elses_mentorship(personas, client_for, other_mentorship):
    assert client_for(personas.mentee).get(
        f"/report/?relationship={other_mentorship.pk}").status_code == 404


def test_it_explains_where_to_report_without_a_subject(personas, client_for):
    page = client_for(personas.mentee).get("/report/")
    assert page.status_code == 200 and "open their page" in page.content.decode()


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(details=st.text(max_size=300), category=st.text(max_size=30))
def test_it_never_fails_on_any_text(personas, client_for, details, category):
    mia = client_for(personas.mentee)
    response = mia.post(f"/report/?person={personas.mentor.profile.pk}",
                        {"category": category, "details": details})
    assert response.status_code in (302, 400, 429)


def test_it_tells_you_that_you_cannot_report_yourself(personas, client_for):
    page = client_for(personas.mentor).get(f"/report/?person={personas.mentor.profile.pk}")
    assert page.status_code == 200
    assert "you cannot report yourself" in page.content.decode()
    assert "Send the report" not in page.content.decode()
