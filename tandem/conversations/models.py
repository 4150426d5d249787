"""A conversation per mentorship: its two parties' messages, and how far each has read.

There is no Conversation row: a mentorship *is* the conversation, so who may read it is
exactly who may see the mentorship (its two parties). ``ReadState`` keeps, per person and
mentorship, the last message they have seen and the last one they were emailed about;
both only ever move forward, with conditional updates, so the email job can claim a
conversation without locks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from tandem.core.models import BaseModel

MAX_BODY = 5000
EDIT_WINDOW_MINUTES = 15


class Message(BaseModel):
    relationship = models.ForeignKey("mentorships.Relationship", on_delete=models.CASCADE,
                                     related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    # Markdown; emptied when the author deletes the message (the row stays so the thread
    # can say "message deleted" where it was).
    body = models.TextField(blank=True)
    # At most one thing of this mentorship the message points at.
    goal = models.ForeignKey("accounts.CareerGoal", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    meeting = models.ForeignKey("meetings.Meeting", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    feedback = models.ForeignKey("feedback.FeedbackEntry", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["relationship", "id"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(goal__isnull=True, meeting__isnull=True)
                           | Q(goal__isnull=True, feedback__isnull=True)
                           | Q(meeting__isnull=True, feedback__isnull=True)),
                name="message_refers_to_one_thing"),
            # A deleted message keeps nothing of what it said.
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=True)
                | Q(body="", goal__isnull=True, meeting__isnull=True, feedback__isnull=True),
                name="message_deleted_is_empty"),
        ]

    def __str__(self) -> str:
        # Never the text: messages are the pair's content.
        return f"Message #{self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def reference(self):
        return self.goal or self.meeting or self.feedback


class ReadState(models.Model):
    relationship = models.ForeignKey("mentorships.Relationship", on_delete=models.CASCADE,
                                     related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    last_read_id = models.BigIntegerField(default=0)
    last_read_at = models.DateTimeField(null=True, blank=True)
    last_emailed_id = models.BigIntegerField(default=0)
    last_emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["relationship", "user"],
                                    name="conversation_one_read_state"),
        ]

    def __str__(self) -> str:
        return f"Read state #{self.pk}"


def reference_of(message: Message) -> tuple[str, str] | None:
    """(label, url) of what the message points at, or None."""
    from django.urls import reverse
    from django.utils import timezone

    rid = message.relationship_id
    if message.goal_id and message.goal is not None:
        return (f"Goal: {message.goal.title}",
                reverse("growth:relationship_goals", args=[rid]) + f"#goal-{message.goal_id}")
    if message.meeting_id and message.meeting is not None:
        when = timezone.localtime(message.meeting.starts_at).strftime("%-d %b %Y, %H:%M")
        return f"Meeting: {when}", reverse("meetings:detail", args=[message.meeting_id])
    if message.feedback_id and message.feedback is not None:
        day = timezone.localtime(message.feedback.created_at).strftime("%-d %b %Y")
        return (f"Feedback: {message.feedback.get_kind_display().lower()}, {day}",
                reverse("feedback:overview", args=[rid]) + f"#feedback-{message.feedback_id}")
    return None
