import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tandem.accounts.services import profile_update
from tandem.accounts.tests.factories import make_mentee, make_mentor
from tandem.mentorships import services


def count(c, path):
    c.get(path)
    with CaptureQueriesContext(connection) as q:
        r = c.get(path)
    assert r.status_code == 200, (path, r.status_code)
    return len(q)


def test_lists(personas):
    mentor = personas.mentor
    profile_update(actor=mentor, profile=mentor.profile, changes={"mentor_capacity": 20})
    c = Client(); c.force_login(mentor)
    paths = ["/requests/", "/mentorships/", "/notifications/", "/api/requests", "/api/requests?box=received",
             "/api/mentorships", "/api/notifications"]
    made = []
    def make(n):
        for i in range(n):
            m = make_mentee(goals=["G1", "G2"])
            req = services.request_create(actor=m, mentor=mentor, message="hi",
                                          goal_ids=[g.pk for g in m.career_goals.all()])
            services.request_ask_info(actor=mentor, request=req, question="q?")
            services.request_reply(actor=m, request=req, reply="a")
            if i % 2 == 0:
                rel = services.request_accept(actor=mentor, request=req)
                if i % 4 == 0:
                    services.relationship_complete(actor=m, relationship=rel)
    make(3)
    few = {p: count(c, p) for p in paths}
    make(8)
    many = {p: count(c, p) for p in paths}
    print()
    for p in paths:
        print(p, few[p], "->", many[p])
    # mentee side
    m = make_mentee(goals=["A"])
    cm = Client(); cm.force_login(m)
    mentors = [make_mentor(capacity=3) for _ in range(5)]
    for x in mentors[:2]:
        services.request_create(actor=m, mentor=x, message="hi")
    a = count(cm, "/api/requests?box=sent")
    for x in mentors[2:]:
        services.request_create(actor=m, mentor=x, message="hi")
    print("sent api", a, "->", count(cm, "/api/requests?box=sent"))
