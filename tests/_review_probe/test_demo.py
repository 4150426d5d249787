import re
from django.core.management import call_command
from django.test import Client
from tandem.accounts.demo import DEMO_LOGINS
from tandem.accounts.models import User, Profile
from tandem.mentorships.models import Relationship
from tandem.mentorships import selectors


def test_demo(db):
    call_command("demo")
    mentee = User.objects.get(email=DEMO_LOGINS[0][0])
    mentor = User.objects.get(email=DEMO_LOGINS[1][0])
    c = Client(); c.force_login(mentee)
    page = c.get(f"/people/{mentor.profile.pk}/").content.decode()
    m = re.search(r'data-testid="responsiveness">(.*?)</p>', page, re.S)
    print("\nRESP:", m.group(1).strip() if m else None)
    print("typical", selectors.typical_response_time(mentor))
    for p in Profile.objects.filter(is_mentor=True):
        open_ = Relationship.objects.filter(mentor=p.user, state__in=["active", "paused"]).count()
        if open_ != p.places_taken:
            print("DRIFT", p.user.email, p.places_taken, open_)
    for path in ["/requests/", "/mentorships/", "/notifications/"]:
        for u in (mentee, mentor):
            c = Client(); c.force_login(u)
            print(path, u.email, c.get(path).status_code)
    c = Client(); c.force_login(mentor)
    for r in Relationship.objects.filter(mentor=mentor):
        for suffix in ["", "agreement/", "reflection/"]:
            code = c.get(f"/mentorships/{r.pk}/{suffix}").status_code
            if code != 200:
                print("non-200", r.pk, suffix, code)
