"""What the circle services share: limits, field checks, who leads, and places taken
and given back under a lock on the circle row."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.urls import reverse
from django.utils import timezone

from tandem.circles.models import (
    MAX_MENTORS,
    MAX_SIZE,
    MIN_SIZE,
    Channel,
    Circle,
    CircleState,
    JoinMode,
    Membership,
    MemberStatus,
    Role,
)
from tandem.circles.permissions import is_leader
from tandem.core.errors import Conflict, FieldErrors, Forbidden
from tandem.core.validation import check_choice, reject_nul_characters

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
        clean["join_mode"] = check_choice(errors, "join_mode",
                                     changes.get("join_mode", JoinMode.INVITATION), JoinMode)
    if wanted("meeting_every_weeks"):
        clean["meeting_every_weeks"] = _int(errors, "meeting_every_weeks",
                                            changes.get("meeting_every_weeks", 2), 1, 8)
    if wanted("meeting_minutes"):
        clean["meeting_minutes"] = _int(errors, "meeting_minutes",
                                        changes.get("meeting_minutes", 60), 15, 240)
    if wanted("meeting_channel"):
        clean["meeting_channel"] = check_choice(errors, "meeting_channel",
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
    membership = Membership.objects.member(actor, circle).first()
    if membership is None:
        raise Forbidden("Only the circle's members can do this.")
    return membership


def leaders_of(circle: Circle) -> list:
    """The people who run the circle: its active mentors, or the peer circle's organiser."""
    if circle.is_peer:
        return [circle.organiser] if circle.organiser_id else []
    return [m.user for m in Membership.objects.active().filter(
        circle=circle, role=Role.MENTOR).select_related("user")]


def active_members(circle: Circle, *, exclude=None) -> list:
    rows = Membership.objects.active().filter(circle=circle).select_related("user")
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
        mentors = Membership.objects.active().filter(circle=circle, role=Role.MENTOR).count()
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
