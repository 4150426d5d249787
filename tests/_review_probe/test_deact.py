from django.test import Client
from tandem.mentorships import services
from tandem.accounts.services import profile_update


def c(u):
    x = Client(raise_request_exception=True); x.force_login(u); return x


def test_deact(personas, api_client):
    req = services.request_create(actor=personas.mentee, mentor=personas.mentor, message="hello")
    req2 = services.request_create(actor=personas.mentee2, mentor=personas.mentor, message="hello")
    rel = services.request_accept(actor=personas.mentor, request=req2)
    personas.mentor.is_active = False
    personas.mentor.save()
    for path in [f"/requests/{req.pk}/", f"/people/{personas.mentor.profile.pk}/", f"/people/{personas.mentor.profile.pk}/ask/",
                 "/requests/", f"/mentorships/{rel.pk}/", "/mentorships/"]:
        print("\n", path, c(personas.mentee).get(path).status_code, c(personas.mentee2).get(path).status_code)
    print(api_client(personas.mentee).post("/api/requests", {"mentor_profile_id": personas.mentor.profile.pk, "message": "x"}).status_code)
    print("pause w/ inactive mentor", c(personas.mentee2).post(f"/mentorships/{rel.pk}/pause/", {}).status_code)


def test_lowered_capacity(personas):
    profile_update(actor=personas.mentor, profile=personas.mentor.profile, changes={"mentor_capacity": 1})
    r1 = services.request_create(actor=personas.mentee, mentor=personas.mentor, message="hello")
    r2 = services.request_create(actor=personas.mentee2, mentor=personas.mentor, message="hello")
    services.request_accept(actor=personas.mentor, request=r1)
    profile_update(actor=personas.mentor, profile=personas.mentor.profile, changes={"mentor_capacity": 0})
    x = c(personas.mentor)
    r = x.post(f"/requests/{r2.pk}/accept/", follow=True)
    print("\naccept over capacity", r.status_code, "All your places" in r.content.decode())
    print("request page", x.get(f"/requests/{r2.pk}/").status_code)
    print("person page", c(personas.mentee2).get(f"/people/{personas.mentor.profile.pk}/").status_code)
