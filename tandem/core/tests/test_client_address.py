"""Which address the audit log records for a request, with and without a proxy."""

import pytest
from django.test import override_settings

from tandem.core.models import AuditEntry

BEHIND_PROXY = override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))


def add_goal(client, title, **meta):
    response = client.post("/goals/", {"title": title, "horizon": "6m", "visibility": "private"},
                           **meta)
    assert response.status_code == 302
    return AuditEntry.objects.filter(action="accounts.goal.created").latest("id")


@BEHIND_PROXY
def test_it_records_the_address_the_proxy_saw_not_one_the_client_claims(personas, client_for):
    entry = add_goal(client_for(personas.mentee), "Ship a side project",
                     REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    # "1.2.3.4" was sent by the client itself; the proxy appended what it saw.
    assert entry.ip_address == "198.51.100.7"


@BEHIND_PROXY
@pytest.mark.parametrize("forwarded", ["garbage", "198.51.100.7, not-an-ip", " , "])
def test_it_falls_back_to_the_proxys_address_when_the_header_is_unusable(
        personas, client_for, forwarded):
    entry = add_goal(client_for(personas.mentee), "Ship a side project",
                     REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert entry.ip_address == "10.0.0.2"


def test_it_ignores_x_forwarded_for_without_a_proxy(personas, client_for):
    entry = add_goal(client_for(personas.mentee), "Ship a side project",
                     REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert entry.ip_address == "203.0.113.9"


def test_it_records_no_address_rather_than_an_unparsable_one(personas, client_for):
    entry = add_goal(client_for(personas.mentee), "Ship a side project", REMOTE_ADDR="unix:sock")
    assert entry.ip_address is None


def test_it_shows_times_in_the_signed_in_persons_timezone(personas, client_for):
    from tandem.accounts.services import profile_update
    from tandem.notifications.services import notify

    profile_update(actor=personas.mentee, profile=personas.mentee.profile,
                   changes={"timezone": "Asia/Kolkata"})
    note = notify(recipient=personas.mentee, kind="test", title="Hi", email=False)
    page = client_for(personas.mentee).get("/notifications/").content.decode()
    from zoneinfo import ZoneInfo

    local = note.created_at.astimezone(ZoneInfo("Asia/Kolkata"))
    assert local.strftime("%Y-%m-%dT%H:%M:%S") in page and "+05:30" in page
