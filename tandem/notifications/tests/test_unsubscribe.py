"""Every email carries a signed link that stops its type: in the footer, and as RFC 8058
one-click headers. The link works without signing in; a changed link is a clear 400."""

import re

import pytest
from django.conf import settings as django_settings
from django.core import mail, signing
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.core.models import AuditEntry
from tandem.notifications.digests import daily_digests_send
from tandem.notifications.services import (
    email_preferences_set,
    email_settings_of,
    notify,
    unsubscribe_token,
)
from tandem.notifications.tests.conftest import utc

LINK = re.compile(re.escape(django_settings.SITE_URL)
                  + r"(/notifications/unsubscribe/[^/\s>]+/)")


def link_of(message) -> str:
    """The path of the unsubscribe link in the List-Unsubscribe header, checked against
    the one in the text and HTML parts."""
    header = message.extra_headers["List-Unsubscribe"]
    [path] = LINK.findall(header)
    assert header == f"<{django_settings.SITE_URL}{path}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert path in message.body and path in message.alternatives[0][0]
    return path


@pytest.fixture
def emailed(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=personas.mentee, kind="meeting.moved", title="Marta moved it",
               url="/meetings/1/")
    [message] = mail.outbox
    return message


def test_it_puts_the_headers_and_the_link_on_an_immediate_email(emailed):
    path = link_of(emailed)
    # Signed in or not, the page opens: the link is the proof.
    page = Client().get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Stop these emails?" in html and "meetings scheduled, moved or cancelled" in html


def test_it_changes_nothing_on_get_and_unsubscribes_on_the_button(personas, emailed):
    path = link_of(emailed)
    client = Client()
    client.get(path)
    assert email_settings_of(personas.mentee)["meetings"] == "immediately"
    response = client.post(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "You are unsubscribed" in html and "Settings → Email notifications" in html
    assert email_settings_of(personas.mentee)["meetings"] == "off"
    assert email_settings_of(personas.mentee)["requests"] == "immediately"
    assert AuditEntry.objects.filter(action="notifications.email.unsubscribed",
                                     actor=personas.mentee).exists()
    # Nothing more about meetings by email; still in Tandem.
    mail.outbox.clear()
    notify(recipient=personas.mentee, kind="meeting.cancelled", title="Off", url="/m/2/")
    assert mail.outbox == []


def test_it_unsubscribes_in_one_click_without_session_or_csrf_token(personas, emailed):
    path = link_of(emailed)
    client = Client(enforce_csrf_checks=True)
    response = client.post(path, "List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert email_settings_of(personas.mentee)["meetings"] == "off"
    assert client.post(path, "List-Unsubscribe=One-Click",
                       content_type="application/x-www-form-urlencoded").status_code == 200


def test_it_puts_the_headers_on_the_daily_digest_and_stops_it(personas, tomorrow):
    mia = personas.mentee
    email_preferences_set(actor=mia, modes={"meetings": "daily", "reminders": "daily"})
    notify(recipient=mia, kind="meeting.moved", title="Moved", url="/m/1/")
    assert daily_digests_send(now=utc(tomorrow, 9)) == 1
    [message] = mail.outbox
    path = link_of(message)
    # The digest also links each type it holds.
    meetings_link = f"/notifications/unsubscribe/{unsubscribe_token(mia, 'meetings')}/"
    assert meetings_link in message.body
    html = Client().post(path).content.decode()
    assert "daily digest" in html and "meetings" in html.lower()
    modes = email_settings_of(mia)
    assert modes["meetings"] == modes["reminders"] == "off" and modes["requests"] == "immediately"


def test_it_puts_the_headers_on_the_weekly_summary_and_stops_it(personas, mentorship,
                                                                 next_monday):
    from tandem.mentorships.services import request_create
    from tandem.notifications.digests import weekly_digests_send

    request_create(actor=personas.mentee2, mentor=personas.mentor, message="Hello")
    mail.outbox.clear()
    weekly_digests_send(now=utc(next_monday, 9))
    [message] = [m for m in mail.outbox if m.to == [personas.mentor.email]]
    path = link_of(message)
    assert "weekly summary" in Client().get(path).content.decode()
    Client().post(path)
    assert email_settings_of(personas.mentor)["weekly_digest"] is False
    assert email_settings_of(personas.mentor)["requests"] == "immediately"


@pytest.mark.parametrize("mangle", [
    lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # signature changed
    # Another person's id with this signature.
    lambda t: signing.b64_encode(b'{"u":4242,"t":"meetings"}').decode() + ":" + t.split(":")[1],
    lambda t: t.split(":")[0],  # no signature
    lambda t: "x" * 2000,
    lambda t: "%00",
])
def test_it_answers_400_for_a_changed_link(personas, emailed, mangle):
    token = link_of(emailed).split("/")[-2]
    path = f"/notifications/unsubscribe/{mangle(token)}/"
    for method in ("get", "post"):
        response = getattr(Client(), method)(path)
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert email_settings_of(personas.mentee)["meetings"] == "immediately"


def test_it_answers_400_for_a_token_of_another_kind_or_type(personas):
    # Signed with the site's key but for something else, or naming no email type.
    other_salt = signing.Signer(salt="tandem.other").sign_object(
        {"u": personas.mentee.pk, "t": "meetings"})
    wrong_type = signing.Signer(salt="tandem.notifications.unsubscribe").sign_object(
        {"u": personas.mentee.pk, "t": "pigeons"})
    wrong_shape = signing.Signer(salt="tandem.notifications.unsubscribe").sign_object(
        ["meetings"])
    gone = signing.Signer(salt="tandem.notifications.unsubscribe").sign_object(
        {"u": 999999, "t": "meetings"})
    for token in (other_salt, wrong_type, wrong_shape, gone):
        response = Client().post(f"/notifications/unsubscribe/{token}/")
        assert response.status_code == 400, token


def test_it_refuses_other_methods(emailed):
    assert Client().put(link_of(emailed)).status_code == 405


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=st.text(alphabet=st.characters(codec="utf-8", exclude_characters="/?#%"),
                     min_size=1, max_size=120))  # no lone surrogates: a URL cannot carry them
def test_it_never_fails_on_any_token(personas, token):
    from urllib.parse import quote

    response = Client().post(f"/notifications/unsubscribe/{quote(token, safe=':')}/")
    assert response.status_code in (400, 404)
