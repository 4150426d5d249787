"""Opportunities and introductions belong to their mentorship: its two parties see them,
to anyone else they do not exist (404). A resource is seen by its mentorship's parties, by
its adder, and, once public, by every signed-in person; only its adder changes it (403 for
the others who can see it)."""

from __future__ import annotations

from django.db.models import Q

from tandem.advocacy.models import Introduction, Opportunity, Resource
from tandem.core.errors import Forbidden, NotFound
from tandem.core.permissions import parse_id
from tandem.mentorships.models import involving_q
from tandem.mentorships.permissions import access_relationship


def _party(user) -> Q:
    return involving_q(user, prefix="relationship__")


RELATED = ("relationship__mentee__profile", "relationship__mentor__profile")


def access_relationship_as_mentor(user, relationship_id, *, write: bool = True):
    """The relationship, for a write only its mentor may make (posting an opportunity,
    proposing an introduction): the mentee sees it, so they get 403."""
    rel = access_relationship(user, parse_id(relationship_id), write=write)
    if write and rel.mentor_id != user.pk:
        raise Forbidden
    return rel


def access_opportunity(user, opportunity_id, *, write: bool = False) -> Opportunity:
    """Either party may write (move its status); editing is the poster's, checked by the
    service."""
    if not user.is_authenticated:
        raise NotFound
    found = (Opportunity.objects.select_related(*RELATED, "posted_by__profile")
             .filter(_party(user), pk=parse_id(opportunity_id)).first())
    if found is None:
        raise NotFound
    return found


def access_introduction(user, introduction_id, *, write: bool = False) -> Introduction:
    if not user.is_authenticated:
        raise NotFound
    found = (Introduction.objects.select_related(*RELATED, "introduced_by__profile")
             .filter(_party(user), pk=parse_id(introduction_id)).first())
    if found is None:
        raise NotFound
    return found


def can_see_resource(user) -> Q:
    return _party(user) | Q(added_by=user) | Q(is_public=True)


def access_resource(user, resource_id, *, write: bool = False) -> Resource:
    if not user.is_authenticated:
        raise NotFound
    found = (Resource.objects.select_related(*RELATED, "added_by__profile")
             .filter(can_see_resource(user), pk=parse_id(resource_id)).first())
    if found is None:
        raise NotFound
    if write and found.added_by_id != user.pk:
        raise Forbidden
    return found


def access_advocacy(user, relationship_id, *, write: bool = False):
    """The relationship whose advocacy page or lists the user opens (its two parties)."""
    return access_relationship(user, parse_id(relationship_id), write=write)
