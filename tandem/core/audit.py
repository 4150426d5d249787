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
# The request being served, so signal handlers (a role changed in the admin) know who
# acted.
current_request: ContextVar = ContextVar("tandem_current_request", default=None)
# Set by AuditDenialsMiddleware to a list that NotFound and Forbidden note themselves in
# (a list, so a view run in a copied context still reaches the middleware's).
denials: ContextVar[list | None] = ContextVar("tandem_denials", default=None)


def note_denial(kind: str) -> None:
    raised = denials.get()
    if raised is not None:
        raised.append(kind)


def request_actor():
    """The signed-in person of the request being served, or None."""
    request = current_request.get()
    user = getattr(request, "user", None) if request is not None else None
    return user if getattr(user, "is_authenticated", False) else None


def audit_log(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    target_type: str = "",
    target_id: str = "",
) -> AuditEntry:
    """Append one entry. ``action`` is dotted, area first: ``accounts.profile.updated``.
    ``target_type``/``target_id`` name a target that is not a loaded object (an id
    someone asked for and may not see)."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor_obj,
        actor_label=actor_obj.email if actor_obj else "",
        action=action,
        target_type=target._meta.label_lower if target is not None else target_type[:100],
        target_id=str(target.pk) if target is not None else target_id[:64],
        ip_address=current_ip.get(),
        data=data or {},
    )


def audit_log_many(
    *,
    actor,
    action: str,
    targets: list[models.Model],
    data: dict[str, Any] | None = None,
) -> list[AuditEntry]:
    """One entry per target, the same as ``audit_log`` for each, written in bulk (a bulk
    service, such as an import, keeps a few queries per thousand rows)."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    ip_address = current_ip.get()
    return AuditEntry.objects.bulk_create([
        AuditEntry(
            actor=actor_obj,
            actor_label=actor_obj.email if actor_obj else "",
            action=action,
            target_type=target._meta.label_lower,
            target_id=str(target.pk),
            ip_address=ip_address,
            data=dict(data or {}),
        )
        for target in targets
    ], batch_size=1000)
