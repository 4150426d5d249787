"""Authorization of goals inside a mentorship and of strengths and growth areas.

The mentorship is Noah (mentee2) with Marta (mentor); the shared goal is Noah's
"Learn Rust" (shared with all his mentors); the comment on it is Marta's, so acknowledging
it is Noah's (Marta, its author, gets 403). Everyone else gets 404.
"""

from __future__ import annotations

from tests.authz import api_only, api_signed_in, only

ARGS = {
    "shared_goal_id": lambda o: o["growth_goal"].pk,
    "goal_comment_id": lambda o: o["growth_comment"].pk,
}

PARTIES = ["mentee2", "mentor"]

MATRIX = {
    "growth:relationship_goals": {"GET": only(200, PARTIES)},
    # No goal_id posted: the mentee is sent back with a message; the mentor may not share.
    "growth:goal_share": {"POST": only(302, ["mentee2"]) | {"mentor": 403}},
    "growth:goal_unshare": {"POST": only(302, ["mentee2"]) | {"mentor": 403}},
    "growth:goal_comment_add": {"POST": only(400, PARTIES)},  # empty comment
    "growth:goal_comments_read": {"POST": only(302, PARTIES)},
    "growth:comment_acknowledge": {"POST": only(302, ["mentee2"]) | {"mentor": 403}},
    "growth:assessments": {"GET": only(200, PARTIES)},
    "growth:assessment_new": {"GET": only(200, PARTIES), "POST": only(400, PARTIES)},
    "growth:assessment_history": {"GET": only(200, PARTIES)},
    "GET /api/mentorships/{relationship_id}/goals": {"GET": api_only(200, PARTIES)},
    "PUT /api/mentorships/{relationship_id}/goals/{shared_goal_id}/share": {
        "PUT": api_only(200, ["mentee2"]) | {"mentor": 403}},
    "DELETE /api/mentorships/{relationship_id}/goals/{shared_goal_id}/share": {
        "DELETE": api_only(204, ["mentee2"]) | {"mentor": 403}},
    "GET /api/mentorships/{relationship_id}/goals/{shared_goal_id}/comments": {
        "GET": api_only(200, PARTIES)},
    "POST /api/mentorships/{relationship_id}/goals/{shared_goal_id}/comments": {
        "POST": api_signed_in(422)},  # empty body: refused before any lookup
    "POST /api/mentorships/{relationship_id}/goals/{shared_goal_id}/comments/read": {
        "POST": api_only(200, PARTIES)},
    "POST /api/goal-comments/{goal_comment_id}/acknowledge": {
        "POST": api_only(200, ["mentee2"]) | {"mentor": 403}},
    "GET /api/mentorships/{relationship_id}/assessments": {"GET": api_only(200, PARTIES)},
    "POST /api/mentorships/{relationship_id}/assessments": {
        "POST": api_only(422, PARTIES)},  # no item named
}

# A goal of another mentorship's mentee (Mia's) answers 404 to everyone, parties included.
PRIVATE_OBJECT_CASES = {
    "GET /api/mentorships/{relationship_id}/goals/{shared_goal_id}/comments": (
        {"shared_goal_id": lambda o: o["goal"].pk}, {"GET": api_only(200, [])}),
    "growth:goal_unshare": ({"shared_goal_id": lambda o: o["goal"].pk},
                            {"POST": only(302, [])}),
}


def objects(personas, base) -> dict:
    from tandem.growth.services import goal_comment_add

    rel = base["relationship"]
    goal = personas.mentee2.career_goals.get()
    comment = goal_comment_add(actor=personas.mentor, relationship=rel, goal=goal,
                               text="Start with the book's first three chapters.")
    return {"growth_goal": goal, "growth_comment": comment}
