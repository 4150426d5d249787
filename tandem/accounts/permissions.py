"""One ``access_*`` per object type, used by pages and the API alike.

Missing and off-limits look the same (NotFound -> 404), so the existence of someone
else's object is never revealed; Forbidden (403) only where the user may see but not
change the object.
"""

from __future__ import annotations

from tandem.accounts.models import AccessToken, CareerGoal, Profile, User
from tandem.accounts.selectors import profile_queryset
from tandem.core.errors import Forbidden, NotFound
from tandem.core.permissions import parse_id


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
    from django.db.models import Exists, Q

    from tandem.mentorships.models import MentorshipRequest, Relationship

    pair = (Q(mentee=user, mentor_id=other_id) | Q(mentee_id=other_id, mentor=user))
    return User.objects.filter(pk=user.pk).filter(
        Exists(MentorshipRequest.objects.filter(pair))
        | Exists(Relationship.objects.filter(pair))).exists()


def access_goal(user: User, goal_id, *, write: bool = False) -> CareerGoal:
    """Career goals are their owner's. (Sharing with mentors reaches the mentor through
    the relationship's pages, not through this lookup.)"""
    if not user.is_authenticated:
        raise NotFound
    goal = CareerGoal.objects.filter(pk=parse_id(goal_id), user=user).first()
    if goal is None:
        raise NotFound
    return goal


def access_token(user: User, token_id, *, write: bool = False) -> AccessToken:
    if not user.is_authenticated:
        raise NotFound
    token = AccessToken.objects.filter(pk=parse_id(token_id), user=user).first()
    if token is None:
        raise NotFound
    return token
