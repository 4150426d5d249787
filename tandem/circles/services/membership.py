"""Membership: invitations, requests, decisions, removal, leaving (with a hand-over),
a program's assignment of its mentees, and the end of memberships when an account is
erased."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tandem.circles.models import (
    AgendaItem,
    AgreementConfirmation,
    AgreementVersion,
    Attendance,
    Circle,
    CircleResource,
    CircleState,
    JoinMode,
    MeetingNote,
    Membership,
    MemberStatus,
    Post,
    Role,
    SharedGoal,
    Source,
)
from tandem.circles.permissions import is_leader
from tandem.circles.services._common import (
    _activate,
    _check_leader,
    _check_member,
    _check_open,
    _deactivate,
    _has_mentor_role,
    _home,
    _url,
    active_members,
    leaders_of,
)
from tandem.circles.services.circles import _close
from tandem.core.audit import audit_log
from tandem.core.errors import Conflict, FieldErrors, Forbidden, ValidationFailed
from tandem.core.validation import check_choice
from tandem.notifications.services import notify


def member_invite(*, actor, circle: Circle, user, role: str = Role.MEMBER,
                  message: str = "") -> Membership:
    """A leader invites someone (a member, or a second mentor to a mentor-led circle).
    The invitation takes no place: accepting does, if one is left."""
    errors = FieldErrors()
    role = check_choice(errors, "role", role, Role)
    message = errors.text(message, "message", 1000, required=False)
    if user is None:
        errors.add("user", "Choose who to invite.")
    errors.raise_if_any()
    _check_leader(actor, circle, "invite people")
    _check_open(circle)
    if user.pk == actor.pk:
        raise ValidationFailed("You are in the circle already.", field="user")
    if role == Role.MENTOR:
        if circle.is_peer:
            raise ValidationFailed("A peer circle has no mentors.", field="role")
        if not _has_mentor_role(user):
            raise ValidationFailed(f"{user.display_name} does not have the mentor role.",
                                   field="role")
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(circle=circle,
                                                                   user=user).first()
        if membership is not None:
            if membership.status == MemberStatus.ACTIVE:
                raise Conflict(f"{user.display_name} is in the circle already.")
            if membership.status == MemberStatus.INVITED:
                raise Conflict(f"{user.display_name} is invited already.")
            if membership.status == MemberStatus.REQUESTED:
                raise Conflict(f"{user.display_name} asked to join: accept their request.")
            membership.status, membership.role, membership.source = (
                MemberStatus.INVITED, role, Source.INVITATION)
            membership.invited_by, membership.message, membership.ended_at = actor, message, None
            membership.save(update_fields=["status", "role", "source", "invited_by", "message",
                                           "ended_at", "updated_at"])
        else:
            membership = Membership.objects.create(
                circle=circle, user=user, role=role, status=MemberStatus.INVITED,
                source=Source.INVITATION, invited_by=actor, message=message)
        audit_log(actor=actor, action="circles.member.invited", target=membership,
                  data={"role": role})
        notify(recipient=user, kind="circle.invitation", url=_home(circle),
               title=f"{actor.display_name} invited you to the circle “{circle.topic}”"
                     + (" as a mentor" if role == Role.MENTOR else ""))
    return membership


def membership_request(*, actor, circle: Circle, message: str = "") -> Membership:
    """Ask to join a circle that takes requests; its leaders decide."""
    errors = FieldErrors()
    message = errors.text(message, "message", 1000, required=False)
    errors.raise_if_any()
    _check_open(circle)
    if circle.join_mode != JoinMode.REQUEST:
        raise Conflict("This circle does not take requests to join.")
    if circle.state == CircleState.FULL:
        raise Conflict("This circle is full.")
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(circle=circle,
                                                                   user=actor).first()
        if membership is not None:
            if membership.status == MemberStatus.ACTIVE:
                raise Conflict("You are in this circle already.")
            if membership.status == MemberStatus.REQUESTED:
                raise Conflict("You asked already; the circle's leaders will answer.")
            if membership.status == MemberStatus.INVITED:
                raise Conflict("You are invited already: accept the invitation.")
            if membership.status == MemberStatus.REMOVED:
                raise Conflict("You were removed from this circle; only an invitation "
                               "brings you back.")
            membership.status, membership.role, membership.source = (
                MemberStatus.REQUESTED, Role.MEMBER, Source.REQUEST)
            membership.message, membership.ended_at = message, None
            membership.save(update_fields=["status", "role", "source", "message", "ended_at",
                                           "updated_at"])
        else:
            membership = Membership.objects.create(
                circle=circle, user=actor, role=Role.MEMBER, status=MemberStatus.REQUESTED,
                source=Source.REQUEST, message=message)
        audit_log(actor=actor, action="circles.member.requested", target=membership)
        for leader in leaders_of(circle):
            notify(recipient=leader, kind="circle.request",
                   url=_url("circles:members", circle.pk),
                   title=f"{actor.display_name} asked to join “{circle.topic}”")
    return membership


def _settle(circle, membership: Membership, *, accept: bool) -> None:
    """An invitation or request answered: the person joins (taking a place) or the
    membership ends as declined."""
    if accept:
        _activate(circle, membership)
    else:
        membership.status, membership.ended_at = MemberStatus.DECLINED, timezone.now()
        membership.save(update_fields=["status", "ended_at", "updated_at"])


def invitation_respond(*, actor, circle: Circle, accept: bool) -> Membership:
    """The invited person accepts (taking a place, if one is left) or declines."""
    if not isinstance(accept, bool):
        raise ValidationFailed("Say yes or no.", field="accept")
    membership = Membership.objects.filter(circle=circle, user=actor).first()
    if membership is None or membership.status != MemberStatus.INVITED:
        raise Conflict("There is no invitation to answer.")
    _check_open(circle)
    with transaction.atomic():
        _settle(circle, membership, accept=accept)
        audit_log(actor=actor, action="circles.invitation." + ("accepted" if accept
                                                               else "declined"),
                  target=membership)
        for leader in leaders_of(circle):
            if leader.pk != actor.pk:
                notify(recipient=leader, kind="circle.invitation_answer", url=_home(circle),
                       title=f"{actor.display_name} "
                             f"{'joined' if accept else 'declined to join'} “{circle.topic}”")
    return membership


def request_decide(*, actor, membership: Membership, accept: bool) -> Membership:
    """A leader accepts (taking a place) or declines a request to join."""
    if not isinstance(accept, bool):
        raise ValidationFailed("Say yes or no.", field="accept")
    circle = membership.circle
    _check_leader(actor, circle, "answer requests")
    _check_open(circle)
    if membership.status != MemberStatus.REQUESTED:
        raise Conflict("This request was answered already.")
    with transaction.atomic():
        _settle(circle, membership, accept=accept)
        audit_log(actor=actor, action="circles.request." + ("accepted" if accept
                                                            else "declined"),
                  target=membership)
        notify(recipient=membership.user, kind="circle.request_answer", url=_home(circle),
               title=(f"You are in the circle “{circle.topic}”" if accept
                      else f"Your request to join “{circle.topic}” was declined"))
    return membership


def member_remove(*, actor, membership: Membership) -> Membership:
    circle = membership.circle
    _check_leader(actor, circle, "remove members")
    _check_open(circle)
    if membership.user_id == actor.pk:
        raise Conflict("To go, leave the circle.")
    if membership.status not in (MemberStatus.ACTIVE, MemberStatus.INVITED):
        raise Conflict("This person is not in the circle.")
    with transaction.atomic():
        _deactivate(circle, membership, MemberStatus.REMOVED)
        SharedGoal.objects.filter(circle=circle, goal__user=membership.user).delete()
        audit_log(actor=actor, action="circles.member.removed", target=membership)
        notify(recipient=membership.user, kind="circle.removed", url=_url("circles:list"),
               title=f"You are no longer in the circle “{circle.topic}”")
    return membership


def circle_leave(*, actor, circle: Circle, successor=None) -> Membership:
    """A member leaves. Their posts and notes stay; their goals stop being shown.

    When the last person who runs the circle leaves (the only mentor, or a peer circle's
    organiser) while others stay, they name a ``successor`` among the members, who then
    organises it as a peer circle; when nobody else is left, the circle closes."""
    membership = _check_member(actor, circle)
    _check_open(circle)
    leader = is_leader(actor, circle)
    others = [m for m in Membership.objects.active().filter(circle=circle)
              .exclude(user=actor).select_related("user")]
    other_mentors = [m for m in others if m.role == Role.MENTOR]
    hand_over = leader and others and (circle.is_peer or not other_mentors)
    if hand_over:
        chosen = next((m for m in others if successor is not None
                       and m.user_id == getattr(successor, "pk", successor)), None)
        if chosen is None:
            raise ValidationFailed("Choose who runs the circle after you, or close it.",
                                   field="successor")
    with transaction.atomic():
        _deactivate(circle, membership, MemberStatus.LEFT)
        SharedGoal.objects.filter(circle=circle, goal__user=actor).delete()
        audit_log(actor=actor, action="circles.member.left", target=membership)
        if not others:
            _close(circle, actor=actor)
        elif hand_over:
            _hand_over(circle, chosen, actor=actor)
        else:
            for leader_user in leaders_of(circle):
                notify(recipient=leader_user, kind="circle.left", url=_home(circle),
                       title=f"{actor.display_name} left the circle “{circle.topic}”")
    return membership


def _hand_over(circle: Circle, chosen: Membership, *, actor) -> None:
    """The circle goes on as a peer circle organised by ``chosen`` (a member)."""
    was_peer = circle.is_peer
    circle.is_peer, circle.organiser = True, chosen.user
    circle.save(update_fields=["is_peer", "organiser", "updated_at"])
    if chosen.role == Role.MENTOR:  # cannot happen: a remaining mentor leads already
        return
    audit_log(actor=actor, action="circles.circle.handed_over", target=circle,
              data={"to": chosen.user_id, "was_peer": was_peer})
    for user in active_members(circle):
        notify(recipient=user, kind="circle.handed_over", url=_home(circle),
               title=f"{chosen.user.display_name} now organises the circle “{circle.topic}”")



# --- Program assignment ---------------------------------------------------------------


def program_assign(*, actor, program, assignments: list[tuple[int, int]]) -> list[Membership]:
    """A coordinator confirms mentees of their program into the program's circles. Each
    joins as an active member (they enrolled in the program to be matched; they may leave
    at any time) and is told. All or nothing: a circle that filled up meanwhile refuses
    the whole confirmation, naming it."""
    from tandem.programs.models import Participant, ParticipantStatus
    from tandem.programs.permissions import is_coordinator_of

    if not is_coordinator_of(actor, program):
        raise Forbidden("Only the program's coordinators can assign its mentees.")
    if not assignments:
        raise ValidationFailed("Nothing to confirm.", field="assignments")
    mentees = dict(Participant.objects.filter(
        program=program, role="mentee", status=ParticipantStatus.ACTIVE,
        user_id__in=[u for u, _ in assignments]).values_list("user_id", "user_id"))
    circles = {c.pk: c for c in Circle.objects.filter(
        program=program, pk__in=[c for _, c in assignments]).exclude(
        state=CircleState.CLOSED)}
    seen = set()
    for user_id, circle_id in assignments:
        if user_id not in mentees:
            raise ValidationFailed("Only the program's enrolled mentees can be assigned.",
                                   field="assignments")
        if circle_id not in circles:
            raise ValidationFailed("Only the program's open circles can take members.",
                                   field="assignments")
        if user_id in seen:
            raise ValidationFailed("Each mentee goes to one circle.", field="assignments")
        seen.add(user_id)
    made = []
    with transaction.atomic():
        for user_id, circle_id in assignments:
            circle = circles[circle_id]
            membership = Membership.objects.select_for_update().filter(
                circle=circle, user_id=user_id).first()
            if membership is not None and membership.status == MemberStatus.ACTIVE:
                continue
            if membership is None:
                membership = Membership.objects.create(
                    circle=circle, user_id=user_id, role=Role.MEMBER,
                    status=MemberStatus.INVITED, source=Source.PROGRAM, invited_by=actor)
            else:
                membership.role = Role.MEMBER
                membership.save(update_fields=["role", "updated_at"])
            try:
                _activate(circle, membership, source=Source.PROGRAM)
            except Conflict:
                raise Conflict(f"“{circle.topic}” has no place left; run the proposal "
                               "again.") from None
            audit_log(actor=actor, action="circles.member.assigned", target=membership,
                      data={"program": program.pk})
            notify(recipient=membership.user, kind="circle.assigned", url=_home(circle),
                   title=f"You joined the circle “{circle.topic}” of {program.name}")
            made.append(membership)
        for circle_id in {c for _, c in assignments}:
            for leader in leaders_of(circles[circle_id]):
                notify(recipient=leader, kind="circle.assigned_members",
                       url=_url("circles:members", circle_id),
                       title=f"New members joined “{circles[circle_id].topic}” from "
                             f"{program.name}")
    return made


# --- Erasure ------------------------------------------------------------------------


def erase_member(*, user) -> None:
    """Account erasure: what ``user`` wrote goes, what others wrote stays; memberships end.
    A circle they ran passes to its longest-standing member, or closes when empty."""
    Post.objects.filter(author=user).delete()
    AgendaItem.objects.filter(author=user).delete()
    MeetingNote.objects.filter(author=user).delete()
    CircleResource.objects.filter(added_by=user).delete()
    SharedGoal.objects.filter(goal__user=user).delete()
    AgreementConfirmation.objects.filter(user=user).delete()
    AgreementVersion.objects.filter(written_by=user).update(written_by=None)
    Attendance.objects.filter(user=user).delete()
    for membership in Membership.objects.filter(user=user).select_related("circle"):
        circle = membership.circle
        was_active = membership.status == MemberStatus.ACTIVE
        leader = was_active and is_leader(user, circle)
        if was_active:
            _deactivate(circle, membership, MemberStatus.LEFT)
        else:
            membership.status = membership.status if membership.status in (
                MemberStatus.LEFT, MemberStatus.REMOVED, MemberStatus.DECLINED) \
                else MemberStatus.DECLINED
            membership.save(update_fields=["status", "updated_at"])
        membership.message = ""
        membership.save(update_fields=["message"])
        if circle.state == CircleState.CLOSED or not leader:
            continue
        others = list(Membership.objects.active().filter(circle=circle)
                      .exclude(user=user).select_related("user").order_by("joined_at", "id"))
        if not others:
            _close(circle, actor=None)
        elif circle.is_peer or not any(m.role == Role.MENTOR for m in others):
            _hand_over(circle, others[0], actor=None)
    Circle.objects.filter(organiser=user).update(organiser=None)
    Circle.objects.filter(created_by=user).update(created_by=None)
