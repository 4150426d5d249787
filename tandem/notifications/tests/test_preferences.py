"""Per-type email preferences: right away, in the daily digest, or off; and the weekly
summary on or off. On the settings page and over the API."""

import pytest
from django.core import mail

from tandem.core.models import AuditEntry
from tandem.notifications.models import EmailPreference, Notification
from tandem.notifications.services import email_preferences_set, notify


def test_it_offers_three_modes_per_type_and_the_weekly_summary(personas, client_for):
    client = client_for(personas.mentee)
    html = client.get("/settings/notifications/").content.decode()
    for mode in ("immediately", "daily", "off"):
        assert f'name="meetings" value="{mode}"' in html
    assert 'name="meetings" value="immediately" checked' in html
    assert 'name="weekly_digest" value="on" checked' in html
    response = client.post("/settings/notifications/", {
        "meetings": "daily", "reports": "off", "weekly_digest": "off"})
    assert response.status_code == 302
    html = client.get("/settings/notifications/").content.decode()
    assert 'name="meetings" value="daily" checked' in html
    assert 'name="reports" value="off" checked' in html
    assert 'name="requests" value="immediately" checked' in html
    assert 'name="weekly_digest" value="off" checked' in html
    assert AuditEntry.objects.filter(action="notifications.preferences.updated").exists()


@pytest.mark.parametrize("data,field_message", [
    ({"meetings": "weekly"}, "Use one of immediately, daily, off."),
    ({"meetings": "off\x00"}, "NUL character"),
    ({"weekly_digest": "sometimes"}, "Use true or false."),
])
def test_it_re_renders_the_form_with_the_fault_named(personas, client_for, data,
                                                     field_message):
    response = client_for(personas.mentee).post("/settings/notifications/",
                                                {"reports": "off", **data})
    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert not EmailPreference.objects.filter(user=personas.mentee).exists()  # nothing half-saved


def test_it_sets_daily_and_the_weekly_summary_over_the_api(personas, api_client):
    client = api_client(personas.mentor)
    response = client.patch("/api/notifications/preferences",
                            {"meetings": "daily", "weekly_digest": False})
    assert response.status_code == 200
    body = response.json()
    assert body["meetings"] == "daily" and body["weekly_digest"] is False
    assert body["requests"] == "immediately"
    assert client.get("/api/notifications/preferences").json() == body


@pytest.mark.parametrize("payload,field", [
    ({"meetings": 5}, "meetings"),
    ({"meetings": None}, "meetings"),
    ({"meetings": "hourly"}, "meetings"),
    ({"weekly_digest": "yes"}, "weekly_digest"),
    ({"weekly_digest": 1}, "weekly_digest"),
    ({"pigeons": "off"}, "pigeons"),
    ({"meetings": "x" * 10000}, "meetings"),
])
def test_it_names_the_field_at_fault_over_the_api(personas, api_client, payload, field):
    response = api_client(personas.mentor).patch("/api/notifications/preferences", payload)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]


def test_it_keeps_daily_notifications_for_the_digest_instead_of_emailing_now(
        personas, django_capture_on_commit_callbacks):
    email_preferences_set(actor=personas.mentee, modes={"meetings": "daily"})
    with django_capture_on_commit_callbacks(execute=True):
        waiting = notify(recipient=personas.mentee, kind="meeting.moved", title="Moved",
                         url="/m/1/")
        notify(recipient=personas.mentee, kind="request.accepted", title="Accepted",
               url="/r/1/")
    assert [m.subject for m in mail.outbox] == ["[Tandem] Accepted"]
    waiting.refresh_from_db()
    assert waiting.awaits_digest and waiting.emailed_at is None


def test_it_drops_what_waited_for_the_digest_when_a_type_is_turned_off(personas):
    email_preferences_set(actor=personas.mentee, modes={"meetings": "daily"})
    waiting = notify(recipient=personas.mentee, kind="meeting.moved", title="Moved", url="/m/")
    email_preferences_set(actor=personas.mentee, modes={"meetings": "off"})
    waiting.refresh_from_db()
    assert not waiting.awaits_digest


def test_it_emails_right_away_what_waited_for_the_digest_when_news_comes_after_switching(
        personas, django_capture_on_commit_callbacks):
    email_preferences_set(actor=personas.mentee, modes={"meetings": "daily"})
    notify(recipient=personas.mentee, kind="meeting.moved", title="Moved", url="/m/1/")
    email_preferences_set(actor=personas.mentee, modes={"meetings": "immediately"})
    with django_capture_on_commit_callbacks(execute=True):
        again = notify(recipient=personas.mentee, kind="meeting.moved", title="Moved again",
                       url="/m/1/")
    assert [m.subject for m in mail.outbox] == ["[Tandem] Moved again"]
    again.refresh_from_db()
    assert not again.awaits_digest and again.emailed_at is not None
    assert Notification.objects.filter(recipient=personas.mentee).count() == 1
