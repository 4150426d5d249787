"""The audit log's one write path. Services call ``audit_log`` inside their transaction,
so an entry exists exactly when the change it describes was committed."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.db import models

from tandem.core.models import AuditEntry

# Set by ClientAddressMiddleware for the duration of a request, so services need not
# thread the caller's address through every signature.
current_ip: ContextVar[str | None] = ContextVar("tandem_current_ip", default=None)


def audit_log(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. ``action`` is dotted, area first: ``accounts.profile.updated``."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor_obj,
        actor_label=actor_obj.email if actor_obj else "",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        ip_address=current_ip.get(),
        data=data or {},
    )
