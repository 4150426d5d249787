"""The circle agreement: proposing a version and confirming it."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from tandem.circles.models import AgreementConfirmation, AgreementVersion, Circle
from tandem.circles.services._common import _check_member, _check_open, _lock, _url, active_members
from tandem.core.audit import audit_log
from tandem.core.errors import Conflict, FieldErrors
from tandem.core.validation import reject_nul_characters
from tandem.notifications.services import notify


def agreement_propose(*, actor, circle: Circle, text: str) -> AgreementVersion:
    """Any member writes a new version of the agreement; it counts as their confirmation,
    and the others are asked to confirm it."""
    reject_nul_characters({"text": text})
    errors = FieldErrors()
    text = errors.text(text, "text", 6000, required=True,
                       empty="Write what the circle agrees on.")
    errors.raise_if_any()
    _check_member(actor, circle)
    _check_open(circle)
    with transaction.atomic():
        _lock(circle)
        current = AgreementVersion.objects.filter(circle=circle).first()
        if current is not None and current.text == text:
            raise Conflict("That is the agreement in force already.")
        version = AgreementVersion.objects.create(
            circle=circle, version=(current.version + 1) if current else 1, text=text,
            written_by=actor)
        AgreementConfirmation.objects.create(agreement=version, user=actor)
        audit_log(actor=actor, action="circles.agreement.proposed", target=version)
        for user in active_members(circle, exclude=actor):
            notify(recipient=user, kind="circle.agreement",
                   url=_url("circles:agreement", circle.pk),
                   title=f"{actor.display_name} proposed version {version.version} of the "
                         f"“{circle.topic}” agreement: please read and confirm it")
    return version


def agreement_confirm(*, actor, circle: Circle) -> AgreementConfirmation:
    _check_member(actor, circle)
    _check_open(circle)
    current = AgreementVersion.objects.filter(circle=circle).first()
    if current is None:
        raise Conflict("The circle has no agreement yet.")
    try:
        with transaction.atomic():
            confirmation = AgreementConfirmation.objects.create(agreement=current, user=actor)
            audit_log(actor=actor, action="circles.agreement.confirmed", target=current)
    except IntegrityError:
        raise Conflict(f"You confirmed version {current.version} already.") from None
    return confirmation
