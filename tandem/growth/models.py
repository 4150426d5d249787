"""Milestones of a career goal: the steps towards it, with due dates, done or not. A
meeting's action item can become one."""

from __future__ import annotations

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
