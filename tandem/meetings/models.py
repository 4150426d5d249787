"""Meetings of a mentorship: one-off meetings and recurring series, with agenda, shared
notes and action items, and the per-user calendar subscription feed."""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.db import models

from tandem.accounts.choices import Channel
from tandem.core.models import BaseModel


def new_uid() -> str:
    return f"{uuid.uuid4()}@tandem"


class Frequency(models.TextChoices):
    DAILY = "DAILY", "Days"
    WEEKLY = "WEEKLY", "Weeks"
    MONTHLY = "MONTHLY", "Months"


class MeetingSeries(BaseModel):
    """A recurring meeting: the rule (RFC 5545 terms) it was generated from. Its
    occurrences are stored as Meeting rows, each of which can be moved or cancelled."""

    relationship = models.ForeignKey("mentorships.Relationship", on_delete=models.CASCADE,
                                     related_name="meeting_series")
    uid = models.CharField(max_length=80, unique=True, default=new_uid)
    timezone = models.CharField(max_length=64)
    first_start = models.DateTimeField()
    frequency = models.CharField(max_length=8, choices=Frequency.choices)
    interval = models.PositiveSmallIntegerField(default=1)
    count = models.PositiveSmallIntegerField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.VIDEO)
    place = models.CharField(max_length=300, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name_plural = "meeting series"

    def __str__(self) -> str:
        return f"Series {self.uid}"


class Meeting(BaseModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"
        HELD = "held", "Held"
        MISSED = "missed", "Missed"

    relationship = models.ForeignKey("mentorships.Relationship", on_delete=models.CASCADE,
                                     related_name="meetings")
    series = models.ForeignKey(MeetingSeries, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="occurrences")
    # For an occurrence: the start the rule gave it (RECURRENCE-ID), kept when it moves.
    recurrence_id = models.DateTimeField(null=True, blank=True)
    uid = models.CharField(max_length=80, default=new_uid)
    starts_at = models.DateTimeField(db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    timezone = models.CharField(max_length=64)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.VIDEO)
    place = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED,
                              db_index=True)
    cancel_reason = models.CharField(max_length=500, blank=True)
    notes = models.TextField(blank=True, max_length=20000, help_text="Shared by both parties")
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["series", "recurrence_id"],
                                    name="one_occurrence_per_recurrence_id"),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5, duration_minutes__lte=480),
                name="meeting_duration_range"),
        ]

    def __str__(self) -> str:
        return f"Meeting {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def ends_at(self):
        from datetime import timedelta

        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_moved(self) -> bool:
        return self.recurrence_id is not None and self.recurrence_id != self.starts_at


class AgendaItem(BaseModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Agenda item #{self.pk}"


class ActionItem(BaseModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="action_items")
    text = models.CharField(max_length=300)
    due_date = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["done_at", "due_date", "id"]

    def __str__(self) -> str:
        return f"Action item #{self.pk}"


class CalendarFeed(BaseModel):
    """A person's calendar subscription: a secret URL. Only a hash of the secret is kept;
    regenerating replaces it, which revokes the old URL."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of user #{self.user_id}"

    @staticmethod
    def hash(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()


class ReminderSent(models.Model):
    """One row per reminder delivered. The unique constraint is what makes reminders
    idempotent: a second scheduler, or a second run, fails to insert and sends nothing."""

    key = models.CharField(max_length=120)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "user"], name="reminder_once")]

    def __str__(self) -> str:
        return self.key


class TimeOffer(BaseModel):
    """One party offers up to three times (from when both are available); the other
    picks one, which becomes a meeting."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for a pick"
        PICKED = "picked", "Picked"
        WITHDRAWN = "withdrawn", "Withdrawn"

    relationship = models.ForeignKey("mentorships.Relationship", on_delete=models.CASCADE,
                                     related_name="time_offers")
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                   related_name="+")
    slots = models.JSONField(default=list)  # ISO 8601 UTC starts
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    timezone = models.CharField(max_length=64)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.VIDEO)
    place = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    meeting = models.OneToOneField(Meeting, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="offer")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Time offer #{self.pk}"

    @property
    def slot_times(self):
        from datetime import datetime

        return [datetime.fromisoformat(slot) for slot in self.slots]
