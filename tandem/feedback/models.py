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
