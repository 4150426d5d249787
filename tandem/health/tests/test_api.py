"""The health API."""

from tandem.health.models import Nudge
from tandem.health.tests.test_pages import _age
from tandem.notifications.models import Notification


def test_it_gives_the_pair_their_mentorships_health(mentorship, api_client, personas):
    _age(mentorship, 35)
    body = api_client(mentorship.mentee).get(f"/api/mentorships/{mentorship.pk}/health").json()
    assert body["state"] == "needs_attention" and body["tracked"] is True
    assert {r["code"] for r in body["reasons"]} == {"meeting", "inactive"}
    assert body["suggested_action"] == "nudge" and body["rules"]["auto_pause_days"] == 90
    for person in (personas.staff, personas.coordinator, personas.outsider):
        response = api_client(person).get(f"/api/mentorships/{mentorship.pk}/health")
        assert response.status_code == 404


def test_it_lists_mentorships_at_risk_for_staff(mentorship, draft_mentorship, api_client,
                                                personas):
    _age(mentorship, 70)
    [row] = api_client(personas.staff).get("/api/health/at-risk").json()
    assert row["relationship_id"] == mentorship.pk and row["state"] == "at_risk"
    assert row["mentee_name"] == "Mia Mentee" and row["suggested_action"] == "rematch"
    assert api_client(personas.coordinator).get("/api/health/at-risk").status_code == 404
    assert api_client(None).get("/api/health/at-risk").status_code == 401


def test_it_gives_staff_the_dashboard_figures(mentorship, api_client, personas):
    body = api_client(personas.staff).get("/api/health/dashboard").json()
    tables = {t["key"]: t for t in body["tables"]}
    assert ["Active", 1] in tables["relationships"]["rows"]
    assert body["health"] == {"healthy": 1, "needs_attention": 0, "at_risk": 0}
    assert api_client(personas.mentee).get("/api/health/dashboard").status_code == 404


def test_it_nudges_over_the_api(mentorship, api_client, personas):
    url = f"/api/health/mentorships/{mentorship.pk}/nudge"
    response = api_client(personas.staff).post(url, {"message": "Checking in"})
    assert response.status_code == 201 and response.json()["automatic"] is False
    assert Notification.objects.filter(kind="health.nudge", body="Checking in").count() == 2
    assert api_client(personas.mentor).post(url, {}).status_code == 404


def test_it_refuses_bad_nudges_with_a_named_field(mentorship, api_client, personas):
    url = f"/api/health/mentorships/{mentorship.pk}/nudge"
    client = api_client(personas.staff)
    for payload in ({"message": "x" * 1001}, {"message": "a\x00b"}, {"message": 3},
                    {"other": 1}):
        response = client.post(url, payload)
        assert response.status_code == 422, payload
        assert response.json()["errors"], payload
    assert client.post(url, {"message": "x" * 1001}).json()["errors"][0]["field"] == "message"
    assert client.post("/api/health/mentorships/999999/nudge", {}).status_code == 404
    assert client.post(f"/api/health/mentorships/{2**70}/nudge", {}).status_code in (404, 422)
    assert not Nudge.objects.exists()
