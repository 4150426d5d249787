"""No message is visible outside its conversation: not on pages, in the API, in search,
in the inbox, in notifications or emails, in the admin, or in another person's export."""

from django.core import mail

from tandem.conversations import services
from tandem.conversations.tests.conftest import backdate

SECRET = "my-very-private-words"
NON_PARTIES = ("outsider", "coordinator", "staff", "mentor2", "mentee2")


def test_no_page_shows_a_message_to_a_non_party(rel, personas, post, client_for):
    m = post(body=SECRET)
    for name in NON_PARTIES:
        client = client_for(getattr(personas, name))
        for path in (f"/mentorships/{rel.pk}/messages/",
                     f"/mentorships/{rel.pk}/messages/new/?after=0",
                     f"/messages/{m.pk}/edit/"):
            assert client.get(path).status_code == 404, (name, path)
        assert client.post(f"/messages/{m.pk}/delete/").status_code == 404
        assert client.post(f"/mentorships/{rel.pk}/messages/", {"body": "x"}).status_code == 404
        for path in ("/messages/", "/messages/?q=very-private", "/", "/notifications/"):
            assert SECRET not in client.get(path).content.decode(), (name, path)


def test_staff_cannot_read_messages_in_the_admin(rel, personas, post, client_for):
    post(body=SECRET)
    client = client_for(personas.staff)
    assert client.get("/admin/conversations/message/").status_code == 404
    assert SECRET not in client.get("/admin/").content.decode()


def test_notifications_and_emails_reach_the_reader_only(rel, personas, post, client_for):
    backdate(post(body=SECRET), minutes=60)
    services.messages_email_unseen()
    assert [e.to for e in mail.outbox] == [[personas.mentee.email]]
    from tandem.notifications.models import Notification

    assert list(Notification.objects.filter(kind="message.new")
                .values_list("recipient", flat=True)) == [personas.mentee.pk]


def test_export_has_my_messages_and_erasure_keeps_the_other_partys(rel, personas, post):
    from tandem.conversations.models import Message
    from tandem.conversations.sections import erase_user, export_data

    post(body=SECRET)
    post(author=personas.mentee, body="Mia's own words")
    assert [m["text"] for m in export_data(user=personas.mentee)["messages"]] == \
        ["Mia's own words"]
    assert export_data(user=personas.outsider) == {"messages": []}
    erase_user(user=personas.mentee)
    assert list(Message.objects.values_list("body", flat=True)) == [SECRET]
