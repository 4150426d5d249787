"""Code-of-conduct reports and frozen accounts.

A report is about a person (reported from their page), about a mentorship the reporter
is a party to (then it concerns the other party), or about a message written to the
reporter in one of their mentorships (then it concerns its author, and the message's text
is quoted into the report: reviewers see that one message, nothing else of the
conversation). It goes to the people who look after
the community: until programs exist that is staff and coordinators. ``scope`` says who
reviews it; a later ``program`` scope (with a program link) slots in beside ``community``
without changing the rest: the review queue filters on it in one place
(``selectors.reviewable_q``).

A freeze switches an account off (``User.is_active = False``: sign-in refused, sessions
and API tokens no longer accepted, hidden from the directory and suggestions) and keeps
who did it, when and why; unfreezing closes the row and switches the account back on.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from tandem.core.models import BaseModel


class Category(models.TextChoices):
    HARASSMENT = "harassment", "Harassment"
    DISCRIMINATION = "discrimination", "Discrimination"
    INAPPROPRIATE = "inappropriate_content", "Inappropriate content"
    SPAM = "spam_or_scam", "Spam or scam"
    SAFETY = "safety_concern", "Safety concern"
    OTHER = "other", "Other"


class Subject(models.TextChoices):
    PERSON = "person", "A person"
    RELATIONSHIP = "relationship", "A mentorship"
    MESSAGE = "message", "A message"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    IN_REVIEW = "in_review", "In review"
    CLOSED = "closed", "Closed"


class ActionTaken(models.TextChoices):
    NONE = "none", "No action needed"
    WARNED = "warned", "The person was warned"
    FROZEN = "frozen", "The account was frozen"
    OTHER = "other", "Other action (see the note)"


class Scope(models.TextChoices):
    # Reports about staff or coordinators go to staff only: nobody reviews a report about
    # a colleague, or about themselves.
    COMMUNITY = "community", "Open community: staff and coordinators"
    STAFF = "staff", "Staff only"


class Report(BaseModel):
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                 related_name="safety_reports_made")
    reported_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                      on_delete=models.SET_NULL,
                                      related_name="safety_reports_about")
    subject = models.CharField(max_length=20, choices=Subject.choices)
    relationship = models.ForeignKey("mentorships.Relationship", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    # A reported message (subject "message"), and its text as it was when reported: the
    # reporter's act of reporting quotes it for the reviewers, so the quote stays even if
    # the author later edits or deletes the message.
    message = models.ForeignKey("conversations.Message", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    quoted_text = models.TextField(blank=True)
    category = models.CharField(max_length=30, choices=Category.choices)
    details = models.TextField()
    wants_contact = models.BooleanField(default=False)
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.COMMUNITY)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN,
                              db_index=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # For the reviewers only: never shown to the reporter or the reported person.
    outcome_note = models.TextField(blank=True)
    action_taken = models.CharField(max_length=20, choices=ActionTaken.choices, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values),
                                   name="safety_report_status_valid"),
            models.CheckConstraint(condition=Q(category__in=Category.values),
                                   name="safety_report_category_valid"),
            models.CheckConstraint(condition=Q(subject__in=Subject.values),
                                   name="safety_report_subject_valid"),
            models.CheckConstraint(condition=Q(scope__in=Scope.values),
                                   name="safety_report_scope_valid"),
            models.CheckConstraint(condition=Q(action_taken__in=[*ActionTaken.values, ""]),
                                   name="safety_report_action_valid"),
            models.CheckConstraint(condition=~Q(reporter=F("reported_user")),
                                   name="safety_report_not_about_oneself"),
            models.CheckConstraint(
                condition=~Q(status=Status.CLOSED) | Q(closed_at__isnull=False)
                & ~Q(action_taken=""),
                name="safety_report_closed_has_outcome"),
        ]
        indexes = [models.Index(fields=["reporter", "created_at"])]

    def __str__(self) -> str:
        return f"Safety report #{self.pk}"


class Freeze(BaseModel):
    """One period during which an account was frozen (``created_at`` is when)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="freezes")
    frozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField()
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="freezes")
    unfrozen_at = models.DateTimeField(null=True, blank=True)
    unfrozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    unfreeze_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # Frozen once at a time: a second freeze of a frozen account fails here even
            # when two reviewers press the button together.
            models.UniqueConstraint(fields=["user"], condition=Q(unfrozen_at__isnull=True),
                                    name="safety_one_open_freeze_per_user"),
            models.CheckConstraint(condition=~Q(user=F("frozen_by")),
                                   name="safety_freeze_not_oneself"),
        ]

    def __str__(self) -> str:
        return f"Freeze #{self.pk}"

    @property
    def frozen_at(self):
        return self.created_at

    @property
    def is_current(self) -> bool:
        return self.unfrozen_at is None
