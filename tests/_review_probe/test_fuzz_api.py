import json
import traceback

import pytest
from django.test import Client

from tandem.mentorships import services

RESULTS = []


def call(user, method, path, body=None, raw=None):
    c = Client(raise_request_exception=True)
    c.force_login(user)
    kwargs = {}
    if raw is not None:
        kwargs = {"data": raw, "content_type": "application/json"}
    elif body is not None:
        kwargs = {"data": json.dumps(body), "content_type": "application/json"}
    try:
        r = getattr(c, method)(path, **kwargs)
        code = r.status_code
        info = r.content[:200].decode(errors="replace")
    except Exception as exc:
        code = "EXC"
        info = "".join(traceback.format_exception_only(type(exc), exc)).strip()[:300]
    line = f"{code} {method.upper()} {path} {json.dumps(body)[:120] if body is not None else raw}: {info if (code == 'EXC' or code >= 500) else ''}"
    RESULTS.append((code, line))
    return code


@pytest.fixture
def rel(personas):
    mentee = personas.mentee
    goals = [g.pk for g in mentee.career_goals.all()]
    req = services.request_create(actor=mentee, mentor=personas.mentor, message="hi there",
                                  goal_ids=goals[:1])
    return services.request_accept(actor=personas.mentor, request=req)


BIG = 10**30
HUGE = 2**63


def test_fuzz(personas, rel):
    m, M = personas.mentee, personas.mentor
    mp = M.profile.pk
    rid = rel.request_id
    R = rel.pk
    # create request
    for body in [
        {"mentor_profile_id": BIG, "message": "x"},
        {"mentor_profile_id": HUGE, "message": "x"},
        {"mentor_profile_id": -1, "message": "x"},
        {"mentor_profile_id": personas.mentor2.profile.pk, "message": "x", "goal_ids": [BIG]},
        {"mentor_profile_id": personas.mentor2.profile.pk, "message": "x", "goal_ids": [HUGE]},
        {"mentor_profile_id": personas.mentor2.profile.pk, "message": "x", "goal_ids": ["a"]},
        {"mentor_profile_id": personas.mentor2.profile.pk, "message": None},
        {"mentor_profile_id": personas.mentor2.profile.pk, "message": "x", "cadence": None},
        {"mentor_profile_id": personas.mentor2.profile.pk, "message": "x" * 5000},
        {"mentor_profile_id": personas.mentor2.profile.pk, "message": "\x00"},
        {"mentor_profile_id": personas.mentor2.profile.pk, "message": "x", "goal_ids": None},
        {"mentor_profile_id": personas.outsider.profile.pk, "message": "x"},
        {"mentor_profile_id": m.profile.pk, "message": "x"},
        [1, 2], "str", 5, None,
    ]:
        call(m, "post", "/api/requests", body)
    call(m, "post", "/api/requests", raw="{not json")
    for path in [f"/api/requests/{BIG}", f"/api/requests/{HUGE}", f"/api/requests/-1",
                 f"/api/mentorships/{BIG}", f"/api/mentorships/{HUGE}",
                 f"/api/mentorships/{R}/agreement/versions/{BIG}",
                 f"/api/mentorships/{R}/agreement/versions/{HUGE}",
                 f"/api/mentorships/{R}/agreement/versions/-1",
                 "/api/requests?box=x", "/api/requests?box=sent", f"/api/mentorships/{R}/reflections",
                 f"/api/notifications?limit={BIG}", f"/api/notifications?limit=-5",
                 f"/api/notifications?limit={HUGE}", "/api/decline-reasons"]:
        call(m, "get", path)
    for n in [BIG, HUGE, -1]:
        call(m, "post", f"/api/notifications/{n}/read")
        call(m, "post", f"/api/requests/{n}/accept")
        call(m, "post", f"/api/mentorships/{n}/pause", {})
    # decline/ask bodies
    for body in [{"reason_id": BIG}, {"reason_id": HUGE}, {"reason_id": "x"}, {"reason_id": None, "text": None},
                 {"text": 5}, {}, None]:
        call(M, "post", f"/api/requests/{rid}/decline", body)
    for body in [{"question": None}, {"question": ""}, {}, {"question": ["a"]}]:
        call(M, "post", f"/api/requests/{rid}/ask", body)
        call(m, "post", f"/api/requests/{rid}/reply", {"reply": body.get("question") if body else None})
    # agreement
    A = f"/api/mentorships/{R}/agreement"
    bodies = [
        {"meeting_time": "24:00"}, {"meeting_time": "18:00+05:00"}, {"meeting_time": "18:00Z"},
        {"meeting_time": "18"}, {"meeting_time": "1830"}, {"meeting_time": 5}, {"meeting_time": None},
        {"meeting_time": "T18:00"}, {"meeting_time": "18:00:00.5"},
        {"start_date": "0001-01-01"}, {"end_date": "9999-12-31"},
        {"start_date": "0001-01-01", "end_date": "0001-03-01"},
        {"start_date": "9999-10-01", "end_date": "9999-12-31"},
        {"start_date": "9999-12-31"}, {"end_date": "0001-01-01"},
        {"start_date": None}, {"end_date": None}, {"start_date": "garbage"},
        {"objectives": "a string"}, {"objectives": {"text": "x"}}, {"objectives": [["nested"]]},
        {"objectives": [{"text": "x", "goal_id": "5"}]}, {"objectives": [{"text": "x", "goal_id": "abc"}]},
        {"objectives": [{"text": "x", "goal_id": BIG}]}, {"objectives": [{"text": "x", "goal_id": HUGE}]},
        {"objectives": [{"text": None}]}, {"objectives": None}, {"objectives": []},
        {"objectives": [{"text": "x"}] * 11},
        {"objectives": ["plain"]},
        {"channel": None}, {"channel": 5}, {"channel": ["video"]}, {"cadence": "custom"},
        {"cadence": "custom", "custom_interval_days": BIG}, {"custom_interval_days": HUGE},
        {"weekday": 7}, {"weekday": -1}, {"weekday": True}, {"weekday": "3"}, {"weekday": 3.5},
        {"duration_minutes": None}, {"duration_minutes": BIG}, {"duration_minutes": 1e308},
        {"timezone": None}, {"timezone": "Nowhere/X"}, {"timezone": ""}, {"timezone": ["UTC"]},
        {"confidentiality": ""}, {"confidentiality": None}, {"confidentiality": "\x00"},
        {"meeting_place": None}, {"meeting_place": "x" * 301}, {"feedback_notes": 5},
        {"report_every_weeks": 0}, {"unknown": 1}, {}, [], "s", None, 5,
        {"meeting_place": "https://x.example/" + "\u0000"},
    ]
    for body in bodies:
        call(m, "patch", A, body)
    call(m, "patch", A, raw="{bad")
    for body in [{"version": "1"}, {"version": "x"}, {"version": None}, {"version": BIG},
                 {"version": HUGE}, {"version": 1.5}, {"version": True}, {}, None, {"version": -1}]:
        call(M, "post", f"{A}/confirm", body)
    # pause / end / reflections
    for body in [{"until": "9999-12-31"}, {"until": "0001-01-01"}, {"until": None, "reason": None},
                 {"until": "garbage"}, {"until": 5}, {"reason": "\x00"}, {"reason": "x" * 3000}]:
        call(m, "post", f"/api/mentorships/{R}/pause", body)
    call(m, "post", f"/api/mentorships/{R}/resume")
    call(m, "post", f"/api/mentorships/{R}/pause", {"until": "9999-12-31"})
    call(m, "get", f"/api/mentorships/{R}")
    call(m, "get", f"/api/mentorships")
    call(m, "get", f"/mentorships/{R}/")
    call(M, "get", f"/mentorships/{R}/")
    call(m, "get", "/notifications/")
    call(M, "get", "/notifications/")
    for body in [{"reason": None}, {"reason": ""}, {}, {"reason": 5}]:
        call(m, "post", f"/api/mentorships/{R}/end", body)
    for body in [{"achieved": "a", "rating": BIG, "would_recommend": True},
                 {"achieved": "a", "rating": 3, "would_recommend": "yes"},
                 {"achieved": None, "rating": 3, "would_recommend": True},
                 {"achieved": "a", "rating": "3", "would_recommend": True},
                 {"achieved": "a", "rating": 3, "would_recommend": True, "private_remark": None}]:
        call(m, "post", f"/api/mentorships/{R}/reflections", body)
    call(m, "post", f"/api/mentorships/{R}/complete")
    call(m, "post", f"/api/mentorships/{R}/end", {"reason": "x"})
    for body in [{"achieved": "a", "rating": BIG, "would_recommend": True},
                 {"achieved": "a", "rating": 3, "would_recommend": "yes"},
                 {"achieved": None, "rating": 3, "would_recommend": True},
                 {"achieved": "a", "rating": 3.0, "would_recommend": True},
                 {"achieved": "a", "rating": 3, "would_recommend": True, "private_remark": None}]:
        call(m, "post", f"/api/mentorships/{R}/reflections", body)
    for body in [{"skills": None}, {"skills": ["x"], "capacity": BIG}, {"skills": [5]},
                 {"skills": ["\x00"]}, {"skills": "abc"}, {"skills": ["a"], "capacity": -1}]:
        call(m, "post", "/api/me/become-mentor", body)
    print()
    for code, line in RESULTS:
        print("!!", line)
    print("codes:", sorted({str(c) for c, _ in RESULTS}))
