"""Requests and relationships are visible to their two parties only; to anyone else they
do not exist (404). A person's profile is here too: who may see it depends on the
requests and mentorships they have."""

from __future__ import annotations

from django.db.models import Exists, Q

from tandem.accounts.models import Profile, User
from tandem.accounts.selectors import profile_queryset
from tandem.core.errors import Forbidden, NotFound
from tandem.core.permissions import parse_id
from tandem.mentorships.models import MentorshipRequest, Relationship, involving_q


def access_profile(user: User, profile_id, *, write: bool = False) -> Profile:
    """Active mentors' profiles are visible to every signed-in person (that is the
    directory). Anyone else's is visible to the people they have a mentoring request with
    (sent or received, in any state) or a mentorship with (in any state): a mentor
    reading a request needs to see who asked. A deactivated account's profile is its
    owner's only. Only the owner may change a profile."""
    if not user.is_authenticated:
        raise NotFound
    profile = profile_queryset().filter(pk=parse_id(profile_id)).first()
    if profile is None:
        raise NotFound
    own = profile.user_id == user.pk
    if not own and not (profile.user.is_active
                        and (profile.is_mentor or _connected(user, profile.user_id))):
        raise NotFound
    if write and not own:
        raise Forbidden
    return profile


def _connected(user: User, other_id: int) -> bool:
    """Whether ``user`` and ``other_id`` share a request or a mentorship (one query)."""
    pair = (Q(mentee=user, mentor_id=other_id) | Q(mentee_id=other_id, mentor=user))
    return User.objects.filter(pk=user.pk).filter(
        Exists(MentorshipRequest.objects.filter(pair))
        | Exists(Relationship.objects.filter(pair))).exists()


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
