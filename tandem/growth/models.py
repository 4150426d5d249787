"""Goals as the mentor guides them, and the counsel of strengths and growth areas.

* ``Milestone``: the steps towards a career goal, with due dates, done or not. A
  meeting's action item can become one.
* ``GoalShare``: a goal the mentee chose to share with one mentorship (visibility
  "chosen"); ``selectors.goals_shared_with`` is the one rule of who sees what.
* ``GoalComment``: a comment on a goal inside one mentorship (the mentor guiding, the
  mentee replying); the other party reads and acknowledges it (``read_at``).
* ``AssessmentSnapshot`` + ``AssessmentItem``: one party's dated view of the mentee's
  strengths and growth areas in a mentorship. Each save is a new snapshot; none is edited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tandem.core.models import BaseModel


class Milestone(BaseModel):
    goal = models.ForeignKey("accounts.CareerGoal", on_delete=models.CASCADE,
                             related_name="milestones")
    title = models.CharField(max_length=300)
    due_date = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    source_action = models.OneToOneField("meetings.ActionItem", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="milestone")

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return f"Milestone #{self.pk}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class GoalShare(BaseModel):
    goal = models.ForeignKey("accounts.CareerGoal", on_delete=models.CASCADE,
                             related_name="shares")
    relationship = models.ForeignKey("mentorships.Relationship", on_delete=models.CASCADE,
                                     related_name="goal_shares")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["goal", "relationship"],
                                               name="goal_shared_once_per_relationship")]

    def __str__(self) -> str:
        return f"Goal share #{self.pk}"


class GoalComment(BaseModel):
    goal = models.ForeignKey("accounts.CareerGoal", on_delete=models.CASCADE,
                             related_name="comments")
    relationship = models.ForeignKey("mentorships.Relationship", on_delete=models.CASCADE,
                                     related_name="goal_comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    text = models.TextField(max_length=4000)  # Markdown
    # When the other party acknowledged it; None: unread.
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["relationship", "read_at"])]

    def __str__(self) -> str:
        return f"Goal comment #{self.pk}"


class AssessmentKind(models.TextChoices):
    STRENGTH = "strength", "Strength"
    GROWTH = "growth", "Growth area"


class AssessmentSnapshot(BaseModel):
    relationship = models.ForeignKey("mentorships.Relationship", on_delete=models.CASCADE,
                                     related_name="assessments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["relationship", "author", "created_at"])]

    def __str__(self) -> str:
        return f"Assessment snapshot #{self.pk}"


class AssessmentItem(models.Model):
    snapshot = models.ForeignKey(AssessmentSnapshot, on_delete=models.CASCADE,
                                 related_name="items")
    kind = models.CharField(max_length=8, choices=AssessmentKind.choices)
    name = models.CharField(max_length=120)
    note = models.TextField(blank=True, max_length=1000)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "position", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(kind__in=AssessmentKind.values),
                                              name="assessment_item_kind_valid")]

    def __str__(self) -> str:
        return f"Assessment item #{self.pk}"
