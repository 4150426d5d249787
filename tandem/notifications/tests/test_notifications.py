from django.conf import settings
from django.core import mail

from tandem.notifications.models import Notification
from tandem.notifications.services import notify
from tandem.notifications.tasks import send_notification_email


def test_it_shows_the_unread_count_in_the_header(personas, client_for):
    notify(recipient=personas.mentee, kind="test", title="Hello", url="/goals/", email=False)
    notify(recipient=personas.mentee, kind="test", title="Again", email=False)
    page = client_for(personas.mentee).get("/goals/").content.decode()
    assert 'data-testid="unread-count">2<' in page
    assert 'data-testid="unread-count"' not in client_for(personas.mentor).get("/goals/").content.decode()


def test_it_marks_one_read_when_opened_and_goes_where_it_points(personas, client_for):
    note = notify(recipient=personas.mentee, kind="test", title="Go", url="/goals/", email=False)
    response = client_for(personas.mentee).get(f"/notifications/{note.pk}/")
    assert response["Location"] == "/goals/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert client_for(personas.mentor).get(f"/notifications/{note.pk}/").status_code == 404


def test_it_never_redirects_off_site(personas, client_for):
    note = notify(recipient=personas.mentee, kind="test", title="Bad", url="https://evil.example/",
                  email=False)
    response = client_for(personas.mentee).get(f"/notifications/{note.pk}/")
    assert response["Location"] == "/notifications/"


def test_it_marks_all_read(personas, client_for, api_client):
    for i in range(3):
        notify(recipient=personas.mentee, kind="test", title=f"N{i}", url=f"/n/{i}/",
               email=False)
    body = api_client(personas.mentee).get("/api/notifications").json()
    assert body["unread"] == 3 and [n["title"] for n in body["results"]] == ["N2", "N1", "N0"]
    client_for(personas.mentee).post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient=personas.mentee, read_at__isnull=True).exists()
    assert api_client(personas.mentee).get("/api/notifications?unread_only=true").json() == {
        "unread": 0, "count": 0, "results": []}


def test_it_emails_text_and_html_once(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(recipient=personas.mentee, kind="test", title="Your request was accepted",
                      body="Next, agree together.", url="/mentorships/1/")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[Tandem] Your request was accepted"
    assert f"{settings.SITE_URL}/mentorships/1/" in message.body
    assert "Open in Tandem" in message.alternatives[0][0]
    assert send_notification_email.call(note.pk) is False  # a second run sends nothing
    assert len(mail.outbox) == 1


def test_it_lists_notifications_with_a_constant_query_count(personas, client_for, query_budget):
    def make(n):
        for i in range(n):
            notify(recipient=personas.mentee, kind="test", title=f"N{i}", url=f"/n/{i}/",
                   email=False)

    client = client_for(personas.mentee)
    query_budget(make=make, call=lambda: client.get("/notifications/"))


def test_it_folds_repeated_unread_events_about_one_page_into_one(
        personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(recipient=personas.mentee, kind="agreement.proposed", title="Edit 1",
                       url="/mentorships/1/agreement/")
        again = notify(recipient=personas.mentee, kind="agreement.proposed", title="Edit 2",
                       url="/mentorships/1/agreement/")
    assert again.pk == first.pk and again.title == "Edit 2"
    # Not emailed yet when the second came: one email, with the latest text.
    assert [m.subject for m in mail.outbox] == ["[Tandem] Edit 2"]
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=personas.mentee, kind="agreement.proposed", title="Edit 3",
               url="/mentorships/1/agreement/")
    # Emailed already: the news is emailed too (a meeting moved again, the hour reminder).
    assert [m.subject for m in mail.outbox] == ["[Tandem] Edit 2", "[Tandem] Edit 3"]
    assert Notification.objects.filter(recipient=personas.mentee).count() == 1
    Notification.objects.filter(pk=first.pk).update(read_at="2026-01-01T00:00:00Z")
    third = notify(recipient=personas.mentee, kind="agreement.proposed", title="Edit 4",
                   url="/mentorships/1/agreement/", email=False)
    assert third.pk != first.pk  # once read, a new event is news again


def test_it_names_a_notification_without_its_text(personas):
    note = notify(recipient=personas.mentee, kind="request.declined",
                  title="Marta Mentor cannot take you on", email=False)
    assert str(note) == f"Notification #{note.pk} (request.declined)"


def test_it_emails_a_title_with_a_line_break_on_one_line(personas,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(recipient=personas.mentee, kind="test", title="Mia\nEvil  asked\tyou",
                      url="/requests/1/")
    assert note.title == "Mia Evil asked you"
    # A row stored before titles were cleaned is still sent, on one line.
    old = Notification.objects.create(recipient=personas.mentee, kind="old",
                                      title="Mia\r\nBcc: evil@example.com")
    assert send_notification_email.call(old.pk) is True
    assert [m.subject for m in mail.outbox] == ["[Tandem] Mia Evil asked you",
                                                "[Tandem] Mia Bcc: evil@example.com"]
    assert all(m.to == [personas.mentee.email] for m in mail.outbox)


def test_it_leaves_an_email_that_failed_to_send_for_a_retry(personas, monkeypatch):
    import pytest
    from django.core.mail import EmailMultiAlternatives

    note = notify(recipient=personas.mentee, kind="test", title="Hello", email=False)

    def fail(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", fail)
    with pytest.raises(ConnectionRefusedError):
        send_notification_email.call(note.pk)
    note.refresh_from_db()
    assert note.emailed_at is None
    monkeypatch.undo()
    assert send_notification_email.call(note.pk) is True
    assert len(mail.outbox) == 1
    note.refresh_from_db()
    assert note.emailed_at is not None


def test_it_emails_only_the_groups_a_person_wants(personas, client_for,
                                                  django_capture_on_commit_callbacks):
    from tandem.notifications.models import group_of

    assert group_of("meeting.reminder") == "reminders" and group_of("request.received") == "requests"
    response = client_for(personas.mentee).post("/settings/notifications/", {
        "meetings": "off", "reminders": "off"})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=personas.mentee, kind="meeting.moved", title="Moved", url="/m/1/")
        notify(recipient=personas.mentee, kind="meeting.reminder", title="Soon", url="/m/2/")
        notify(recipient=personas.mentee, kind="request.accepted", title="Accepted", url="/r/1/")
    assert [m.subject for m in mail.outbox] == ["[Tandem] Accepted"]
    assert Notification.objects.filter(recipient=personas.mentee).count() == 3  # in-app always
    page = client_for(personas.mentee).get("/settings/notifications/").content.decode()
    assert 'name="meetings" value="off" checked' in page


def test_it_sets_email_preferences_over_the_api(personas, api_client):
    client = api_client(personas.mentor)
    body = client.get("/api/notifications/preferences").json()
    assert body.pop("weekly_digest") is True
    assert set(body.values()) == {"immediately"} and "reports" in body
    response = client.patch("/api/notifications/preferences", {"reports": "off"})
    assert response.status_code == 200 and response.json()["reports"] == "off"
    response = client.patch("/api/notifications/preferences", {"reports": "weekly"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "reports"
    response = client.patch("/api/notifications/preferences", {"pigeons": "off"})
    assert response.status_code == 422
