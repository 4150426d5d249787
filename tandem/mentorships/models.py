"""Requests, relationships, closing reflections and the versioned agreement."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tandem.accounts.choices import (
    WEEKDAYS,
    Channel,
    FeedbackFormat,
    FeedbackStyle,
    FeedbackTiming,
)
from tandem.core.models import BaseModel


class Cadence(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    BIWEEKLY = "biweekly", "Every two weeks"
    MONTHLY = "monthly", "Every month"
    CUSTOM = "custom", "Custom interval"


class RequestState(models.TextChoices):
    PENDING = "pending", "Waiting for the mentor"
    INFO_REQUESTED = "info_requested", "Mentor asked for more information"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Expired"


class RelationshipState(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"
    ENDED_EARLY = "ended_early", "Ended early"


class DeclineReason(models.Model):
    """A kind, editable reason a mentor can pick when declining (staff edit them in the
    admin). ``text`` is what the mentee reads."""

    label = models.CharField(max_length=80)
    text = models.TextField()
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class MentorshipRequest(BaseModel):
    State = RequestState

    OPEN_STATES = (RequestState.PENDING, RequestState.INFO_REQUESTED)

    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="requests_sent")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="requests_received")
    message = models.TextField(max_length=4000)
    goals = models.ManyToManyField("accounts.CareerGoal", blank=True, related_name="requests")
    proposed_cadence = models.CharField(max_length=10, choices=Cadence.choices,
                                        default=Cadence.BIWEEKLY)
    proposed_channel = models.CharField(max_length=10, choices=Channel.choices,
                                        default=Channel.VIDEO)
    state = models.CharField(max_length=16, choices=RequestState.choices,
                             default=RequestState.PENDING,
                             db_index=True)
    expires_at = models.DateTimeField(db_index=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.ForeignKey(DeclineReason, null=True, blank=True,
                                       on_delete=models.SET_NULL)
    decline_text = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "mentor"],
                condition=models.Q(state__in=["pending", "info_requested"]),
                name="one_open_request_per_pair",
                violation_error_message="You already have an open request to this mentor.",
            ),
            models.CheckConstraint(condition=~models.Q(mentee=models.F("mentor")),
                                   name="request_not_to_self"),
            models.CheckConstraint(
                condition=models.Q(state__in=RequestState.values), name="request_state_valid"),
        ]
        indexes = [models.Index(fields=["mentor", "state"]),
                   models.Index(fields=["mentee", "state"])]

    def __str__(self) -> str:
        return f"Request #{self.pk} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class RequestMessage(BaseModel):
    """The back-and-forth on a request: the mentor's question, the mentee's reply."""

    class Kind(models.TextChoices):
        QUESTION = "question", "Question"
        REPLY = "reply", "Reply"

    request = models.ForeignKey(MentorshipRequest, on_delete=models.CASCADE,
                                related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    body = models.TextField(max_length=4000)

    class Meta:
        ordering = ["created_at", "id"]


def involving_q(user, *, prefix: str = "") -> models.Q:
    """The condition "``user`` is the mentee or the mentor" of a relationship; ``prefix``
    reaches it from another model (``"relationship__"`` for a meeting, a note...)."""
    return models.Q(**{f"{prefix}mentee": user}) | models.Q(**{f"{prefix}mentor": user})


class RelationshipQuerySet(models.QuerySet):
    def involving(self, user) -> RelationshipQuerySet:
        """The relationships in which ``user`` is the mentee or the mentor."""
        return self.filter(involving_q(user))


class Relationship(BaseModel):
    State = RelationshipState
    involving_q = staticmethod(involving_q)

    OPEN_STATES = (RelationshipState.ACTIVE, RelationshipState.PAUSED)
    CLOSED_STATES = (RelationshipState.COMPLETED, RelationshipState.ENDED_EARLY)

    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="mentorships_as_mentee")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="mentorships_as_mentor")
    request = models.OneToOneField(MentorshipRequest, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="relationship")
    state = models.CharField(max_length=12, choices=RelationshipState.choices,
                             default=RelationshipState.ACTIVE,
                             db_index=True)
    started_at = models.DateTimeField()
    paused_until = models.DateField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    end_reason = models.TextField(blank=True, max_length=2000)
    program = models.ForeignKey("programs.Program", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="relationships")

    objects = models.Manager.from_queryset(RelationshipQuerySet)()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "mentor"], condition=models.Q(state__in=["active", "paused"]),
                name="one_open_relationship_per_pair"),
            models.CheckConstraint(condition=~models.Q(mentee=models.F("mentor")),
                                   name="relationship_not_with_self"),
            models.CheckConstraint(
                condition=models.Q(state__in=RelationshipState.values),
                name="relationship_state_valid"),
        ]

    def __str__(self) -> str:
        return f"Mentorship #{self.pk} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def is_closed(self) -> bool:
        return self.state in self.CLOSED_STATES

    def other_party(self, user):
        return self.mentor if user.pk == self.mentee_id else self.mentee

    def role_of(self, user) -> str:
        return "mentee" if user.pk == self.mentee_id else "mentor"


class Reflection(BaseModel):
    """One party's closing reflection. The private remark is for the program coordinator
    only: the other party never sees it."""

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE,
                                     related_name="reflections")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    achieved = models.TextField(max_length=4000)
    rating = models.PositiveSmallIntegerField()
    would_recommend = models.BooleanField()
    private_remark = models.TextField(blank=True, max_length=2000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["relationship", "author"],
                                    name="one_reflection_per_party"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5),
                                   name="reflection_rating_1_to_5"),
        ]


DEFAULT_CONFIDENTIALITY = (
    "What we discuss stays between the two of us unless we both agree to share it. "
    "Either of us may raise a concern with the program coordinator about how the "
    "mentorship is going without sharing the content of our conversations. Anything that "
    "puts someone at risk of harm is the exception."
)


class Agreement(BaseModel):
    """One version of a relationship's agreement. A draft becomes confirmed when both
    parties have confirmed it; the previously confirmed version is then superseded.
    Versions are never edited once confirmed, so the history stays readable."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CONFIRMED = "confirmed", "Confirmed"
        SUPERSEDED = "superseded", "Superseded"

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE,
                                     related_name="agreements")
    version = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    objectives = models.JSONField(default=list, blank=True)  # [{"text": str, "goal_id": int|None}]
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.VIDEO)
    meeting_place = models.CharField("link or place", max_length=300, blank=True)
    cadence = models.CharField(max_length=10, choices=Cadence.choices, default=Cadence.BIWEEKLY)
    custom_interval_days = models.PositiveSmallIntegerField(null=True, blank=True)
    weekday = models.PositiveSmallIntegerField(null=True, blank=True,
                                               choices=list(enumerate(WEEKDAYS)))
    meeting_time = models.TimeField(null=True, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    feedback_format = models.CharField(max_length=16, choices=FeedbackFormat.choices,
                                       default=FeedbackFormat.EITHER)
    feedback_style = models.CharField(max_length=16, choices=FeedbackStyle.choices,
                                      default=FeedbackStyle.DIRECT)
    feedback_timing = models.CharField(max_length=16, choices=FeedbackTiming.choices,
                                       default=FeedbackTiming.AT_MEETINGS)
    feedback_notes = models.CharField(max_length=500, blank=True)
    confidentiality = models.TextField(default=DEFAULT_CONFIDENTIALITY, max_length=4000)
    report_every_weeks = models.PositiveSmallIntegerField(default=4)
    start_date = models.DateField()
    end_date = models.DateField()
    changes = models.JSONField(default=list, blank=True)  # what differs from the version before
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    mentee_confirmed_at = models.DateTimeField(null=True, blank=True)
    mentor_confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["relationship", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["relationship", "version"],
                                    name="agreement_version_unique"),
            models.UniqueConstraint(fields=["relationship"], condition=models.Q(status="draft"),
                                    name="one_draft_agreement"),
            models.UniqueConstraint(fields=["relationship"],
                                    condition=models.Q(status="confirmed"),
                                    name="one_confirmed_agreement"),
            models.CheckConstraint(condition=models.Q(start_date__lt=models.F("end_date")),
                                   name="agreement_starts_before_it_ends"),
        ]

    def __str__(self) -> str:
        return f"Agreement v{self.version} ({self.get_status_display()})"

    def confirmed_by(self, user) -> bool:
        rel = self.relationship
        stamp = self.mentee_confirmed_at if user.pk == rel.mentee_id else self.mentor_confirmed_at
        return stamp is not None
