"""Re-match requests: a party of a program mentorship asks, a coordinator resolves."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import User
from tandem.core.audit import audit_log
from tandem.core.errors import Conflict, ValidationFailed
from tandem.core.errors import FieldErrors as Errors
from tandem.core.validation import reject_nul_characters
from tandem.mentorships.models import Relationship
from tandem.notifications.services import notify
from tandem.programs.models import RematchRequest, RematchStatus
from tandem.programs.services._checks import _text


def rematch_request(*, actor: User, relationship: Relationship, reason: str) -> RematchRequest:
    """A party of a program mentorship asks the coordinators for a re-match."""
    reject_nul_characters({"reason": reason})
    errors = Errors()
    reason = _text(errors, {"reason": reason}, "reason", 2000, required=True, single_line=False)
    errors.raise_if_any()
    if relationship.program_id is None:
        raise Conflict("Only a mentorship of a program can be re-matched.")
    if not relationship.is_open:
        raise Conflict("This mentorship has closed.")
    with transaction.atomic():
        try:
            with transaction.atomic():
                rematch = RematchRequest.objects.create(
                    program_id=relationship.program_id, relationship=relationship,
                    requested_by=actor, reason=reason)
        except IntegrityError:
            raise Conflict("A re-match has been asked for already.") from None
        audit_log(actor=actor, action="programs.rematch.requested", target=rematch)
        for coordinator in rematch.program.coordinators.all():
            notify(recipient=coordinator, kind="program.rematch_requested",
                   title="Someone in your program asked for a re-match",
                   url=reverse("programs:rematches", args=[relationship.program_id]))
    return rematch


def rematch_resolve(*, actor: User, rematch: RematchRequest, end: bool) -> RematchRequest:
    """``end``: end the mentorship early (on behalf of the person who asked) so the
    mentee is matched again in the next run; otherwise dismiss the request."""
    from tandem.mentorships.services import relationship_end_early

    if not isinstance(end, bool):
        raise ValidationFailed("Must be true or false.", field="end")
    with transaction.atomic():
        to = RematchStatus.DONE if end else RematchStatus.DISMISSED
        if not RematchRequest.objects.filter(pk=rematch.pk, status=RematchStatus.OPEN).update(
                status=to, resolved_by=actor, resolved_at=timezone.now(),
                updated_at=timezone.now()):
            raise Conflict("This re-match request has been handled already.")
        rematch.status = to
        if end:
            relationship = rematch.relationship
            if relationship.is_open:
                relationship_end_early(actor=rematch.requested_by, relationship=relationship,
                                       reason="Ended by the program coordinator for a "
                                              "re-match.")
        audit_log(actor=actor, action=f"programs.rematch.{to}", target=rematch)
        notify(recipient=rematch.requested_by, kind="program.rematch_resolved",
               title="Your coordinator ended the mentorship for a re-match" if end
               else "Your coordinator answered your re-match request",
               url=reverse("programs:application", args=[rematch.program_id]))
    return rematch
