from __future__ import annotations

from django.conf import settings
from django.db import models

from tandem.core.models import BaseModel


class Notification(BaseModel):
    """Something a person should know about, shown in-app and (usually) emailed.
    Titles and bodies say what happened and who did it; the content itself stays on the
    page the link leads to, behind its access check."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=60, db_index=True)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        # Never the title: the admin shows delivery facts, not what people were told.
        return f"Notification #{self.pk} ({self.kind})"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Group(models.TextChoices):
    """What a notification is about, for email preferences."""

    REQUESTS = "requests", "Mentoring requests"
    MENTORSHIPS = "mentorships", "Mentorships (pause, resume, close, reflections)"
    AGREEMENTS = "agreements", "Agreements"
    MEETINGS = "meetings", "Meetings scheduled, moved or cancelled, times offered"
    REMINDERS = "reminders", "Reminders (meetings, agendas, actions, reports)"
    REPORTS = "reports", "Progress reports written"
    OTHER = "other", "Everything else"


class EmailMode(models.TextChoices):
    IMMEDIATELY = "immediately", "Email me right away"
    OFF = "off", "In Tandem only, no email"


REMINDER_KINDS = {"meeting.reminder", "meeting.agenda", "meeting.action_due",
                  "request.reminder", "agreement.reminder", "report.due", "report.overdue"}
PREFIX_GROUPS = {"request": Group.REQUESTS, "relationship": Group.MENTORSHIPS,
                 "reflection": Group.MENTORSHIPS, "agreement": Group.AGREEMENTS,
                 "meeting": Group.MEETINGS, "report": Group.REPORTS}


def group_of(kind: str) -> str:
    if kind in REMINDER_KINDS:
        return Group.REMINDERS
    return PREFIX_GROUPS.get(kind.split(".")[0], Group.OTHER)


class EmailPreference(models.Model):
    """How a person wants one group of notifications emailed. No row: right away.
    In-app notifications are always kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="email_preferences")
    group = models.CharField(max_length=20, choices=Group.choices)
    mode = models.CharField(max_length=20, choices=EmailMode.choices,
                            default=EmailMode.IMMEDIATELY)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "group"],
                                               name="one_email_preference_per_group")]

    def __str__(self) -> str:
        return f"{self.group}: {self.mode}"
