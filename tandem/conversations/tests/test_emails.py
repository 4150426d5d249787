"""The email job: a message unseen for the delay is emailed once, a burst is one email,
a seen message is never emailed, and running twice sends nothing more."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tandem.conversations import services
from tandem.conversations.tests.conftest import backdate
from tandem.notifications.models import Group, Notification


@pytest.fixture(autouse=True)
def _delay(settings):
    settings.TANDEM_MESSAGE_EMAIL_DELAY_MINUTES = 15


def test_it_waits_for_the_delay(post, personas):
    post(body="Are you free on Friday?")
    assert services.messages_email_unseen() == 0
    assert mail.outbox == []
    later = timezone.now() + timedelta(minutes=16)
    assert services.messages_email_unseen(now=later) == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [personas.mentee.email]
    assert "1 new message from Marta Mentor" in email.subject
    assert "Are you free on Friday?" in email.body
    assert "List-Unsubscribe" in email.extra_headers


def test_a_burst_is_one_email_and_a_second_run_sends_nothing(post, personas):
    first = backdate(post(body="One"), minutes=20)
    post(body="Two")
    post(body="Three")
    assert services.messages_email_unseen() == 1
    assert services.messages_email_unseen() == 0
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "One" in body and "Two" in body and "Three" in body
    assert "3 new messages" in mail.outbox[0].subject
    note = Notification.objects.get(recipient=personas.mentee, kind="message.new")
    assert note.group == Group.MESSAGES
    assert note.url == services.thread_url(first.relationship_id)
    assert "One" not in note.title + note.body  # the content stays in the conversation


def test_the_next_burst_is_a_new_email_listing_only_what_is_new(post):
    backdate(post(body="Old news"), minutes=30)
    services.messages_email_unseen()
    backdate(post(body="Fresh news"), minutes=20)
    assert services.messages_email_unseen() == 1
    assert len(mail.outbox) == 2
    assert "Fresh news" in mail.outbox[1].body and "Old news" not in mail.outbox[1].body


def test_a_seen_message_is_never_emailed(rel, post, personas):
    backdate(post(body="Hello"), minutes=30)
    services.conversation_mark_read(actor=personas.mentee, relationship=rel)
    assert services.messages_email_unseen() == 0
    assert mail.outbox == []
    assert not Notification.objects.filter(kind="message.new").exists()


def test_a_deleted_message_is_not_emailed(post, personas):
    m = backdate(post(body="Oops"), minutes=30)
    services.message_delete(actor=personas.mentor, message=m)
    assert services.messages_email_unseen() == 0
    assert mail.outbox == []


def test_it_follows_the_readers_email_choice(post, personas):
    from tandem.notifications.services import email_preferences_set

    email_preferences_set(actor=personas.mentee, modes={"messages": "off"})
    backdate(post(body="Quiet"), minutes=30)
    assert services.messages_email_unseen() == 1
    assert mail.outbox == []
    # Still told in Tandem.
    assert Notification.objects.filter(recipient=personas.mentee, kind="message.new").exists()


def test_a_daily_digest_reader_gets_it_in_the_digest(post, personas):
    from tandem.notifications.services import email_preferences_set

    email_preferences_set(actor=personas.mentee, modes={"messages": "daily"})
    backdate(post(body="Later"), minutes=30)
    services.messages_email_unseen()
    assert mail.outbox == []
    note = Notification.objects.get(recipient=personas.mentee, kind="message.new")
    assert note.awaits_digest and note.emailed_at is None


def test_only_the_reader_is_emailed_never_a_third_person(rel, other_rel, post, personas):
    backdate(post(body="For Mia"), minutes=30)
    backdate(post(author=personas.mentor2, relationship=other_rel, body="For Noah"),
             minutes=30)
    assert services.messages_email_unseen() == 2
    by_reader = {e.to[0]: e.body for e in mail.outbox}
    assert set(by_reader) == {personas.mentee.email, personas.mentee2.email}
    assert "For Noah" not in by_reader[personas.mentee.email]
    assert "For Mia" not in by_reader[personas.mentee2.email]


def test_opening_the_thread_reads_the_notification(rel, post, personas, client_for):
    backdate(post(body="Hello"), minutes=30)
    services.messages_email_unseen()
    client_for(personas.mentee).get(services.thread_url(rel.pk))
    assert Notification.objects.get(kind="message.new").read_at is not None


def test_the_job_is_a_periodic_job():
    from tandem.core.periodic import periodic_jobs

    assert periodic_jobs()["message_emails"] is services.messages_email_unseen


def test_a_stale_claim_sends_nothing(rel, post, personas, monkeypatch):
    """Two runs at once: the one that read the conversation's state before the other
    claimed it fails its conditional update and sends nothing."""
    backdate(post(body="Once"), minutes=30)
    stale = services._read_state(personas.mentee.pk, rel.pk)
    assert services.messages_email_unseen() == 1
    monkeypatch.setattr(services, "_read_state", lambda user_id, rel_id: stale)
    assert services.messages_email_unseen() == 0
    assert len(mail.outbox) == 1


def test_a_failed_send_is_tried_again_by_the_next_run(post, monkeypatch):
    from tandem.notifications import emails

    backdate(post(body="Retry me"), minutes=30)
    real = emails.send

    def broken(**kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(emails, "send", broken)
    assert services.messages_email_unseen() == 0
    monkeypatch.setattr(emails, "send", real)
    assert services.messages_email_unseen() == 1
    assert "Retry me" in mail.outbox[0].body
