import re
from django.test import Client
from tandem.mentorships import services
from tandem.notifications.models import Notification

def test_it(personas):
    req = services.request_create(actor=personas.mentee, mentor=personas.mentor, message="hello there")
    rel = services.request_accept(actor=personas.mentor, request=req)
    services.relationship_pause(actor=personas.mentee, relationship=rel, reason="my divorce")
    c = Client(); c.force_login(personas.staff)
    n = Notification.objects.filter(kind="relationship.paused").first()
    for path in ["/admin/notifications/notification/", f"/admin/notifications/notification/{n.pk}/change/"]:
        body = c.get(path).content.decode()
        for m in re.finditer("paused your mentorship", body):
            print("\n", path, body[max(0, m.start()-200):m.end()+50].replace("\n", " "))
