"""Who sees what of a circle.

* Its content (home, conversation, meetings, agreement, resources, goals) is for its
  **active members** only. To everyone else, coordinators and staff included, it does not
  exist (404).
* Its summary (topic, description, plan, mentors, places left) is also shown to the people
  it is waiting on (invited, or asking to join) and, for a circle people may ask to join,
  to every signed-in person: that is how they find it.
* Its leaders (the mentors, or a peer circle's organiser) invite, decide requests, remove,
  edit, schedule and close; other members who try get 403.
* Circle health (figures only) is for the coordinators of the circle's program and staff.
"""

from __future__ import annotations

from django.db.models import Q

from tandem.circles.models import (
    Circle,
    CircleMeeting,
    CircleResource,
    CircleState,
    JoinMode,
    Membership,
    MemberStatus,
    Role,
)
from tandem.core.errors import Forbidden, NotFound
from tandem.core.permissions import parse_id


def is_leader(user, circle: Circle, memberships=None) -> bool:
    """The mentors of a mentor-led circle, the organiser of a peer circle (while active)."""
    if not user.is_authenticated:
        return False
    if circle.is_peer:
        return circle.organiser_id == user.pk and is_member(user, circle)
    if memberships is not None:
        return any(m.user_id == user.pk and m.role == Role.MENTOR
                   and m.status == MemberStatus.ACTIVE for m in memberships)
    return Membership.objects.member(user, circle).filter(role=Role.MENTOR).exists()


def is_member(user, circle: Circle) -> bool:
    return user.is_authenticated and Membership.objects.member(user, circle).exists()


def member_circles(user):
    """Circles in which ``user`` is an active member."""
    return Circle.objects.with_member(user)


def discoverable() -> Q:
    """Circles anyone signed in may find and ask to join."""
    return Q(join_mode=JoinMode.REQUEST) & ~Q(state=CircleState.CLOSED)


def access_circle(user, circle_id, *, write: bool = False) -> Circle:
    """The circle for one of its active members; 404 for anyone else. ``write``: a change
    only its leaders may make (403 for the other members)."""
    if not user.is_authenticated:
        raise NotFound
    circle = (member_circles(user).select_related("program", "organiser__profile")
              .filter(pk=parse_id(circle_id)).first())
    if circle is None:
        raise NotFound
    circle.viewer_is_leader = is_leader(user, circle)
    if write and not circle.viewer_is_leader:
        raise Forbidden
    return circle


def access_circle_summary(user, circle_id) -> tuple[Circle, Membership | None]:
    """(circle, the user's membership or None) for its summary page: members, people
    invited or asking, and anyone signed in when the circle takes requests."""
    if not user.is_authenticated:
        raise NotFound
    pk = parse_id(circle_id)
    circle = Circle.objects.select_related("program", "organiser__profile").filter(
        pk=pk).first()
    if circle is None:
        raise NotFound
    mine = Membership.objects.filter(circle=circle, user=user).first()
    waiting = mine is not None and mine.status in (MemberStatus.ACTIVE, MemberStatus.INVITED,
                                                   MemberStatus.REQUESTED)
    if waiting or Circle.objects.filter(discoverable(), pk=pk).exists():
        return circle, mine
    raise NotFound


def access_membership(user, membership_id, *, write: bool = True) -> Membership:
    """A membership row for the leaders of its circle (deciding a request, removing);
    a member sees the circle's members too but may not change them (403); anyone else
    404."""
    if not user.is_authenticated:
        raise NotFound
    membership = (Membership.objects.select_related("circle", "user__profile")
                  .filter(pk=parse_id(membership_id),
                          circle__in=member_circles(user)).first())
    if membership is None:
        raise NotFound
    if write and not is_leader(user, membership.circle):
        raise Forbidden
    return membership


def access_meeting(user, meeting_id, *, write: bool = False) -> CircleMeeting:
    if not user.is_authenticated:
        raise NotFound
    meeting = (CircleMeeting.objects.select_related("circle")
               .filter(pk=parse_id(meeting_id), circle__in=member_circles(user)).first())
    if meeting is None:
        raise NotFound
    meeting.circle.viewer_is_leader = is_leader(user, meeting.circle)
    if write and not meeting.circle.viewer_is_leader:
        raise Forbidden
    return meeting


def access_resource(user, resource_id, *, write: bool = False) -> CircleResource:
    """A shared resource; its adder or a leader removes it."""
    if not user.is_authenticated:
        raise NotFound
    resource = (CircleResource.objects.select_related("circle")
                .filter(pk=parse_id(resource_id), circle__in=member_circles(user)).first())
    if resource is None:
        raise NotFound
    if write and resource.added_by_id != user.pk and not is_leader(user, resource.circle):
        raise Forbidden
    return resource


def health_circles(user):
    """Circles whose figures ``user`` may see: staff all, a coordinator those of the
    programs they coordinate, nobody else any."""
    if not user.is_authenticated:
        return Circle.objects.none()
    if user.is_staff:
        return Circle.objects.all()
    return Circle.objects.filter(program__coordinators=user)


def may_see_health(user) -> bool:
    return user.is_authenticated and (user.is_staff or user.is_coordinator)


def access_health(user) -> None:
    if not may_see_health(user):
        raise NotFound


def access_program_circles(user, program_id):
    """A program for its coordinators (and staff), to see its circles' figures and assign
    its mentees to them; 404 for everyone else."""
    from tandem.programs.permissions import access_program

    return access_program(user, program_id)
