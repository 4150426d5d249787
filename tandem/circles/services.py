"""Every write of the circles app.

Who may do what:
* anyone signed in may start a **peer circle** (they organise it and are its first member);
  a person with the mentor role may start a **mentor-led circle** (they are its first
  mentor and may invite one more mentor). A circle is part of a program only when its
  starter is an enrolled mentor of that program.
* the leaders (mentors, or a peer circle's organiser) invite, decide requests, remove
  members, edit the circle, schedule meetings, record attendance and close it;
* every active member posts, adds agenda items, writes their own meeting notes, adds
  resources, proposes and confirms the agreement and chooses which of their goals the
  circle sees.

Places are counted on the circle row (``member_count``), changed only while that row is
locked (``select_for_update``), so two people accepting the last place at once cannot both
get it. A closed circle is read-only.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tandem.circles.models import (
    MAX_MENTORS,
    MAX_SIZE,
    MIN_SIZE,
    AgendaItem,
    AgreementConfirmation,
    AgreementVersion,
    Attendance,
    Channel,
    Circle,
    CircleMeeting,
    CircleResource,
    CircleState,
    JoinMode,
    MeetingNote,
    MeetingStatus,
    Membership,
    MemberStatus,
    Post,
    Role,
    SharedGoal,
    Source,
)
from tandem.circles.permissions import is_leader
from tandem.core.audit import audit_log
from tandem.core.errors import Conflict, FieldErrors, Forbidden, ValidationFailed
from tandem.core.validation import reject_nul_characters
from tandem.notifications.services import notify

CLOSED_MESSAGE = "This circle is closed: it can be read, not changed."
MAX_MEETINGS_AHEAD = 26
MAX_POSTS_PER_CIRCLE = 20_000
MAX_RESOURCES = 300
MAX_AGENDA_ITEMS = 50
CIRCLE_FIELDS = {"topic", "description", "size_limit", "join_mode", "meeting_every_weeks",
                 "meeting_minutes", "meeting_channel", "meeting_where"}

_url_validator = URLValidator(schemes=["http", "https"])


def _url(path: str, *args) -> str:
    return reverse(path, args=args)


def _home(circle) -> str:
    return _url("circles:home", circle.pk)


# --- Checks ---------------------------------------------------------------------------


def _int(errors: FieldErrors, field: str, value, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors.add(field, "A whole number.")
        return low
    if isinstance(value, bool) or not low <= number <= high:
        errors.add(field, f"Between {low} and {high}.")
    return number


def _choice(errors: FieldErrors, field: str, value, choices) -> str:
    if value not in choices.values:
        errors.add(field, f"Use one of {', '.join(choices.values)}.")
        return ""
    return value


def _link(errors: FieldErrors, field: str, value, *, required: bool = False) -> str:
    value = errors.text(value, field, 500, required=required)
    if value:
        try:
            _url_validator(value)
        except (DjangoValidationError, ValueError):
            errors.add(field, "A web address starting with http:// or https://.")
    return value


def _clean_circle(changes: dict, *, partial: bool) -> dict:
    reject_nul_characters({k: v for k, v in changes.items() if isinstance(v, str)})
    errors = FieldErrors()
    clean: dict = {}

    def wanted(name):
        return not partial or name in changes

    if wanted("topic"):
        clean["topic"] = errors.text(changes.get("topic"), "topic", 120, required=True,
                                     empty="Give the circle a topic.")
    if wanted("description"):
        clean["description"] = errors.text(changes.get("description"), "description", 4000,
                                           required=False)
    if wanted("size_limit"):
        clean["size_limit"] = _int(errors, "size_limit", changes.get("size_limit", 6),
                                   MIN_SIZE, MAX_SIZE)
    if wanted("join_mode"):
        clean["join_mode"] = _choice(errors, "join_mode",
                                     changes.get("join_mode", JoinMode.INVITATION), JoinMode)
    if wanted("meeting_every_weeks"):
        clean["meeting_every_weeks"] = _int(errors, "meeting_every_weeks",
                                            changes.get("meeting_every_weeks", 2), 1, 8)
    if wanted("meeting_minutes"):
        clean["meeting_minutes"] = _int(errors, "meeting_minutes",
                                        changes.get("meeting_minutes", 60), 15, 240)
    if wanted("meeting_channel"):
        clean["meeting_channel"] = _choice(errors, "meeting_channel",
                                           changes.get("meeting_channel", Channel.VIDEO),
                                           Channel)
    if wanted("meeting_where"):
        clean["meeting_where"] = errors.text(changes.get("meeting_where"), "meeting_where",
                                             300, required=False)
    for key in sorted(set(changes) - CIRCLE_FIELDS):
        errors.add(str(key), "Not a circle field.")
    errors.raise_if_any()
    return clean


def _check_open(circle: Circle) -> None:
    if circle.state == CircleState.CLOSED:
        raise Conflict(CLOSED_MESSAGE)


def _check_leader(actor, circle: Circle, what: str) -> None:
    if not is_leader(actor, circle):
        raise Forbidden(f"Only the circle's {'organiser' if circle.is_peer else 'mentors'} "
                        f"{what}.")


def _check_member(actor, circle: Circle) -> Membership:
    membership = Membership.objects.filter(circle=circle, user=actor,
                                           status=MemberStatus.ACTIVE).first()
    if membership is None:
        raise Forbidden("Only the circle's members can do this.")
    return membership


def leaders_of(circle: Circle) -> list:
    """The people who run the circle: its active mentors, or the peer circle's organiser."""
    if circle.is_peer:
        return [circle.organiser] if circle.organiser_id else []
    return [m.user for m in Membership.objects.filter(
        circle=circle, role=Role.MENTOR, status=MemberStatus.ACTIVE).select_related("user")]


def active_members(circle: Circle, *, exclude=None) -> list:
    rows = Membership.objects.filter(circle=circle, status=MemberStatus.ACTIVE) \
        .select_related("user")
    return [m.user for m in rows if exclude is None or m.user_id != exclude.pk]


def _has_mentor_role(user) -> bool:
    from tandem.accounts.models import Profile

    # Read from the database: a profile cached on the user object may be stale.
    return Profile.objects.filter(user=user, is_mentor=True).exists()


def _touch(circle: Circle, now=None) -> None:
    Circle.objects.filter(pk=circle.pk).update(last_activity_at=now or timezone.now())


# --- Places under a row lock ---------------------------------------------------------


def _lock(circle: Circle) -> Circle:
    return Circle.objects.select_for_update().get(pk=circle.pk)


def _activate(circle: Circle, membership: Membership, *, source: str | None = None) -> None:
    """Make ``membership`` active, taking a place when it is a member's. Call inside a
    transaction: the circle row stays locked until it commits."""
    locked = _lock(circle)
    if locked.state == CircleState.CLOSED:
        raise Conflict(CLOSED_MESSAGE)
    now = timezone.now()
    if membership.role == Role.MEMBER:
        if locked.member_count >= locked.size_limit:
            raise Conflict(f"The circle is full ({locked.size_limit} members).")
        locked.member_count += 1
        locked.state = CircleState.FULL if locked.member_count >= locked.size_limit \
            else CircleState.OPEN
        Circle.objects.filter(pk=locked.pk).update(member_count=locked.member_count,
                                                   state=locked.state, last_activity_at=now,
                                                   updated_at=now)
    else:
        mentors = Membership.objects.filter(circle=circle, role=Role.MENTOR,
                                            status=MemberStatus.ACTIVE).count()
        if mentors >= MAX_MENTORS:
            raise Conflict(f"A circle has at most {MAX_MENTORS} mentors.")
        Circle.objects.filter(pk=locked.pk).update(last_activity_at=now, updated_at=now)
    circle.member_count, circle.state = locked.member_count, locked.state
    membership.status, membership.joined_at, membership.ended_at = MemberStatus.ACTIVE, now, None
    fields = ["status", "joined_at", "ended_at", "updated_at"]
    if source:
        membership.source = source
        fields.append("source")
    membership.save(update_fields=fields)


def _deactivate(circle: Circle, membership: Membership, status: str) -> None:
    """End an active membership (left, removed), giving its place back."""
    locked = _lock(circle)
    now = timezone.now()
    if membership.status == MemberStatus.ACTIVE and membership.role == Role.MEMBER:
        locked.member_count = max(locked.member_count - 1, 0)
        if locked.state == CircleState.FULL:
            locked.state = CircleState.OPEN
        Circle.objects.filter(pk=locked.pk).update(member_count=locked.member_count,
                                                   state=locked.state, updated_at=now)
    circle.member_count, circle.state = locked.member_count, locked.state
    membership.status, membership.ended_at = status, now
    membership.save(update_fields=["status", "ended_at", "updated_at"])


# --- Circles --------------------------------------------------------------------------


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


# --- Joining --------------------------------------------------------------------------


def member_invite(*, actor, circle: Circle, user, role: str = Role.MEMBER,
                  message: str = "") -> Membership:
    """A leader invites someone (a member, or a second mentor to a mentor-led circle).
    The invitation takes no place: accepting does, if one is left."""
    errors = FieldErrors()
    role = _choice(errors, "role", role, Role)
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


def invitation_respond(*, actor, circle: Circle, accept: bool) -> Membership:
    """The invited person accepts (taking a place, if one is left) or declines."""
    if not isinstance(accept, bool):
        raise ValidationFailed("Say yes or no.", field="accept")
    membership = Membership.objects.filter(circle=circle, user=actor).first()
    if membership is None or membership.status != MemberStatus.INVITED:
        raise Conflict("There is no invitation to answer.")
    _check_open(circle)
    with transaction.atomic():
        if accept:
            _activate(circle, membership)
        else:
            membership.status, membership.ended_at = MemberStatus.DECLINED, timezone.now()
            membership.save(update_fields=["status", "ended_at", "updated_at"])
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
        if accept:
            _activate(circle, membership)
        else:
            membership.status, membership.ended_at = MemberStatus.DECLINED, timezone.now()
            membership.save(update_fields=["status", "ended_at", "updated_at"])
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
    others = [m for m in Membership.objects.filter(circle=circle, status=MemberStatus.ACTIVE)
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


# --- Agreement ------------------------------------------------------------------------


def agreement_propose(*, actor, circle: Circle, text: str) -> AgreementVersion:
    """Any member writes a new version of the agreement; it counts as their confirmation,
    and the others are asked to confirm it."""
    reject_nul_characters({"text": text})
    errors = FieldErrors()
    text = errors.text(text, "text", 6000, required=True,
                       empty="Write what the circle agrees on.")
    errors.raise_if_any()
    _check_member(actor, circle)
    _check_open(circle)
    with transaction.atomic():
        _lock(circle)
        current = AgreementVersion.objects.filter(circle=circle).first()
        if current is not None and current.text == text:
            raise Conflict("That is the agreement in force already.")
        version = AgreementVersion.objects.create(
            circle=circle, version=(current.version + 1) if current else 1, text=text,
            written_by=actor)
        AgreementConfirmation.objects.create(agreement=version, user=actor)
        audit_log(actor=actor, action="circles.agreement.proposed", target=version)
        for user in active_members(circle, exclude=actor):
            notify(recipient=user, kind="circle.agreement",
                   url=_url("circles:agreement", circle.pk),
                   title=f"{actor.display_name} proposed version {version.version} of the "
                         f"“{circle.topic}” agreement: please read and confirm it")
    return version


def agreement_confirm(*, actor, circle: Circle) -> AgreementConfirmation:
    _check_member(actor, circle)
    _check_open(circle)
    current = AgreementVersion.objects.filter(circle=circle).first()
    if current is None:
        raise Conflict("The circle has no agreement yet.")
    try:
        with transaction.atomic():
            confirmation = AgreementConfirmation.objects.create(agreement=current, user=actor)
            audit_log(actor=actor, action="circles.agreement.confirmed", target=current)
    except IntegrityError:
        raise Conflict(f"You confirmed version {current.version} already.") from None
    return confirmation


# --- Meetings -------------------------------------------------------------------------


def meetings_schedule(*, actor, circle: Circle, first_at: datetime, count: int = 6,
                      every_weeks: int | None = None) -> list[CircleMeeting]:
    """A leader plans a series: ``count`` meetings every ``every_weeks`` weeks (the
    circle's plan when not given) from ``first_at``, generated ahead as one row each."""
    errors = FieldErrors()
    if not isinstance(first_at, datetime) or timezone.is_naive(first_at):
        errors.add("first_at", "A date and time with its timezone.")
    elif first_at < timezone.now() - timedelta(hours=1):
        errors.add("first_at", "The first meeting must be in the future.")
    elif first_at > timezone.now() + timedelta(days=366):
        errors.add("first_at", "At most a year ahead.")
    count = _int(errors, "count", count, 1, MAX_MEETINGS_AHEAD)
    every = _int(errors, "every_weeks",
                 circle.meeting_every_weeks if every_weeks is None else every_weeks, 1, 8)
    errors.raise_if_any()
    _check_leader(actor, circle, "schedule meetings")
    _check_open(circle)
    with transaction.atomic():
        _lock(circle)
        upcoming = CircleMeeting.objects.filter(circle=circle, starts_at__gte=timezone.now(),
                                                status=MeetingStatus.SCHEDULED).count()
        if upcoming + count > MAX_MEETINGS_AHEAD:
            raise ValidationFailed(f"At most {MAX_MEETINGS_AHEAD} meetings ahead; "
                                   f"{upcoming} are planned.", field="count")
        meetings = []
        for k in range(count):
            meetings.append(CircleMeeting(circle=circle, minutes=circle.meeting_minutes,
                                          starts_at=_weeks_later(first_at, every * k)))
        CircleMeeting.objects.bulk_create(meetings)
        audit_log(actor=actor, action="circles.meetings.scheduled", target=circle,
                  data={"count": count, "every_weeks": every})
        for user in active_members(circle, exclude=actor):
            notify(recipient=user, kind="circle.meetings", url=_home(circle),
                   title=f"{count} meeting{'s' if count != 1 else ''} of “{circle.topic}” "
                         f"planned, the first on {timezone.localtime(first_at):%-d %B %Y}")
    return meetings


def _weeks_later(start: datetime, weeks: int) -> datetime:
    """Weeks counted on the local clock of ``start``'s zone: a meeting at 18:00 stays at
    18:00 across a daylight-saving change."""
    if hasattr(start.tzinfo, "key"):  # a named zone
        naive = start.replace(tzinfo=None) + timedelta(weeks=weeks)
        return timezone.make_aware(naive, start.tzinfo)
    return start + timedelta(weeks=weeks)


def meeting_cancel(*, actor, meeting: CircleMeeting) -> CircleMeeting:
    circle = meeting.circle
    _check_leader(actor, circle, "cancel meetings")
    _check_open(circle)
    with transaction.atomic():
        moved = CircleMeeting.objects.filter(pk=meeting.pk, status=MeetingStatus.SCHEDULED) \
            .update(status=MeetingStatus.CANCELLED, updated_at=timezone.now())
        if not moved:
            raise Conflict("Only a scheduled meeting can be cancelled.")
        meeting.status = MeetingStatus.CANCELLED
        audit_log(actor=actor, action="circles.meeting.cancelled", target=meeting)
        for user in active_members(circle, exclude=actor):
            notify(recipient=user, kind="circle.meeting_cancelled",
                   url=_url("circles:meeting", meeting.pk),
                   title=f"The “{circle.topic}” meeting of "
                         f"{timezone.localtime(meeting.starts_at):%-d %B} is cancelled")
    return meeting


def _check_meeting_writable(meeting: CircleMeeting) -> None:
    _check_open(meeting.circle)
    if meeting.status == MeetingStatus.CANCELLED:
        raise Conflict("This meeting was cancelled.")


def agenda_add(*, actor, meeting: CircleMeeting, text: str) -> AgendaItem:
    reject_nul_characters({"text": text})
    errors = FieldErrors()
    text = errors.text(text, "text", 300, required=True, empty="Write the topic.")
    errors.raise_if_any()
    _check_member(actor, meeting.circle)
    _check_meeting_writable(meeting)
    with transaction.atomic():
        if AgendaItem.objects.filter(meeting=meeting).count() >= MAX_AGENDA_ITEMS:
            raise ValidationFailed(f"At most {MAX_AGENDA_ITEMS} agenda items.", field="text")
        item = AgendaItem.objects.create(meeting=meeting, author=actor, text=text)
        audit_log(actor=actor, action="circles.agenda.added", target=item)
    return item


def note_save(*, actor, meeting: CircleMeeting, text: str) -> MeetingNote | None:
    """A member writes (or rewrites) their notes of the meeting; empty text removes them."""
    reject_nul_characters({"text": text})
    errors = FieldErrors()
    text = errors.text(text, "text", 6000, required=False)
    errors.raise_if_any()
    _check_member(actor, meeting.circle)
    _check_meeting_writable(meeting)
    with transaction.atomic():
        if not text:
            MeetingNote.objects.filter(meeting=meeting, author=actor).delete()
            audit_log(actor=actor, action="circles.note.deleted", target=meeting)
            return None
        note, _ = MeetingNote.objects.update_or_create(meeting=meeting, author=actor,
                                                       defaults={"text": text})
        audit_log(actor=actor, action="circles.note.saved", target=note)
        _touch(meeting.circle)
    return note


def attendance_record(*, actor, meeting: CircleMeeting, present: list) -> CircleMeeting:
    """A leader records who came, once the meeting has started: the meeting is then
    held. Everyone active in the circle gets a row (present or not)."""
    if not isinstance(present, list | tuple | set) or not all(
            isinstance(p, int) and not isinstance(p, bool) for p in present):
        raise ValidationFailed("A list of member ids.", field="present")
    circle = meeting.circle
    _check_leader(actor, circle, "record attendance")
    _check_meeting_writable(meeting)
    now = timezone.now()
    if meeting.starts_at > now:
        raise Conflict("Attendance is recorded once the meeting has started.")
    members = {m.user_id for m in Membership.objects.filter(circle=circle,
                                                            status=MemberStatus.ACTIVE)}
    strangers = set(present) - members
    if strangers:
        raise ValidationFailed("Only the circle's members can be marked present.",
                               field="present")
    with transaction.atomic():
        Attendance.objects.filter(meeting=meeting).delete()
        Attendance.objects.bulk_create([Attendance(meeting=meeting, user_id=user_id,
                                                   present=user_id in set(present))
                                        for user_id in sorted(members)])
        CircleMeeting.objects.filter(pk=meeting.pk).update(
            status=MeetingStatus.HELD, held_at=meeting.held_at or now, updated_at=now)
        meeting.status, meeting.held_at = MeetingStatus.HELD, meeting.held_at or now
        _touch(circle, now)
        audit_log(actor=actor, action="circles.attendance.recorded", target=meeting,
                  data={"present": len(set(present)), "members": len(members)})
    return meeting


# --- Conversation, resources, goals ---------------------------------------------------


def post_add(*, actor, circle: Circle, body: str) -> Post:
    """A member posts to the circle's conversation. The others are told sparingly: one
    unread "new posts" notification per circle, refreshed (not repeated) while unread,
    and never emailed."""
    reject_nul_characters({"body": body})
    errors = FieldErrors()
    body = errors.text(body, "body", 5000, required=True, empty="Write something first.")
    errors.raise_if_any()
    _check_member(actor, circle)
    _check_open(circle)
    with transaction.atomic():
        post = Post.objects.create(circle=circle, author=actor, body=body)
        _touch(circle, post.created_at)
        for user in active_members(circle, exclude=actor):
            notify(recipient=user, kind="circle.posts", email=False,
                   url=_url("circles:posts", circle.pk),
                   title=f"New posts in the circle “{circle.topic}”")
    return post


def resource_add(*, actor, circle: Circle, title: str, url: str = "",
                 note: str = "") -> CircleResource:
    reject_nul_characters({"title": title, "url": url, "note": note})
    errors = FieldErrors()
    title = errors.text(title, "title", 200, required=True, empty="Give it a title.")
    url = _link(errors, "url", url)
    note = errors.text(note, "note", 2000, required=False)
    errors.raise_if_any()
    _check_member(actor, circle)
    _check_open(circle)
    with transaction.atomic():
        if CircleResource.objects.filter(circle=circle).count() >= MAX_RESOURCES:
            raise ValidationFailed(f"At most {MAX_RESOURCES} resources.", field="title")
        resource = CircleResource.objects.create(circle=circle, added_by=actor, title=title,
                                                 url=url, note=note)
        _touch(circle)
        audit_log(actor=actor, action="circles.resource.added", target=resource)
    return resource


def resource_delete(*, actor, resource: CircleResource) -> None:
    if resource.added_by_id != actor.pk and not is_leader(actor, resource.circle):
        raise Forbidden("Only the person who added it, or the circle's leaders, can remove it.")
    _check_open(resource.circle)
    with transaction.atomic():
        audit_log(actor=actor, action="circles.resource.deleted", target=resource)
        resource.delete()


def goals_share(*, actor, circle: Circle, goal_ids: list) -> list[int]:
    """The member chooses exactly which of their career goals this circle sees."""
    if not isinstance(goal_ids, list | tuple | set) or not all(
            isinstance(g, int) and not isinstance(g, bool) for g in goal_ids):
        raise ValidationFailed("A list of goal ids.", field="goal_ids")
    _check_member(actor, circle)
    _check_open(circle)
    wanted = set(goal_ids)
    own = set(actor.career_goals.filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - own:
        raise ValidationFailed("Choose among your own goals.", field="goal_ids")
    with transaction.atomic():
        SharedGoal.objects.filter(circle=circle, goal__user=actor).exclude(
            goal_id__in=wanted).delete()
        have = set(SharedGoal.objects.filter(circle=circle, goal__user=actor)
                   .values_list("goal_id", flat=True))
        SharedGoal.objects.bulk_create([SharedGoal(circle=circle, goal_id=g)
                                        for g in sorted(wanted - have)])
        audit_log(actor=actor, action="circles.goals.shared", target=circle,
                  data={"goals": len(wanted)})
    return sorted(wanted)


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
        others = list(Membership.objects.filter(circle=circle, status=MemberStatus.ACTIVE)
                      .exclude(user=user).select_related("user").order_by("joined_at", "id"))
        if not others:
            _close(circle, actor=None)
        elif circle.is_peer or not any(m.role == Role.MENTOR for m in others):
            _hand_over(circle, others[0], actor=None)
    Circle.objects.filter(organiser=user).update(organiser=None)
    Circle.objects.filter(created_by=user).update(created_by=None)

