"""Progress reports: each party's periodic account of how the mentorship is going, with a
re-assessment of what they need now."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tandem.core.models import BaseModel


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ACHIEVED = "achieved", "Achieved"
    DROPPED = "dropped", "Dropped"


class CadenceFit(models.TextChoices):
    RIGHT = "right", "About right"
    TOO_OFTEN = "too_often", "Too often"
    TOO_RARE = "too_rare", "Too rare"


class NeedAction(models.TextChoices):
    KEEP = "keep", "Keep"
    CHANGE = "change", "Change"
    ADD = "add", "Add"


class ProgressReport(BaseModel):
    """One party's report for one due date. Both parties of the relationship read both
    reports; nobody else does."""

    relationship = models.ForeignKey("mentorships.Relationship", on_delete=models.CASCADE,
                                     related_name="progress_reports")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    due_date = models.DateField()
    goal_progress = models.JSONField(default=list)  # [{"goal_id", "title", "status", "percent"}]
    went_well = models.TextField(max_length=4000)
    obstacles = models.TextField(blank=True, max_length=4000)
    needs = models.JSONField(default=list)  # [{"need": str, "action": keep|change|add}]
    satisfaction = models.PositiveSmallIntegerField()
    cadence_fit = models.CharField(max_length=10, choices=CadenceFit.choices)
    proposed_objectives = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["relationship", "author", "due_date"],
                                    name="one_report_per_party_per_due_date"),
            models.CheckConstraint(condition=models.Q(satisfaction__gte=1, satisfaction__lte=5),
                                   name="report_satisfaction_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"Progress report #{self.pk}"


# --- Feedback both ways ---------------------------------------------------------------


class FeedbackKind(models.TextChoices):
    POSITIVE = "positive", "Positive: keep doing this"
    CONSTRUCTIVE = "constructive", "Constructive: try changing this"


class FeedbackRequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ContributionKind(models.TextChoices):
    RESOURCE = "resource", "Shared a resource"
    INTRODUCTION = "introduction", "Made an introduction"
    REVIEW = "review", "Reviewed something"
    OTHER = "other", "Other"


class FeedbackRequest(BaseModel):
    """The mentee asks the mentor for feedback on a topic, a goal or a piece of work. It
    stays open until the mentor answers it with a feedback entry or the mentee withdraws."""

    Status = FeedbackRequestStatus

    relationship = models.ForeignKey("mentorships.Relationship", on_delete=models.CASCADE,
                                     related_name="feedback_requests")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    topic = models.CharField(max_length=200)
    details = models.TextField(blank=True, max_length=4000)
    goal = models.ForeignKey("accounts.CareerGoal", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    link = models.URLField(max_length=500, blank=True)
    by_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=FeedbackRequestStatus.choices,
                              default=FeedbackRequestStatus.OPEN, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=FeedbackRequestStatus.values),
                                   name="feedback_request_status_valid"),
        ]
        indexes = [models.Index(fields=["relationship", "status"])]

    def __str__(self) -> str:
        return f"Feedback request #{self.pk} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == FeedbackRequestStatus.OPEN


class FeedbackEntry(BaseModel):
    """The mentor's feedback to the mentee: positive (reinforce) or constructive (change),
    tied to at most one of a shared goal, a milestone of one, or a meeting. The mentee
    acknowledges it and may reply once (editable until the mentor has read the reply)."""

    Kind = FeedbackKind

    relationship = models.ForeignKey("mentorships.Relationship", on_delete=models.CASCADE,
                                     related_name="feedback_entries")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    kind = models.CharField(max_length=12, choices=FeedbackKind.choices)
    body = models.TextField(max_length=8000)
    goal = models.ForeignKey("accounts.CareerGoal", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    milestone = models.ForeignKey("growth.Milestone", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    meeting = models.ForeignKey("meetings.Meeting", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    request = models.OneToOneField(FeedbackRequest, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="answer")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    reply = models.TextField(blank=True, max_length=4000)
    replied_at = models.DateTimeField(null=True, blank=True)
    reply_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "feedback entries"
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=FeedbackKind.values),
                                   name="feedback_entry_kind_valid"),
            # Tied to one thing at most: a goal, a milestone or a meeting.
            models.CheckConstraint(
                condition=(models.Q(goal__isnull=True, milestone__isnull=True)
                           | models.Q(goal__isnull=True, meeting__isnull=True)
                           | models.Q(milestone__isnull=True, meeting__isnull=True)),
                name="feedback_entry_tied_to_one_thing"),
        ]

    def __str__(self) -> str:
        return f"Feedback entry #{self.pk} ({self.kind})"

    @property
    def reply_editable(self) -> bool:
        return self.reply_read_at is None


class MentorFeedback(BaseModel):
    """Giving back: the mentee's feedback to the mentor. With the mentee's consent, what
    helped shows as kudos on the mentor's public profile."""

    relationship = models.ForeignKey("mentorships.Relationship", on_delete=models.CASCADE,
                                     related_name="mentor_feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    what_helped = models.TextField(blank=True, max_length=4000)
    could_be_better = models.TextField(blank=True, max_length=4000)
    kudos_consent = models.BooleanField(default=False)
    consented_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "mentor feedback"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(what_helped="", could_be_better=""),
                name="mentor_feedback_not_empty"),
        ]

    def __str__(self) -> str:
        return f"Feedback to a mentor #{self.pk}"


class Contribution(BaseModel):
    """Something the mentee did for the mentor: a resource, an introduction, a review."""

    Kind = ContributionKind

    relationship = models.ForeignKey("mentorships.Relationship", on_delete=models.CASCADE,
                                     related_name="contributions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    kind = models.CharField(max_length=12, choices=ContributionKind.choices)
    description = models.TextField(max_length=1000)
    date = models.DateField()

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=ContributionKind.values),
                                   name="contribution_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"Contribution #{self.pk} ({self.kind})"
