"""Who sees health.

* A relationship's health card and its API: its two parties (``access_relationship``).
* The community dashboard, the at-risk list and nudges: staff, for the open community
  (relationships in no program). Anyone else gets 404, as if the pages did not exist.

Hook for programs: a program's coordinators will see the same figures and list for their
program's relationships (``may_view_program`` in the programs app, then
``selectors.health_for(program.relationships)`` and ``figures.figures_for(scope)``).
"""

from __future__ import annotations

from tandem.core.errors import NotFound
from tandem.core.permissions import parse_id
from tandem.health.selectors import community_relationships
from tandem.mentorships.models import Relationship


def may_view_community(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


def access_community(user) -> None:
    """Staff only; 404 for everyone else."""
    if not may_view_community(user):
        raise NotFound


def access_community_relationship(user, relationship_id, *, write: bool = False
                                  ) -> Relationship:
    """A relationship of the open community, for staff (its health and nudges, never its
    content); 404 for anyone else or an unknown id."""
    access_community(user)
    rel = (community_relationships().select_related("mentee__profile", "mentor__profile")
           .filter(pk=parse_id(relationship_id)).first())
    if rel is None:
        raise NotFound
    return rel


def access_program_health(user, program_id):
    """A program's dashboard, at-risk list and nudges: its coordinators and staff
    (``access_program``); 404 for everyone else."""
    from tandem.programs.permissions import access_program

    return access_program(user, program_id)


def access_program_relationship(user, program_id, relationship_id, *, write: bool = False):
    """(program, relationship) for a relationship of a program, for the program's
    coordinators and staff (its health and nudges, never its content); 404 otherwise."""
    program = access_program_health(user, program_id)
    rel = (Relationship.objects.select_related("mentee__profile", "mentor__profile")
           .filter(program=program, pk=parse_id(relationship_id)).first())
    if rel is None:
        raise NotFound
    return program, rel
