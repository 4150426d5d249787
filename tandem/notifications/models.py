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
