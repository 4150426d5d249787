"""Group mentoring circles: a topic, one or two mentors (or none: a peer circle), a size
limit, a meeting plan, and members who join by invitation, by request or through a
program's matching. Inside: a versioned agreement, meetings with agenda, notes and
attendance, a conversation, shared resources and the goals each member chooses to show.

Content (posts, agendas, notes, the agreement, resources, goals) is for the circle's
active members only; coordinators see figures (``selectors.health``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from tandem.core.models import BaseModel

MIN_SIZE, MAX_SIZE = 2, 20
MAX_MENTORS = 2


class JoinMode(models.TextChoices):
    INVITATION = "invitation", "By invitation"
    REQUEST = "request", "By request (anyone may ask)"
    PROGRAM = "program", "Through a program's matching"


class CircleState(models.TextChoices):
    OPEN = "open", "Open"
    FULL = "full", "Full"
    CLOSED = "closed", "Closed"


class Channel(models.TextChoices):
    VIDEO = "video", "Video call"
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    CHAT = "chat", "Chat"


class Role(models.TextChoices):
    MENTOR = "mentor", "Mentor"
    MEMBER = "member", "Member"


class MemberStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    REQUESTED = "requested", "Asked to join"
    ACTIVE = "active", "Member"
    DECLINED = "declined", "Declined"
    LEFT = "left", "Left"
    REMOVED = "removed", "Removed"


class Source(models.TextChoices):
    CREATOR = "creator", "Started the circle"
    INVITATION = "invitation", "Invited"
    REQUEST = "request", "Asked to join"
    PROGRAM = "program", "Program matching"


def member_q(user, *, prefix: str = "") -> Q:
    """The condition "``user`` is an active member" of a circle, on a membership;
    ``prefix`` reaches the membership from another model (``"memberships__"`` from a
    circle). One condition, so both parts apply to the same membership row."""
    return Q(**{f"{prefix}user": user, f"{prefix}status": MemberStatus.ACTIVE})


class MembershipQuerySet(models.QuerySet):
    def active(self) -> MembershipQuerySet:
        """Memberships in force: not an invitation or a request waiting, nor ended."""
        return self.filter(status=MemberStatus.ACTIVE)

    def member(self, user, circle) -> MembershipQuerySet:
        """``user``'s active membership of ``circle`` (empty when they are no member)."""
        return self.filter(member_q(user), circle=circle)


class CircleQuerySet(models.QuerySet):
    def with_member(self, user) -> CircleQuerySet:
        """The circles in which ``user`` is an active member."""
        return self.filter(member_q(user, prefix="memberships__"))


class Circle(BaseModel):
    topic = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=4000, help_text="Markdown")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    # A peer circle's organiser (invites, decides requests, removes, closes); empty for a
    # mentor-led circle, whose mentors do that.
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    is_peer = models.BooleanField(default=False)
    program = models.ForeignKey("programs.Program", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="circles")
    size_limit = models.PositiveSmallIntegerField(default=6)
    # Active members (mentors not counted): kept with the membership changes, under a row
    # lock, so the size limit holds under concurrency.
    member_count = models.PositiveSmallIntegerField(default=0)
    join_mode = models.CharField(max_length=10, choices=JoinMode.choices,
                                 default=JoinMode.INVITATION)
    meeting_every_weeks = models.PositiveSmallIntegerField(default=2)
    meeting_minutes = models.PositiveSmallIntegerField(default=60)
    meeting_channel = models.CharField(max_length=10, choices=Channel.choices,
                                       default=Channel.VIDEO)
    meeting_where = models.CharField("where or which link", max_length=300, blank=True)
    state = models.CharField(max_length=6, choices=CircleState.choices,
                             default=CircleState.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The last time something happened inside (a post, a meeting held, a member joined):
    # a figure coordinators may see.
    last_activity_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["topic", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=CircleState.values),
                                   name="circle_state_valid"),
            models.CheckConstraint(condition=Q(join_mode__in=JoinMode.values),
                                   name="circle_join_mode_valid"),
            models.CheckConstraint(condition=Q(size_limit__gte=MIN_SIZE, size_limit__lte=MAX_SIZE),
                                   name="circle_size_range"),
            models.CheckConstraint(condition=Q(member_count__lte=models.F("size_limit")),
                                   name="circle_not_overfilled"),
            models.CheckConstraint(condition=Q(meeting_every_weeks__gte=1,
                                               meeting_every_weeks__lte=8),
                                   name="circle_cadence_range"),
        ]

    objects = CircleQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Circle #{self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.state == CircleState.CLOSED

    @property
    def places_left(self) -> int:
        return max(self.size_limit - self.member_count, 0)


class Membership(BaseModel):
    """One person in one circle; one row per pair, its status moving over time (a person
    who left may be invited again)."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="circle_memberships")
    role = models.CharField(max_length=6, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=10, choices=MemberStatus.choices)
    source = models.CharField(max_length=10, choices=Source.choices)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    message = models.TextField(blank=True, max_length=1000)  # with an invitation or request
    joined_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["role", "joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["circle", "user"], name="one_membership_per_circle"),
            models.CheckConstraint(condition=Q(status__in=MemberStatus.values),
                                   name="circle_member_status_valid"),
            models.CheckConstraint(condition=Q(role__in=Role.values),
                                   name="circle_member_role_valid"),
        ]
        indexes = [models.Index(fields=["user", "status"])]

    objects = MembershipQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Membership #{self.pk}"


class AgreementVersion(BaseModel):
    """The circle's shared agreement. Each change is a new version; members confirm the
    version in force, and who confirmed when is kept per version."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="agreements")
    version = models.PositiveSmallIntegerField()
    text = models.TextField(max_length=6000, help_text="Markdown")
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["circle", "version"],
                                               name="one_circle_agreement_version")]

    def __str__(self) -> str:
        return f"Circle agreement #{self.pk} v{self.version}"


class AgreementConfirmation(models.Model):
    agreement = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE,
                                  related_name="confirmations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["agreement", "user"],
                                               name="one_confirmation_per_version")]

    def __str__(self) -> str:
        return f"Circle agreement confirmation #{self.pk}"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class CircleMeeting(BaseModel):
    """One meeting of a circle; a series is generated ahead as one row per occurrence."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(db_index=True)
    minutes = models.PositiveSmallIntegerField(default=60)
    status = models.CharField(max_length=10, choices=MeetingStatus.choices,
                              default=MeetingStatus.SCHEDULED)
    held_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(status__in=MeetingStatus.values),
                                              name="circle_meeting_status_valid")]

    def __str__(self) -> str:
        return f"Circle meeting #{self.pk}"


class AgendaItem(BaseModel):
    meeting = models.ForeignKey(CircleMeeting, on_delete=models.CASCADE, related_name="agenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["created_at", "id"]


class MeetingNote(BaseModel):
    """Each member's notes of a meeting (one per person, which they edit): the circle
    reads them all; erasing a person removes theirs and keeps the others'."""

    meeting = models.ForeignKey(CircleMeeting, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    text = models.TextField(max_length=6000, help_text="Markdown")

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "author"],
                                               name="one_note_per_member_per_meeting")]


class Attendance(models.Model):
    meeting = models.ForeignKey(CircleMeeting, on_delete=models.CASCADE,
                                related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    present = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"],
                                               name="one_attendance_per_member")]

    def __str__(self) -> str:
        return f"Attendance #{self.pk}"


class Post(models.Model):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="circle_posts")
    body = models.TextField(max_length=5000, help_text="Markdown")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["circle", "id"])]

    def __str__(self) -> str:
        return f"Circle post #{self.pk}"


class CircleResource(BaseModel):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="resources")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="+")
    title = models.CharField(max_length=200)
    url = models.CharField(max_length=500, blank=True)
    note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["-created_at", "-id"]


class SharedGoal(models.Model):
    """A member's career goal that they chose to show to this circle."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="shared_goals")
    goal = models.ForeignKey("accounts.CareerGoal", on_delete=models.CASCADE,
                             related_name="circle_shares")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["circle", "goal"],
                                               name="one_share_per_goal_and_circle")]

    def __str__(self) -> str:
        return f"Shared goal #{self.pk}"
