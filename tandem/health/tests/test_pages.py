"""The health card and page for the pair; the dashboard, at-risk list, nudges and CSV
exports for staff (404 for everyone else)."""

import csv
import io

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.accounts.services import profile_update
from tandem.feedback.services import feedback_request_create
from tandem.health.figures import csv_safe, table_csv
from tandem.health.models import Nudge
from tandem.health.tests.conftest import confirmed_mentorship
from tandem.mentorships.models import Relationship
from tandem.notifications.models import Notification


def _age(rel, days):
    from datetime import timedelta

    from django.utils import timezone

    from tandem.mentorships.models import Agreement

    past = timezone.now() - timedelta(days=days)
    Relationship.objects.filter(pk=rel.pk).update(started_at=past, updated_at=past)
    Agreement.objects.filter(relationship=rel).update(updated_at=past, created_at=past)


def test_it_shows_the_health_card_to_the_pair(mentorship, client_for):
    url = reverse("mentorships:detail", args=[mentorship.pk])
    page = client_for(mentorship.mentee).get(url).content.decode()
    assert 'id="health-card-title"' in page and "Healthy" in page
    _age(mentorship, 35)
    page = client_for(mentorship.mentor).get(url).content.decode()
    assert "Needs attention" in page and "No meeting held yet in 35 days" in page
    assert "Nothing has happened in the mentorship for 35 days." in page


def test_it_explains_the_rules_on_the_health_page(mentorship, client_for, personas):
    url = reverse("health:relationship", args=[mentorship.pk])
    page = client_for(mentorship.mentee).get(url).content.decode()
    assert "How it is worked out" in page and "After 90 quiet days" in page
    assert client_for(personas.staff).get(url).status_code == 404
    assert client_for(personas.coordinator).get(url).status_code == 404


def test_it_keeps_staff_pages_from_everyone_else(mentorship, personas, client_for):
    for name, args in (("health:dashboard", []), ("health:at_risk", []),
                       ("health:export", ["health"]), ("health:nudge", [mentorship.pk])):
        url = reverse(name, args=args)
        for person in (personas.mentee, personas.mentor, personas.coordinator,
                       personas.outsider):
            assert client_for(person).get(url).status_code == 404, (name, person)
        assert client_for(personas.staff).get(url).status_code == 200, name


def test_it_lists_mentorships_at_risk_with_reasons_and_a_suggested_action(
        mentorship, draft_mentorship, personas, client_for):
    _age(mentorship, 70)
    page = client_for(personas.staff).get(reverse("health:at_risk")).content.decode()
    assert "Mia Mentee" in page and "Marta Mentor" in page
    assert "At risk" in page and "Nothing has happened in the mentorship for 70 days." in page
    assert "Talk with both about ending and re-matching" in page
    assert "Noah Second" not in page  # healthy: not listed
    assert page.count("Send a nudge") == 1


def test_it_sends_a_nudge_with_a_message_to_both(mentorship, personas, client_for):
    url = reverse("health:nudge", args=[mentorship.pk])
    response = client_for(personas.staff).post(url, {"message": "Shall we talk this week?"})
    assert response.status_code == 302 and response["Location"] == reverse("health:at_risk")
    for person in (mentorship.mentee, mentorship.mentor):
        [note] = Notification.objects.filter(recipient=person, kind="health.nudge")
        assert note.body == "Shall we talk this week?"
    assert Nudge.objects.get().sent_by == personas.staff


def test_it_sends_the_standard_nudge_without_a_message(mentorship, personas, client_for):
    client_for(personas.staff).post(reverse("health:nudge", args=[mentorship.pk]), {})
    note = Notification.objects.filter(recipient=mentorship.mentee, kind="health.nudge").get()
    assert note.body.startswith("A friendly nudge from the Tandem team")


@pytest.mark.parametrize("message,error", [("x" * 1001, "at most 1000 characters"),
                                           ("bad\x00", "Null characters are not allowed")])
def test_it_refuses_a_bad_nudge_message(message, error, mentorship, personas, client_for):
    response = client_for(personas.staff).post(reverse("health:nudge", args=[mentorship.pk]),
                                               {"message": message})
    assert response.status_code == 400 and error.lower() in response.content.decode().lower()
    assert not Nudge.objects.exists()


def test_it_refuses_to_nudge_a_closed_mentorship(mentorship, personas, client_for):
    Relationship.objects.filter(pk=mentorship.pk).update(state="completed")
    response = client_for(personas.staff).post(reverse("health:nudge", args=[mentorship.pk]))
    assert response.status_code == 400 and "has closed" in response.content.decode()


def test_it_answers_404_for_unknown_mentorships(personas, client_for):
    client = client_for(personas.staff)
    assert client.get("/community/mentorships/999999/nudge/").status_code == 404
    assert client.get(f"/community/mentorships/{2**70}/nudge/").status_code == 404
    assert client.get("/community/export/nothing.csv").status_code == 404


def test_it_shows_the_dashboard_with_figures_and_charts(mentorship, draft_mentorship,
                                                        personas, client_for):
    feedback_request_create(actor=mentorship.mentee, relationship=mentorship, topic="CV")
    page = client_for(personas.staff).get(reverse("health:dashboard")).content.decode()
    assert "Community dashboard" in page and "<svg" in page
    assert "Activity by month" in page and "Average satisfaction by month" in page
    assert "Match rate (accepted of all requests)" in page
    assert "Mentees in an active or paused mentorship" in page
    assert page.count("Download as CSV") >= 9


def test_it_puts_a_community_card_on_the_staff_home_page(mentorship, personas, client_for):
    page = client_for(personas.staff).get("/").content.decode()
    assert "Community health" in page and reverse("health:at_risk") in page
    assert "Community health" not in client_for(personas.mentee).get("/").content.decode()


def test_it_exports_each_table_as_csv(mentorship, draft_mentorship, personas, client_for):
    client = client_for(personas.staff)
    response = client.get(reverse("health:export", args=["requests"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Requests", "Count"]
    assert ["Accepted", "2"] in rows and ["Match rate (accepted of all requests)", "100%"] in rows
    for key in ("participants", "relationships", "health", "meetings", "reports", "goals",
                "feedback", "satisfaction", "trends", "at-risk"):
        assert client.get(reverse("health:export", args=[key])).status_code == 200, key


def test_it_keeps_formulas_out_of_csv_exports(mentorship, personas, client_for):
    _age(mentorship, 70)
    profile_update(actor=mentorship.mentee, profile=mentorship.mentee.profile,
                   changes={"display_name": "=HYPERLINK(\"http://x\")"})
    body = client_for(personas.staff).get(reverse("health:export", args=["at-risk"])
                                          ).content.decode()
    [row] = list(csv.reader(io.StringIO(body)))[1:]
    assert row[1] == "'=HYPERLINK(\"http://x\")"


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text())
def test_it_makes_any_text_safe_in_csv(text):
    cell = list(csv.reader(io.StringIO(table_csv(["a"], [[text]]))))
    value = cell[1][0] if len(cell) > 1 and cell[1] else ""
    assert not value.startswith(("=", "+", "-", "@", "\t", "\r")) or value == ""
    assert csv_safe(3) == "3" and csv_safe(None) == ""


def test_it_costs_the_same_queries_for_many_mentorships(personas, client_for, query_budget):
    from tandem.accounts.tests.factories import make_mentee, make_mentor

    staff = client_for(personas.staff)
    count = [0]

    def make(n):
        for _ in range(n):
            count[0] += 1
            mentee = make_mentee(email=f"q{count[0]}@example.com", name=f"Mentee {count[0]}",
                                 goals=["Grow"])
            mentor = make_mentor(email=f"r{count[0]}@example.com", name=f"Mentor {count[0]}",
                                 skills=["Python"])
            rel = confirmed_mentorship(mentee, mentor)
            _age(rel, 40)

    def call():
        for name in ("health:at_risk", "health:dashboard"):
            assert staff.get(reverse(name)).status_code == 200
        assert staff.get("/api/health/at-risk").status_code == 200

    query_budget(make=make, call=call, small=2, large=6)
