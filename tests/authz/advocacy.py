"""Advocacy: opportunities, introductions and resources of the Noah (mentee2) and Marta
(mentor) mentorship, and the community library. The opportunity and the introduction are
Marta's; the resource is Noah's and private; a second resource is public."""

from __future__ import annotations

from tests.authz import api_only, api_signed_in, only, signed_in

PAIR = ["mentee2", "mentor"]

ARGS = {
    "opportunity_id": lambda o: o["advocacy_opportunity"].pk,
    "introduction_id": lambda o: o["advocacy_introduction"].pk,
    "resource_id": lambda o: o["advocacy_resource"].pk,
}

MATRIX = {
    "advocacy:home": {"GET": only(200, PAIR)},
    # Empty forms: the mentor gets the page back with errors; the mentee may not post these.
    "advocacy:opportunity_add": {"POST": only(400, ["mentor"]) | {"mentee2": 403}},
    "advocacy:introduction_add": {"POST": only(400, ["mentor"]) | {"mentee2": 403}},
    "advocacy:resource_add": {"POST": only(400, PAIR)},
    "advocacy:opportunity": {"GET": only(200, PAIR),
                             "POST": only(400, ["mentor"]) | {"mentee2": 403}},
    "advocacy:opportunity_status": {"POST": only(400, PAIR)},
    "advocacy:opportunity_delete": {"POST": only(302, ["mentor"]) | {"mentee2": 403}},
    "advocacy:introduction": {"GET": only(200, PAIR),
                              "POST": only(400, ["mentor"]) | {"mentee2": 403}},
    "advocacy:introduction_status": {"POST": only(400, PAIR)},
    "advocacy:introduction_delete": {"POST": only(302, ["mentor"]) | {"mentee2": 403}},
    "advocacy:library": {"GET": signed_in(200), "POST": signed_in(400)},
    "advocacy:resource": {"GET": only(200, PAIR),
                          "POST": only(400, ["mentee2"]) | {"mentor": 403}},
    "advocacy:resource_publish": {"POST": only(302, ["mentee2"]) | {"mentor": 403}},
    "advocacy:resource_delete": {"POST": only(302, ["mentee2"]) | {"mentor": 403}},
    "GET /api/mentorships/{relationship_id}/opportunities": {"GET": api_only(200, PAIR)},
    "POST /api/mentorships/{relationship_id}/opportunities": {"POST": api_signed_in(422)},
    "GET /api/opportunities/{opportunity_id}": {"GET": api_only(200, PAIR)},
    "PATCH /api/opportunities/{opportunity_id}": {
        "PATCH": api_only(200, ["mentor"]) | {"mentee2": 403}},
    "POST /api/opportunities/{opportunity_id}/status": {"POST": api_signed_in(422)},
    "DELETE /api/opportunities/{opportunity_id}": {
        "DELETE": api_only(204, ["mentor"]) | {"mentee2": 403}},
    "GET /api/mentorships/{relationship_id}/introductions": {"GET": api_only(200, PAIR)},
    "POST /api/mentorships/{relationship_id}/introductions": {"POST": api_signed_in(422)},
    "GET /api/introductions/{introduction_id}": {"GET": api_only(200, PAIR)},
    # An empty change is allowed to both (the mentee may write how the meeting went).
    "PATCH /api/introductions/{introduction_id}": {"PATCH": api_only(200, PAIR)},
    "POST /api/introductions/{introduction_id}/status": {"POST": api_signed_in(422)},
    "DELETE /api/introductions/{introduction_id}": {
        "DELETE": api_only(204, ["mentor"]) | {"mentee2": 403}},
    "GET /api/mentorships/{relationship_id}/resources": {"GET": api_only(200, PAIR)},
    "POST /api/mentorships/{relationship_id}/resources": {"POST": api_signed_in(422)},
    "PATCH /api/resources/{resource_id}": {
        "PATCH": api_only(200, ["mentee2"]) | {"mentor": 403}},
    "DELETE /api/resources/{resource_id}": {
        "DELETE": api_only(204, ["mentee2"]) | {"mentor": 403}},
    "GET /api/community/resources": {"GET": api_signed_in(200)},
    "POST /api/community/resources": {"POST": api_signed_in(422)},
}

# A public resource: everyone signed in may read it; only Noah, who added it, changes it.
PRIVATE_OBJECT_CASES = {
    "advocacy:resource_delete": (
        {"resource_id": lambda o: o["advocacy_public_resource"].pk},
        {"POST": signed_in(403) | {"mentee2": 302}}),
    "PATCH /api/resources/{resource_id}": (
        {"resource_id": lambda o: o["advocacy_public_resource"].pk},
        {"PATCH": api_signed_in(403) | {"mentee2": 200}}),
}


def objects(personas, base) -> dict:
    from tandem.advocacy import services

    rel = base["relationship"]
    return {
        "advocacy_opportunity": services.opportunity_post(
            actor=personas.mentor, relationship=rel, kind="event", title="Rust meetup talk"),
        "advocacy_introduction": services.introduction_propose(
            actor=personas.mentor, relationship=rel, contact_name="Ada Example",
            why="She maintains a Rust crate and takes newcomers."),
        "advocacy_resource": services.resource_add(
            actor=personas.mentee2, relationship=rel, kind="book", title="The Rust Book"),
        "advocacy_public_resource": services.resource_add(
            actor=personas.mentee2, relationship=rel, kind="article", title="Ownership",
            url="https://blog.example.org/ownership", is_public=True),
    }
