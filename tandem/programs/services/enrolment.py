"""Enrolment: applications, changes and withdrawals of participants, and invitations."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import MAX_CAPACITY, User
from tandem.accounts.services import profile_role_take
from tandem.core.audit import audit_log
from tandem.core.cache import header_changed
from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.core.errors import FieldErrors as Errors
from tandem.core.validation import reject_nul_characters
from tandem.notifications.services import notify
from tandem.programs.models import (
    Invitation,
    InvitationStatus,
    JoinRule,
    Participant,
    ParticipantStatus,
    Program,
    Role,
    Source,
)
from tandem.programs.services._checks import _control


def email_allowed(program: Program, email: str) -> bool:
    if program.join_rule != JoinRule.DOMAIN:
        return True
    return email.lower().rsplit("@", 1)[-1] == program.email_domain.lower()


def applications_open(program: Program) -> bool:
    today = timezone.localdate()
    return program.applications_open <= today <= program.applications_close


def _enroll_side_effects(user: User, role: str, capacity: int) -> None:
    """Mark the role on the profile; a mentor's overall capacity grows if the program
    needs more places than their profile leaves free (an accounts service)."""
    profile_role_take(user=user, role=Role.MENTEE if role == Role.MENTEE else Role.MENTOR,
                      places=capacity)
    header_changed(user.pk)  # the header shows "Programs" to participants


def _clean_enrollment(program: Program, *, role, capacity, answers=None, team="",
                      require_answers: bool = True) -> dict:
    reject_nul_characters({"answers": answers, "team": team})
    errors = Errors()
    if role not in Role.values:
        errors.add("role", "Choose mentee or mentor.")
    if role == Role.MENTOR:
        if capacity is None:
            capacity = program.default_capacity
        if isinstance(capacity, bool) or not isinstance(capacity, int) \
                or not 1 <= capacity <= MAX_CAPACITY:
            errors.add("capacity", f"A whole number of mentees from 1 to {MAX_CAPACITY}.")
    else:
        capacity = 0
    questions = program.mentor_questions if role == Role.MENTOR else program.mentee_questions
    clean_answers = []
    if answers is None:
        answers = []
    if not require_answers:
        questions = []
    if not isinstance(answers, list | tuple) or not all(isinstance(a, str) for a in answers):
        errors.add("answers", "Give one answer per question.")
    else:
        if len(answers) != len(questions or []):
            errors.add("answers", f"Give one answer per question ({len(questions or [])}).")
        for index, (question, answer) in enumerate(zip(questions or [], answers, strict=False)):
            answer = answer.strip()
            if not answer:
                errors.add(f"answers[{index}]", "Please answer this question.")
            elif len(answer) > 2000:
                errors.add(f"answers[{index}]", "At most 2000 characters.")
            clean_answers.append({"question": question, "answer": answer})
    if not isinstance(team, str) or len(team.strip()) > 80 or _control(team or ""):
        errors.add("team", "At most 80 characters on one line.")
        team = ""
    errors.raise_if_any()
    return {"role": role, "capacity": capacity, "answers": clean_answers,
            "team": team.strip()}


def participant_apply(*, actor: User, program: Program, role: str, answers=None,
                      capacity: int | None = None, team: str = "") -> Participant:
    """Apply to a program as a mentee or a mentor, with answers to its questions; the
    profile is read from the person's own. Withdrawn people may apply again."""
    clean = _clean_enrollment(program, role=role, capacity=capacity, answers=answers,
                              team=team)
    if program.join_rule == JoinRule.INVITE:
        raise Conflict("This program is by invitation only.")
    if not email_allowed(program, actor.email):
        raise Conflict(f"This program is open to addresses at {program.email_domain} only.")
    if not applications_open(program):
        raise Conflict("Applications are not open.")
    with transaction.atomic():
        existing = Participant.objects.select_for_update().filter(
            program=program, user=actor).first()
        if existing and existing.status == ParticipantStatus.ACTIVE:
            raise Conflict("You are in this program already.")
        if existing:
            for key, value in clean.items():
                setattr(existing, key, value)
            existing.status = ParticipantStatus.ACTIVE
            existing.source = Source.APPLIED
            existing.save()
            participant = existing
        else:
            try:
                with transaction.atomic():
                    participant = Participant.objects.create(program=program, user=actor,
                                                             source=Source.APPLIED, **clean)
            except IntegrityError:
                raise Conflict("You are in this program already.") from None
        _enroll_side_effects(actor, clean["role"], clean["capacity"])
        audit_log(actor=actor, action="programs.participant.applied", target=participant,
                  data={"role": clean["role"]})
        for coordinator in program.coordinators.all():
            notify(recipient=coordinator, kind="program.application", email=False,
                   title=f"A new {clean['role']} applied to your program",
                   url=reverse("programs:participants", args=[program.pk]))
    return participant


def participant_update(*, actor: User, participant: Participant, answers=None,
                       capacity: int | None = None, team: str | None = None) -> Participant:
    """Change my answers (and, for a mentor, my capacity) while enrolled."""
    program = participant.program
    clean = _clean_enrollment(program, role=participant.role,
                              capacity=participant.capacity if capacity is None else capacity,
                              answers=answers if answers is not None else
                              [a["answer"] for a in participant.answers],
                              team=participant.team if team is None else team)
    if participant.status != ParticipantStatus.ACTIVE:
        raise Conflict("You have withdrawn from this program.")
    with transaction.atomic():
        for key in ("capacity", "answers", "team"):
            setattr(participant, key, clean[key])
        participant.save(update_fields=["capacity", "answers", "team", "updated_at"])
        _enroll_side_effects(actor, participant.role, participant.capacity)
        audit_log(actor=actor, action="programs.participant.updated", target=participant)
    return participant


def participant_withdraw(*, actor: User, participant: Participant) -> Participant:
    with transaction.atomic():
        changed = Participant.objects.filter(pk=participant.pk,
                                             status=ParticipantStatus.ACTIVE).update(
            status=ParticipantStatus.WITHDRAWN, updated_at=timezone.now())
        if not changed:
            raise Conflict("You have withdrawn already.")
        participant.status = ParticipantStatus.WITHDRAWN
        header_changed(participant.user_id)
        audit_log(actor=actor, action="programs.participant.withdrawn", target=participant)
    return participant


def _clean_email(value, field: str = "email") -> str:
    reject_nul_characters({field: value})
    if not isinstance(value, str) or not value.strip():
        raise ValidationFailed("Give an email address.", field=field)
    value = value.strip().lower()
    try:
        validate_email(value)
    except DjangoValidationError:
        raise ValidationFailed("That is not an email address.", field=field) from None
    if len(value) > 254:
        raise ValidationFailed("At most 254 characters.", field=field)
    return value


def invitation_create(*, actor: User, program: Program, email: str, role: str,
                      capacity: int | None = None) -> Invitation:
    """Invite someone by email; they accept when signed in with that address (an account
    made later with the address works too)."""
    email = _clean_email(email)
    clean = _clean_enrollment(program, role=role, capacity=capacity, require_answers=False)
    if Participant.objects.filter(program=program, user__email__iexact=email,
                                  status=ParticipantStatus.ACTIVE).exists():
        raise Conflict("This person is in the program already.")
    with transaction.atomic():
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    program=program, email=email, role=clean["role"],
                    capacity=clean["capacity"], invited_by=actor)
        except IntegrityError:
            raise Conflict("This address has an invitation waiting already.") from None
        audit_log(actor=actor, action="programs.invitation.created", target=invitation)
        invitee = User.objects.filter(email__iexact=email, is_active=True).first()
        if invitee is not None:
            notify(recipient=invitee, kind="program.invited",
                   title=f"{actor.display_name} invited you to a mentoring program",
                   body="Open it to accept or decline.",
                   url=reverse("programs:detail", args=[program.pk]))
    return invitation


def _answer_invitation(invitation: Invitation, *, to: str) -> bool:
    return bool(Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.PENDING)
                .update(status=to, answered_at=timezone.now(), updated_at=timezone.now()))


def invitation_accept(*, actor: User, invitation: Invitation) -> Participant:
    """The invitee joins the program in the invited role (answers come later, on their
    application page, if the program asks questions)."""
    if actor.email.lower() != invitation.email:
        raise Forbidden("This invitation is for another address.")
    program = invitation.program
    with transaction.atomic():
        if not _answer_invitation(invitation, to=InvitationStatus.ACCEPTED):
            raise Conflict("This invitation has been answered or revoked.")
        invitation.status = InvitationStatus.ACCEPTED
        participant, created = Participant.objects.get_or_create(
            program=program, user=actor,
            defaults={"role": invitation.role, "capacity": invitation.capacity,
                      "source": Source.INVITED})
        if not created:
            if participant.status == ParticipantStatus.ACTIVE:
                raise Conflict("You are in this program already.")
            participant.status = ParticipantStatus.ACTIVE
            participant.role, participant.capacity = invitation.role, invitation.capacity
            participant.source = Source.INVITED
            participant.save()
        _enroll_side_effects(actor, participant.role, participant.capacity)
        audit_log(actor=actor, action="programs.invitation.accepted", target=invitation)
        if invitation.invited_by_id:
            notify(recipient=invitation.invited_by, kind="program.invitation_accepted",
                   email=False, title="An invitation to your program was accepted",
                   url=reverse("programs:invitations", args=[program.pk]))
    return participant


def invitation_decline(*, actor: User, invitation: Invitation) -> Invitation:
    if actor.email.lower() != invitation.email:
        raise Forbidden("This invitation is for another address.")
    with transaction.atomic():
        if not _answer_invitation(invitation, to=InvitationStatus.DECLINED):
            raise Conflict("This invitation has been answered or revoked.")
        invitation.status = InvitationStatus.DECLINED
        audit_log(actor=actor, action="programs.invitation.declined", target=invitation)
    return invitation


def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    with transaction.atomic():
        if not _answer_invitation(invitation, to=InvitationStatus.REVOKED):
            raise Conflict("This invitation has been answered or revoked.")
        invitation.status = InvitationStatus.REVOKED
        audit_log(actor=actor, action="programs.invitation.revoked", target=invitation)
    return invitation
