"""Circles themselves: starting, changing and closing one."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tandem.circles.models import (
    Channel,
    Circle,
    CircleMeeting,
    CircleState,
    JoinMode,
    MeetingStatus,
    Membership,
    MemberStatus,
    Role,
    Source,
)
from tandem.circles.services._common import (
    CLOSED_MESSAGE,
    _activate,
    _check_leader,
    _check_open,
    _clean_circle,
    _has_mentor_role,
    _home,
    _lock,
    active_members,
)
from tandem.core.audit import audit_log
from tandem.core.errors import Conflict, FieldErrors, ValidationFailed
from tandem.notifications.services import notify


def _check_program(actor, program, errors: FieldErrors, *, mentor_led: bool) -> None:
    if program is None:
        return
    from tandem.programs.models import Participant, ParticipantStatus

    enrolled = Participant.objects.filter(program=program, user=actor, role="mentor",
                                          status=ParticipantStatus.ACTIVE).exists()
    if not mentor_led or not enrolled:
        errors.add("program", "Only an enrolled mentor of the program can start a circle "
                              "in it.")


def circle_create(*, actor, topic: str, mentor_led: bool, description: str = "",
                  size_limit: int = 6, join_mode: str = JoinMode.INVITATION,
                  meeting_every_weeks: int = 2, meeting_minutes: int = 60,
                  meeting_channel: str = Channel.VIDEO, meeting_where: str = "",
                  program=None) -> Circle:
    """Start a circle. A mentor-led one needs the mentor role; its starter is its first
    mentor. A peer circle's starter organises it and is its first member."""
    clean = _clean_circle({"topic": topic, "description": description,
                           "size_limit": size_limit, "join_mode": join_mode,
                           "meeting_every_weeks": meeting_every_weeks,
                           "meeting_minutes": meeting_minutes,
                           "meeting_channel": meeting_channel,
                           "meeting_where": meeting_where}, partial=False)
    errors = FieldErrors()
    if mentor_led and not _has_mentor_role(actor):
        errors.add("mentor_led", "Only people with the mentor role can start a mentor-led "
                                 "circle; start a peer circle instead.")
    _check_program(actor, program, errors, mentor_led=mentor_led)
    if clean["join_mode"] == JoinMode.PROGRAM and program is None:
        errors.add("join_mode", "Joining through a program's matching needs a program.")
    errors.raise_if_any()
    now = timezone.now()
    with transaction.atomic():
        circle = Circle.objects.create(created_by=actor, is_peer=not mentor_led,
                                       organiser=None if mentor_led else actor,
                                       program=program, last_activity_at=now, **clean)
        membership = Membership.objects.create(
            circle=circle, user=actor, role=Role.MENTOR if mentor_led else Role.MEMBER,
            status=MemberStatus.INVITED, source=Source.CREATOR)
        _activate(circle, membership)
        audit_log(actor=actor, action="circles.circle.created", target=circle,
                  data={"peer": circle.is_peer, "program": getattr(program, "pk", None)})
    return circle


def circle_update(*, actor, circle: Circle, changes: dict) -> Circle:
    clean = _clean_circle(changes, partial=True)
    _check_leader(actor, circle, "change the circle")
    _check_open(circle)
    if clean.get("join_mode") == JoinMode.PROGRAM and circle.program_id is None:
        raise ValidationFailed("Joining through a program's matching needs a program.",
                               field="join_mode")
    with transaction.atomic():
        locked = _lock(circle)
        if "size_limit" in clean and clean["size_limit"] < locked.member_count:
            raise ValidationFailed(f"The circle has {locked.member_count} members already.",
                                   field="size_limit")
        for name, value in clean.items():
            setattr(circle, name, value)
        if "size_limit" in clean:
            circle.member_count = locked.member_count
            circle.state = CircleState.FULL if locked.member_count >= circle.size_limit \
                else CircleState.OPEN
            clean["state"] = circle.state
        circle.save(update_fields=[*clean, "updated_at"])
        audit_log(actor=actor, action="circles.circle.updated", target=circle,
                  data={"fields": sorted(clean)})
    return circle


def circle_close(*, actor, circle: Circle) -> Circle:
    """The leaders close the circle: it stays readable by its members, nothing changes any
    more; open invitations and requests are declined."""
    _check_leader(actor, circle, "close the circle")
    _check_open(circle)
    with transaction.atomic():
        _close(circle, actor=actor)
    return circle


def _close(circle: Circle, *, actor) -> None:
    now = timezone.now()
    moved = Circle.objects.filter(pk=circle.pk).exclude(state=CircleState.CLOSED).update(
        state=CircleState.CLOSED, closed_at=now, updated_at=now)
    if not moved:
        raise Conflict(CLOSED_MESSAGE)
    circle.state, circle.closed_at = CircleState.CLOSED, now
    Membership.objects.filter(circle=circle, status__in=[
        MemberStatus.INVITED, MemberStatus.REQUESTED]).update(
        status=MemberStatus.DECLINED, ended_at=now, updated_at=now)
    CircleMeeting.objects.filter(circle=circle, status=MeetingStatus.SCHEDULED,
                                 starts_at__gt=now).update(status=MeetingStatus.CANCELLED)
    audit_log(actor=actor, action="circles.circle.closed", target=circle)
    for user in active_members(circle, exclude=actor):
        notify(recipient=user, kind="circle.closed", url=_home(circle),
               title=f"The circle “{circle.topic}” was closed")
