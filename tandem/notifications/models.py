from __future__ import annotations

from django.conf import settings
from django.db import models

from tandem.core.models import BaseModel


class Group(models.TextChoices):
    """What a notification is about: the "type" people filter by and choose email for."""

    REQUESTS = "requests", "Mentoring requests"
    MENTORSHIPS = "mentorships", "Mentorships (pause, resume, close, reflections)"
    AGREEMENTS = "agreements", "Agreements"
    MEETINGS = "meetings", "Meetings scheduled, moved or cancelled, times offered"
    REMINDERS = "reminders", "Reminders (meetings, agendas, actions, reports)"
    REPORTS = "reports", "Progress reports written"
    GROWTH = "growth", "Goals, development plans, feedback, shared journal entries and notes"
    ADVOCACY = "advocacy", "Opportunities, introductions and resources"
    SAFETY = "safety", "Safety reports"
    MESSAGES = "messages", "New messages in a conversation"
    CIRCLES = "circles", "Group mentoring circles (invitations, meetings, conversation)"
    OTHER = "other", "Everything else"


SHORT_LABELS = {
    Group.REQUESTS: "Requests",
    Group.MENTORSHIPS: "Mentorships",
    Group.AGREEMENTS: "Agreements",
    Group.MEETINGS: "Meetings",
    Group.REMINDERS: "Reminders",
    Group.REPORTS: "Progress reports",
    Group.GROWTH: "Goals, plans and feedback",
    Group.ADVOCACY: "Opportunities",
    Group.SAFETY: "Safety",
    Group.MESSAGES: "Messages",
    Group.CIRCLES: "Circles",
    Group.OTHER: "Other",
}


class EmailMode(models.TextChoices):
    IMMEDIATELY = "immediately", "Right away"
    DAILY = "daily", "In a daily digest"
    OFF = "off", "Off (in Tandem only)"


# The email "types" an unsubscribe link can name: each group, the weekly summary, and the
# daily digest as a whole (every group currently collected in it).
WEEKLY = "weekly"
DAILY_DIGEST = "daily"
TOPICS = {**{g.value: g.label for g in Group}, WEEKLY: "Weekly summary",
          DAILY_DIGEST: "Daily digest"}

def group_of(kind: str) -> str:
    """The group of a notification kind, as its app registered it
    (``tandem.notifications.registry.register_kinds``); "other" when none did."""
    from tandem.notifications import registry

    return registry.group_of(kind, reminders=Group.REMINDERS, other=Group.OTHER)


class Notification(BaseModel):
    """Something a person should know about, shown in-app and (usually) emailed.
    Titles and bodies say what happened and who did it; the content itself stays on the
    page the link leads to, behind its access check."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=60, db_index=True)
    # group_of(kind), stored so the center and the digests filter by type in SQL.
    group = models.CharField(max_length=20, choices=Group.choices, default=Group.OTHER)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Waiting for the person's daily digest (their email mode for the group was "daily").
    awaits_digest = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "group", "read_at"]),
            models.Index(fields=["awaits_digest", "emailed_at"],
                         condition=models.Q(awaits_digest=True, emailed_at__isnull=True),
                         name="notification_digest_pending"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(group__in=Group.values),
                                   name="notification_group_valid"),
        ]

    def __str__(self) -> str:
        # Never the title: the admin shows delivery facts, not what people were told.
        return f"Notification #{self.pk} ({self.kind})"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def group_label(self) -> str:
        return SHORT_LABELS.get(self.group, self.group)


class EmailPreference(models.Model):
    """How a person wants one group of notifications emailed. No row: right away.
    In-app notifications are always kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="email_preferences")
    group = models.CharField(max_length=20, choices=Group.choices)
    mode = models.CharField(max_length=20, choices=EmailMode.choices,
                            default=EmailMode.IMMEDIATELY)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "group"],
                                    name="one_email_preference_per_group"),
            models.CheckConstraint(condition=models.Q(mode__in=EmailMode.values),
                                   name="email_preference_mode_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.mode}"


class EmailSettings(models.Model):
    """Email choices that are not about one group of notifications. No row: defaults."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="email_settings")
    weekly_digest = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"Email settings #{self.pk}"


class DigestSent(models.Model):
    """One row per digest delivered (``daily:2026-03-02``, ``weekly:2026-W10``). The unique
    constraint makes digests idempotent: a second scheduler or a re-run fails to insert
    and sends nothing. If sending fails the row is removed so a later run retries."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    key = models.CharField(max_length=40)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="digest_once")]

    def __str__(self) -> str:
        return self.key
