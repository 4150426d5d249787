from django.core import mail
from tandem.accounts.services import profile_update
from tandem.mentorships import services
from tandem.notifications.models import Notification
from tandem.notifications.tasks import send_notification_email


def test_newline_name(personas, api_client):
    r = api_client(personas.mentee).patch("/api/me/profile", {"display_name": "Mia\nEvil"})
    print("\nprofile patch", r.status_code, r.content[:200])
    profile_update(actor=personas.mentee, profile=personas.mentee.profile, changes={"display_name": "Mia\nEvil"})
    from tandem.accounts.models import User
    me = User.objects.get(pk=personas.mentee.pk)
    print(repr(me.display_name))
    req = services.request_create(actor=me, mentor=personas.mentor, message="hello")
    n = Notification.objects.get(recipient=personas.mentor, kind="request.received")
    try:
        print("sent:", send_notification_email.call(n.pk))
    except Exception as exc:
        print("EXC", type(exc).__name__, exc)
    n.refresh_from_db()
    print(repr(mail.outbox[0].message()["Subject"])); print("emailed_at set:", n.emailed_at is not None, "outbox:", len(mail.outbox))
