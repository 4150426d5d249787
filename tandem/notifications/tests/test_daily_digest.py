"""The daily digest: notifications of the types a person collects in it, not yet emailed
and still unread, in one email a day from 08:00 in their timezone, sent once."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail

from tandem.notifications.digests import daily_digests_send
from tandem.notifications.models import DigestSent, Notification
from tandem.notifications.services import email_preferences_set, notify
from tandem.notifications.tests.conftest import utc


@pytest.fixture
def daily(personas):
    """Mia (Lisbon) collects meetings and reminders in her daily digest."""
    email_preferences_set(actor=personas.mentee, modes={"meetings": "daily",
                                                        "reminders": "daily"})
    return personas.mentee


def test_it_gathers_the_waiting_notifications_into_one_email(daily, personas, tomorrow,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        moved = notify(recipient=daily, kind="meeting.moved", title="Marta moved your meeting",
                       url="/meetings/1/")
        notify(recipient=daily, kind="meeting.reminder", title="Meeting tomorrow at 10:00",
               url="/meetings/2/")
        notify(recipient=daily, kind="request.accepted", title="Marta accepted", url="/r/1/")
        notify(recipient=personas.mentor, kind="meeting.moved", title="Not in Mia's digest",
               url="/meetings/1/")
    assert [m.subject for m in mail.outbox] == ["[Tandem] Marta accepted",
                                                "[Tandem] Not in Mia's digest"]
    mail.outbox.clear()
    assert daily_digests_send(now=utc(tomorrow, 9)) == 1
    [message] = mail.outbox
    assert message.to == [daily.email]
    assert message.subject == "[Tandem] Your digest: 2 new notifications"
    assert "Marta moved your meeting" in message.body and "Meeting tomorrow" in message.body
    assert f"{django_settings.SITE_URL}/notifications/{moved.pk}/" in message.body
    assert "Marta accepted" not in message.body  # emailed right away already
    html = message.alternatives[0][0]
    assert "<h2" in html and "Meetings" in html and "Reminders" in html
    moved.refresh_from_db()
    assert moved.emailed_at is not None


def test_it_sends_once_however_often_the_job_runs(daily, tomorrow):
    notify(recipient=daily, kind="meeting.moved", title="Moved", url="/m/1/")
    assert daily_digests_send(now=utc(tomorrow, 9)) == 1
    assert daily_digests_send(now=utc(tomorrow, 9)) == 0
    assert daily_digests_send(now=utc(tomorrow, 15)) == 0
    # New news the same day waits for tomorrow's digest: one email a day.
    notify(recipient=daily, kind="meeting.cancelled", title="Cancelled", url="/m/2/")
    assert daily_digests_send(now=utc(tomorrow, 20)) == 0
    assert len(mail.outbox) == 1
    assert daily_digests_send(now=utc(tomorrow + timedelta(days=1), 9)) == 1
    assert "Cancelled" in mail.outbox[1].body and "Moved" not in mail.outbox[1].body
    assert DigestSent.objects.filter(user=daily).count() == 2


def test_it_leaves_out_what_was_read_in_the_meantime(daily, personas, client_for, tomorrow):
    read = notify(recipient=daily, kind="meeting.moved", title="Already seen", url="/m/1/")
    notify(recipient=daily, kind="meeting.cancelled", title="Not seen yet", url="/m/2/")
    client_for(daily).get(f"/notifications/{read.pk}/")  # opened in Tandem
    assert daily_digests_send(now=utc(tomorrow, 9)) == 1
    assert "Not seen yet" in mail.outbox[0].body and "Already seen" not in mail.outbox[0].body


def test_it_sends_nothing_when_everything_was_read(daily, client_for, tomorrow):
    notify(recipient=daily, kind="meeting.moved", title="Seen", url="/m/1/")
    client_for(daily).post("/notifications/read-all/")
    assert daily_digests_send(now=utc(tomorrow, 9)) == 0
    assert mail.outbox == [] and not DigestSent.objects.exists()


def test_it_waits_until_eight_in_the_persons_timezone(daily, personas, tomorrow):
    email_preferences_set(actor=personas.mentor, modes={"meetings": "daily"})  # Berlin
    notify(recipient=daily, kind="meeting.moved", title="For Mia", url="/m/1/")
    notify(recipient=personas.mentor, kind="meeting.moved", title="For Marta", url="/m/1/")
    # 06:00 UTC: 07:00 or 08:00 in Berlin, 06:00 or 07:00 in Lisbon.
    early = utc(tomorrow, 5, 59)
    assert daily_digests_send(now=early) == 0
    later = utc(tomorrow, 7, 30)  # at least 08:30 in Berlin, 07:30 or 08:30 in Lisbon
    sent = daily_digests_send(now=later)
    assert personas.mentor.email in [m.to[0] for m in mail.outbox]
    assert daily_digests_send(now=utc(tomorrow, 9)) == 2 - sent
    assert sorted(m.to[0] for m in mail.outbox) == sorted([daily.email, personas.mentor.email])


def test_it_leaves_the_digest_for_a_retry_when_sending_fails(daily, tomorrow, monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    notify(recipient=daily, kind="meeting.moved", title="Moved", url="/m/1/")

    def fail(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", fail)
    assert daily_digests_send(now=utc(tomorrow, 9)) == 0  # logged, the job goes on
    assert not DigestSent.objects.exists()
    assert Notification.objects.get(title="Moved").emailed_at is None
    monkeypatch.undo()
    assert daily_digests_send(now=utc(tomorrow, 10)) == 1


def test_it_puts_news_about_something_already_digested_in_the_next_digest(daily, tomorrow):
    notify(recipient=daily, kind="meeting.moved", title="Moved to Tuesday", url="/m/1/")
    assert daily_digests_send(now=utc(tomorrow, 9)) == 1
    notify(recipient=daily, kind="meeting.moved", title="Moved to Thursday", url="/m/1/")
    assert daily_digests_send(now=utc(tomorrow + timedelta(days=1), 9)) == 1
    assert "Moved to Thursday" in mail.outbox[1].body


def test_it_skips_a_type_turned_off_and_people_who_left(daily, personas, tomorrow):
    notify(recipient=daily, kind="meeting.moved", title="Moved", url="/m/1/")
    email_preferences_set(actor=personas.mentor, modes={"meetings": "daily"})
    notify(recipient=personas.mentor, kind="meeting.moved", title="Moved", url="/m/1/")
    personas.mentor.is_active = False
    personas.mentor.save(update_fields=["is_active"])
    email_preferences_set(actor=daily, modes={"meetings": "off"})
    assert daily_digests_send(now=utc(tomorrow, 12)) == 0


def test_it_is_registered_as_a_periodic_job():
    from tandem.core.periodic import periodic_jobs

    jobs = periodic_jobs()
    assert jobs["daily_digests"] is daily_digests_send
    assert "weekly_digests" in jobs


def test_it_never_emails_a_notes_text(personas, tomorrow, django_capture_on_commit_callbacks):
    from tandem.journal.services import note_create
    from tandem.mentorships.services import request_accept, request_create

    secret = "my-private-words-about-my-manager"
    rel = request_accept(actor=personas.mentor, request=request_create(
        actor=personas.mentee, mentor=personas.mentor, message="Hi"))
    email_preferences_set(actor=personas.mentee, modes={"other": "daily"})
    with django_capture_on_commit_callbacks(execute=True):
        for author in (personas.mentor, personas.mentee):
            note_create(actor=author, relationship=rel, body=secret)  # private
            note_create(actor=author, relationship=rel, body=secret, visibility="shared")
    daily_digests_send(now=utc(tomorrow, 12))
    assert len(mail.outbox) == 2  # to Marta right away, to Mia in her digest
    assert any("shared a note" in m.body for m in mail.outbox)
    for message in mail.outbox:
        assert secret not in message.body and secret not in message.alternatives[0][0]
