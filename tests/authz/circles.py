"""Circles: a mentor-led circle of Marta (mentor) with Noah (mentee2) as a member. Mia
(mentee) is invited and Oscar (outsider) asked to join, so both see its summary page and
nothing else; Omar (mentor2), the coordinator and staff get 404 for everything inside.
The meeting is in the future; the resource is Noah's. The program is the programs
matrix's, coordinated by Cora."""

from __future__ import annotations

from tests.authz import api_only, api_signed_in, only, signed_in

PAIR = ["mentee2", "mentor"]
SUMMARY = ["mentee", "mentee2", "mentor", "outsider"]
COORDS = ["coordinator", "staff"]
LEADER_ONLY = {"mentee2": 403}

ARGS = {
    "circle_id": lambda o: o["circle"].pk,
    "membership_id": lambda o: o["circle_request"].pk,
    "circle_meeting_id": lambda o: o["circle_meeting"].pk,
    "circle_resource_id": lambda o: o["circle_resource"].pk,
}

MATRIX = {
    "circles:list": {"GET": signed_in(200)},
    "circles:create": {"GET": signed_in(200), "POST": signed_in(400)},
    "circles:health": {"GET": only(200, COORDS)},
    "circles:home": {"GET": only(200, SUMMARY)},
    "circles:edit": {"GET": only(200, ["mentor"]) | LEADER_ONLY,
                     "POST": only(400, ["mentor"]) | LEADER_ONLY},
    "circles:close": {"POST": only(302, ["mentor"]) | LEADER_ONLY},
    # Marta is the only mentor and Noah stays: she must name who runs it next.
    "circles:leave": {"GET": only(200, PAIR), "POST": only(302, ["mentee2"]) | {"mentor": 400}},
    "circles:members": {"GET": only(200, PAIR)},
    "circles:invite": {"POST": only(400, ["mentor"]) | LEADER_ONLY},
    "circles:join": {"POST": only(302, SUMMARY)},
    "circles:respond": {"POST": only(302, SUMMARY)},
    "circles:decide": {"POST": only(302, ["mentor"]) | LEADER_ONLY},
    "circles:remove": {"POST": only(302, ["mentor"]) | LEADER_ONLY},
    "circles:agreement": {"GET": only(200, PAIR), "POST": only(400, PAIR)},
    "circles:agreement_confirm": {"POST": only(302, PAIR)},
    "circles:schedule": {"POST": only(302, ["mentor"]) | LEADER_ONLY},
    "circles:meetings": {"GET": only(200, PAIR)},
    "circles:meeting": {"GET": only(200, PAIR)},
    "circles:agenda_add": {"POST": only(400, PAIR)},
    "circles:note_save": {"POST": only(302, PAIR)},
    "circles:attendance": {"POST": only(302, ["mentor"]) | LEADER_ONLY},
    "circles:meeting_cancel": {"POST": only(302, ["mentor"]) | LEADER_ONLY},
    "circles:posts": {"GET": only(200, PAIR), "POST": only(400, PAIR)},
    "circles:resource_add": {"POST": only(302, PAIR)},
    "circles:resources": {"GET": only(200, PAIR)},
    "circles:resource_delete": {"POST": only(302, PAIR)},
    "circles:goals": {"POST": only(302, PAIR)},
    "circles:program_circles": {"GET": only(200, COORDS)},
    "circles:program_assign": {"GET": only(200, COORDS), "POST": only(302, COORDS)},
    "GET /api/circles": {"GET": api_signed_in(200)},
    "POST /api/circles": {"POST": api_signed_in(422)},
    "GET /api/circles/health": {"GET": api_only(200, COORDS)},
    "GET /api/circles/{circle_id}": {"GET": api_only(200, SUMMARY)},
    "PATCH /api/circles/{circle_id}": {"PATCH": api_only(200, ["mentor"]) | LEADER_ONLY},
    "POST /api/circles/{circle_id}/close": {"POST": api_only(200, ["mentor"]) | LEADER_ONLY},
    "POST /api/circles/{circle_id}/leave": {
        "POST": api_only(200, ["mentee2"]) | {"mentor": 422}},
    "GET /api/circles/{circle_id}/members": {"GET": api_only(200, PAIR)},
    "POST /api/circles/{circle_id}/invitations": {"POST": api_signed_in(422)},
    # Each of them is in, invited or asking already.
    "POST /api/circles/{circle_id}/requests": {"POST": api_only(409, SUMMARY)},
    "POST /api/circles/{circle_id}/invitation": {"POST": api_signed_in(422)},
    "POST /api/circle-memberships/{membership_id}/decide": {"POST": api_signed_in(422)},
    # Oscar's request is not a membership to remove.
    "POST /api/circle-memberships/{membership_id}/remove": {
        "POST": api_only(409, ["mentor"]) | LEADER_ONLY},
    "GET /api/circles/{circle_id}/agreement": {"GET": api_only(200, PAIR)},
    "POST /api/circles/{circle_id}/agreement": {"POST": api_signed_in(422)},
    "POST /api/circles/{circle_id}/agreement/confirm": {"POST": api_only(409, PAIR)},
    "GET /api/circles/{circle_id}/meetings": {"GET": api_only(200, PAIR)},
    "POST /api/circles/{circle_id}/meetings": {"POST": api_signed_in(422)},
    "GET /api/circle-meetings/{circle_meeting_id}": {"GET": api_only(200, PAIR)},
    "POST /api/circle-meetings/{circle_meeting_id}/agenda": {"POST": api_signed_in(422)},
    "PUT /api/circle-meetings/{circle_meeting_id}/notes": {"PUT": api_only(200, PAIR)},
    # The meeting has not started yet.
    "PUT /api/circle-meetings/{circle_meeting_id}/attendance": {
        "PUT": api_only(409, ["mentor"]) | LEADER_ONLY},
    "POST /api/circle-meetings/{circle_meeting_id}/cancel": {
        "POST": api_only(200, ["mentor"]) | LEADER_ONLY},
    "GET /api/circles/{circle_id}/posts": {"GET": api_only(200, PAIR)},
    "POST /api/circles/{circle_id}/posts": {"POST": api_signed_in(422)},
    "GET /api/circles/{circle_id}/resources": {"GET": api_only(200, PAIR)},
    "POST /api/circles/{circle_id}/resources": {"POST": api_signed_in(422)},
    "DELETE /api/circle-resources/{circle_resource_id}": {"DELETE": api_only(204, PAIR)},
    "GET /api/circles/{circle_id}/goals": {"GET": api_only(200, PAIR)},
    "PUT /api/circles/{circle_id}/goals": {"PUT": api_only(200, PAIR)},
    "GET /api/programs/{program_id}/circles": {"GET": api_only(200, COORDS)},
    "GET /api/programs/{program_id}/circles/proposal": {"GET": api_only(200, COORDS)},
    "POST /api/programs/{program_id}/circles/assignments": {"POST": api_signed_in(422)},
}

JSON_BODIES = {
    "PATCH /api/circles/{circle_id}": {},
    "PUT /api/circle-meetings/{circle_meeting_id}/notes": {"text": "We agreed next steps."},
    "PUT /api/circle-meetings/{circle_meeting_id}/attendance": {"present": []},
    "PUT /api/circles/{circle_id}/goals": {"goal_ids": []},
}


def objects(personas, base) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from tandem.circles import services

    circle = services.circle_create(actor=personas.mentor, topic="Leading a first team",
                                    mentor_led=True, size_limit=4)
    services.member_invite(actor=personas.mentor, circle=circle, user=personas.mentee2)
    services.invitation_respond(actor=personas.mentee2, circle=circle, accept=True)
    services.member_invite(actor=personas.mentor, circle=circle, user=personas.mentee)
    # Oscar asked while the circle took requests; it is by invitation again now.
    services.circle_update(actor=personas.mentor, circle=circle,
                           changes={"join_mode": "request"})
    request = services.membership_request(actor=personas.outsider, circle=circle)
    services.circle_update(actor=personas.mentor, circle=circle,
                           changes={"join_mode": "invitation"})
    meetings = services.meetings_schedule(actor=personas.mentor, circle=circle,
                                          first_at=timezone.now() + timedelta(days=7), count=2)
    resource = services.resource_add(actor=personas.mentee2, circle=circle,
                                      title="Team Topologies")
    return {"circle": circle, "circle_request": request, "circle_meeting": meetings[0],
            "circle_resource": resource}
