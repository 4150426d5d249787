"""Relationship health: what the periodic job last saw, the nudges sent, and a record of
each automatic action so that it happens once.

* ``RelationshipHealth``: one row per relationship, the health state the job last
  computed and since when. A change of state is claimed with a conditional UPDATE, so
  the automatic nudge that goes with it is sent once, whoever runs the job.
* ``HealthEvent``: one row per automatic action (an automatic nudge, a pause notice, an
  automatic pause); its unique key is what makes the action idempotent.
* ``Nudge``: a nudge sent to both parties, by staff (or a coordinator) or automatically.
  The optional message is the sender's own text; the pair reads it in the notification.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tandem.core.models import BaseModel


class HealthState(models.TextChoices):
    HEALTHY = "healthy", "Healthy"
    NEEDS_ATTENTION = "needs_attention", "Needs attention"
    AT_RISK = "at_risk", "At risk"


class RelationshipHealth(BaseModel):
    relationship = models.OneToOneField("mentorships.Relationship", on_delete=models.CASCADE,
                                        related_name="health")
    state = models.CharField(max_length=16, choices=HealthState.choices,
                             default=HealthState.HEALTHY)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "relationship health"
        constraints = [models.CheckConstraint(condition=models.Q(state__in=HealthState.values),
                                              name="relationship_health_state_valid")]

    def __str__(self) -> str:
        return f"Health of mentorship #{self.relationship_id} ({self.state})"


class HealthEvent(models.Model):
    class Kind(models.TextChoices):
        AUTO_NUDGE = "auto_nudge", "Automatic nudge"
        PAUSE_NOTICE = "pause_notice", "Notice of an automatic pause"
        AUTO_PAUSE = "auto_pause", "Automatic pause"

    relationship = models.ForeignKey("mentorships.Relationship", on_delete=models.CASCADE,
                                     related_name="health_events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    key = models.CharField(max_length=120)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["relationship", "key"], name="health_event_once"),
            models.CheckConstraint(condition=models.Q(kind__in=["auto_nudge", "pause_notice",
                                                                "auto_pause"]),
                                   name="health_event_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"Health event #{self.pk} ({self.kind})"


class Nudge(BaseModel):
    relationship = models.ForeignKey("mentorships.Relationship", on_delete=models.CASCADE,
                                     related_name="nudges")
    # None: sent automatically by the health job.
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    message = models.TextField(blank=True, max_length=1000)
    automatic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["relationship", "created_at"])]

    def __str__(self) -> str:
        return f"Nudge #{self.pk}"
