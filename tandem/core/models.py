from __future__ import annotations

from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    """Every Tandem table knows when a row was made and last changed."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditQuerySet(models.QuerySet):
    """No bulk changes either: ``update()`` and ``delete()`` on entries raise. The one
    exception is the link to an account being deleted (``on_delete=SET_NULL``, which
    Django performs with ``update(actor=None)``): the entry stays, with its label."""

    def update(self, **kwargs):
        if kwargs == {"actor": None}:
            return super().update(**kwargs)
        raise ValueError("The audit log is append-only: entries cannot be changed.")

    def delete(self):
        raise ValueError("The audit log is append-only: entries cannot be deleted.")


class AuditEntry(models.Model):
    """One line of the append-only audit log: who did what to which object, when, from where.

    Rows are only ever inserted (through ``tandem.core.audit.audit_log``); saving an
    existing row or deleting one raises, and the admin shows them read-only.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_label or 'system'} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The audit log is append-only: an entry cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The audit log is append-only: an entry cannot be deleted.")

    @property
    def details(self) -> list[tuple[str, str]]:
        """The entry's data as (key, value) pairs in words, for the staff page."""
        data = self.data if isinstance(self.data, dict) else {"data": self.data}
        return [(str(key), _detail_text(value)) for key, value in data.items()]


def _detail_text(value) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_detail_text(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_detail_text(item)}" for key, item in value.items())
    return str(value)
