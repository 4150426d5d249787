"""Requests and relationships are visible to their two parties only; to anyone else they
do not exist (404)."""

from __future__ import annotations

from tandem.core.errors import Forbidden, NotFound
from tandem.core.permissions import parse_id
from tandem.mentorships.models import MentorshipRequest, Relationship, involving_q


def access_request(user, request_id, *, write: bool = False, as_role: str | None = None
                   ) -> MentorshipRequest:
    """The request, if ``user`` is its mentee or mentor. ``as_role`` ("mentee"/"mentor")
    limits a write to that party: the other party gets 403 (they can see it)."""
    if not user.is_authenticated:
        raise NotFound
    req = (MentorshipRequest.objects.select_related("mentee__profile", "mentor__profile",
                                                    "decline_reason")
           .filter(involving_q(user), pk=parse_id(request_id)).first())
    if req is None:
        raise NotFound
    if write and as_role and getattr(req, f"{as_role}_id") != user.pk:
        raise Forbidden
    return req


def access_relationship(user, relationship_id, *, write: bool = False) -> Relationship:
    if not user.is_authenticated:
        raise NotFound
    rel = (Relationship.objects.select_related("mentee__profile", "mentor__profile", "request")
           .filter(involving_q(user), pk=parse_id(relationship_id)).first())
    if rel is None:
        raise NotFound
    return rel
