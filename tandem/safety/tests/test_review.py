"""Staff and coordinators review reports: a queue, a detail page, and moving a report from
open through review to closed (with an outcome note for reviewers only)."""

import pytest

from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.core.models import AuditEntry
from tandem.notifications.models import Notification
from tandem.safety import services
from tandem.safety.models import Report, Status


def close(report, actor, **kwargs):
    args = {"status": "closed", "outcome_note": "Talked to both; warned.",
            "action_taken": "warned", **kwargs}
    return services.report_update(actor=actor, report=report, **args)


def test_it_shows_the_queue_to_reviewers_only(report, personas, client_for):
    for reviewer in (personas.coordinator, personas.staff):
        page = client_for(reviewer).get("/safety/reports/")
        assert page.status_code == 200
        assert f'href="/safety/reports/{report.pk}/"' in page.content.decode()
    for other in (personas.mentee, personas.mentor, personas.outsider):
        assert client_for(other).get("/safety/reports/").status_code == 404


def test_it_lists_the_queue_in_the_api(report, personas, api_client):
    staff = api_client(personas.staff).get("/api/safety/reports").json()
    assert [(r["id"], r["status"], r["reporter_id"]) for r in staff] == [
        (report.pk, "open", personas.mentee.pk)]
    # Coordinators do not learn who reported, unless the reporter asked to be contacted.
    cora = api_client(personas.coordinator).get("/api/safety/reports").json()
    assert cora[0]["reporter_id"] is None and cora[0]["details"] == report.details
    Report.objects.filter(pk=report.pk).update(wants_contact=True)
    cora = api_client(personas.coordinator).get("/api/safety/reports").json()
    assert cora[0]["reporter_id"] == personas.mentee.pk
    assert api_client(personas.outsider).get("/api/safety/reports").status_code == 404
    bad = api_client(personas.staff).get("/api/safety/reports?status=weird")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "status"


def test_it_hides_the_reporter_from_coordinators_on_the_page(report, personas, client_for):
    cora = client_for(personas.coordinator).get(f"/safety/reports/{report.pk}/")
    assert "mia@example.com" not in cora.content.decode()
    assert "Not shown to coordinators" in cora.content.decode()
    stan = client_for(personas.staff).get(f"/safety/reports/{report.pk}/")
    assert "mia@example.com" in stan.content.decode()


def test_it_keeps_reports_about_coordinators_from_coordinators(personas, api_client):
    from tandem.accounts.services import profile_update

    profile_update(actor=personas.coordinator, profile=personas.coordinator.profile,
                   changes={"is_mentor": True, "mentor_capacity": 1, "open_to_requests": True})
    report = services.report_create(actor=personas.mentee, category="other", details="x",
                                    profile_id=personas.coordinator.profile.pk)
    assert api_client(personas.coordinator).get("/api/safety/reports").json() == []
    assert api_client(personas.coordinator).get(
        f"/api/safety/reports/{report.pk}").status_code == 404
    assert [r["id"] for r in api_client(personas.staff).get("/api/safety/reports").json()] \
        == [report.pk]


def test_it_moves_a_report_through_review_and_tells_the_reporter(report, personas,
                                                                  api_client):
    client = api_client(personas.coordinator)
    started = client.post(f"/api/safety/reports/{report.pk}/status", {"status": "in_review"})
    assert started.status_code == 200, started.content
    assert started.json()["status"] == "in_review"
    assert started.json()["handled_by_id"] == personas.coordinator.pk
    closed = client.post(f"/api/safety/reports/{report.pk}/status",
                         {"status": "closed", "outcome_note": "Spam confirmed.",
                          "action_taken": "frozen"})
    assert closed.status_code == 200
    assert closed.json()["closed_at"] and closed.json()["action_taken"] == "frozen"
    titles = list(Notification.objects.filter(recipient=personas.mentee,
                                              kind="safety.report_update")
                  .values_list("title", flat=True))
    assert f"Your safety report #{report.pk} has been reviewed and closed" in titles
    assert not Notification.objects.filter(recipient=personas.mentor).exists()
    mine = api_client(personas.mentee).get("/api/safety/reports/mine").json()
    assert mine[0]["status"] == "closed" and "outcome_note" not in mine[0]
    actions = list(AuditEntry.objects.filter(target_type="safety.report")
                   .values_list("action", flat=True))
    assert actions.count("safety.report.status_changed") == 2
    assert "Spam confirmed." not in str(list(AuditEntry.objects.values_list("data", flat=True)))


def test_it_reopens_a_closed_report(report, personas):
    close(report, personas.staff)
    reopened = services.report_update(actor=personas.staff, report=report, status="in_review")
    assert reopened.status == Status.IN_REVIEW and reopened.closed_at is None


def test_it_refuses_a_move_that_is_not_allowed(report, personas, api_client):
    services.report_update(actor=personas.staff, report=report, status="in_review")
    with pytest.raises(Conflict):
        services.report_update(actor=personas.staff, report=report, status="in_review")
    response = api_client(personas.staff).post(f"/api/safety/reports/{report.pk}/status",
                                               {"status": "open"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "status"


@pytest.mark.parametrize("kwargs,field", [
    ({"outcome_note": ""}, "outcome_note"),
    ({"outcome_note": "x" * 5001}, "outcome_note"),
    ({"outcome_note": "a\x00"}, "outcome_note"),
    ({"action_taken": ""}, "action_taken"),
    ({"action_taken": "banned"}, "action_taken"),
    ({"status": ""}, "status"),
])
def test_it_needs_an_outcome_to_close(report, personas, kwargs, field):
    with pytest.raises(ValidationFailed) as exc:
        close(report, personas.staff, **kwargs)
    assert field in {e["field"] for e in exc.value.errors}
    report.refresh_from_db()
    assert report.status == Status.OPEN


def test_it_lets_only_reviewers_move_a_report(report, personas, api_client):
    with pytest.raises(Forbidden):
        close(report, personas.outsider)
    body = {"status": "in_review"}
    assert api_client(personas.mentee).post(
        f"/api/safety/reports/{report.pk}/status", body).status_code == 404
    assert api_client(personas.mentor).post(
        f"/api/safety/reports/{report.pk}/status", body).status_code == 404
    assert api_client(personas.staff).post(
        "/api/safety/reports/987654/status", body).status_code == 404


def test_it_reviews_on_the_page(report, personas, client_for):
    stan = client_for(personas.staff)
    page = stan.get(f"/safety/reports/{report.pk}/")
    assert page.status_code == 200 and report.details in page.content.decode()
    bad = stan.post(f"/safety/reports/{report.pk}/status/", {"status": "closed"})
    assert bad.status_code == 400
    assert "Say what was found and done before closing." in bad.content.decode()
    done = stan.post(f"/safety/reports/{report.pk}/status/",
                     {"status": "closed", "outcome_note": "Checked.", "action_taken": "none"})
    assert done.status_code == 302
    again = stan.post(f"/safety/reports/{report.pk}/status/",
                      {"status": "closed", "outcome_note": "Checked.", "action_taken": "none"})
    assert again.status_code == 409 and "closed already" in again.content.decode()


def test_it_shows_the_reporter_their_report_read_only(report, personas, client_for):
    mia = client_for(personas.mentee)
    page = mia.get(f"/safety/reports/{report.pk}/")
    assert page.status_code == 200 and "Waiting for a reviewer." in page.content.decode()
    assert "Outcome note" not in page.content.decode()
    assert mia.post(f"/safety/reports/{report.pk}/status/",
                    {"status": "closed"}).status_code == 403


def test_it_costs_the_same_queries_however_long_the_queue(personas, client_for, query_budget):
    from tandem.accounts.tests.factories import make_mentor

    stan = client_for(personas.staff)
    reporters = []

    def make(n):
        for _ in range(n):
            reporter = make_mentor()
            reporters.append(reporter)
            services.report_create(actor=reporter, category="other", details="x",
                                   profile_id=personas.mentor.profile.pk)

    def call():
        assert stan.get("/safety/reports/").status_code == 200
        assert stan.get("/api/safety/reports").status_code == 200

    query_budget(make=make, call=call)
