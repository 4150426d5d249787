"""Every write of programs: the program itself, enrollment (applications, invitations,
CSV imports), matching runs and their review (lock, swap, remove, add, re-run, publish),
approvals of published matches, and re-match requests.

A published match becomes a mentorship through ``mentorships.services.relationship_start``,
which takes the mentor's place the same way accepting a request does (a conditional
UPDATE on ``places_taken < mentor_capacity``), so publishing can never overfill a mentor,
whatever else happens at the same moment."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import MAX_CAPACITY, Profile, User
from tandem.core.audit import audit_log
from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.core.errors import FieldErrors as Errors
from tandem.core.validation import TOO_LONG_COUNTED, check_text, is_id, reject_nul_characters
from tandem.mentorships.models import Relationship
from tandem.notifications.services import notify
from tandem.programs.models import (
    DEFAULT_WEIGHTS,
    WEIGHT_TERMS,
    ImportJob,
    ImportStatus,
    Invitation,
    InvitationStatus,
    JoinRule,
    MatchingRun,
    MatchPair,
    PairStatus,
    Participant,
    ParticipantStatus,
    Program,
    RematchRequest,
    RematchStatus,
    Role,
    RunStatus,
    Source,
)

MAX_QUESTIONS = 10
MAX_OBJECTIVES = 10


def _control(value: str) -> bool:
    return any(unicodedata.category(c) == "Cc" for c in value)


def _text(errors: Errors, data: dict, field: str, limit: int, *, required: bool,
          single_line: bool = True) -> str | None:
    value = data.get(field, "")
    clean = check_text(value, field=field, limit=limit, required=required,
                       too_long=TOO_LONG_COUNTED, single_line=single_line, errors=errors)
    return clean if value is None or isinstance(value, str) else None


def _int(errors: Errors, data: dict, field: str, low: int, high: int, *,
         nullable: bool = False):
    value = data.get(field)
    if value is None and nullable:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        errors.add(field, f"A whole number from {low} to {high}.")
        return None
    return value


def _bool(errors: Errors, data: dict, field: str):
    value = data.get(field)
    if not isinstance(value, bool):
        errors.add(field, "Must be true or false.")
        return None
    return value


def _date(errors: Errors, data: dict, field: str, *, nullable: bool = False):
    value = data.get(field)
    if value is None and nullable:
        return None
    if not isinstance(value, date):
        errors.add(field, "Give a date.")
        return None
    today = timezone.localdate()
    if not today - timedelta(days=3650) <= value <= today + timedelta(days=3650):
        errors.add(field, "Give a date within ten years of today.")
        return None
    return value


def _lines(errors: Errors, data: dict, field: str, *, limit: int, most: int) -> list[str] | None:
    value = data.get(field) or []
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        errors.add(field, "Give a list of texts.")
        return None
    lines = [v.strip() for v in value if v.strip()]
    if len(lines) > most:
        errors.add(field, f"At most {most} entries.")
    for index, line in enumerate(lines):
        if len(line) > limit:
            errors.add(field, f"Entry {index + 1} is longer than {limit} characters.")
        elif _control(line):
            errors.add(field, f"Entry {index + 1}: use a single line.")
    return lines


DOMAIN_RE = re.compile(r"^(?=.{1,120}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")

PROGRAM_FIELDS = (
    "name", "description", "applications_open", "applications_close", "matching_date",
    "starts_on", "ends_on", "join_rule", "email_domain", "mentee_questions",
    "mentor_questions", "weights", "shared_language", "max_timezone_gap",
    "min_overlap_hours", "exclude_same_team", "min_score", "default_capacity",
    "request_expiry_days", "report_every_weeks", "agreement_objectives", "approval_required",
)


def _clean_program(data: dict, *, base: Program | None) -> dict:
    """Every field of ``data`` checked, and the rules that combine fields (against
    ``base``'s values for those not given). Raises naming every fault."""
    reject_nul_characters(data)
    errors = Errors()
    unknown = sorted(set(data) - set(PROGRAM_FIELDS))
    for key in unknown:
        errors.add(key, "Not a program field.")
    clean: dict = {}
    required = base is None
    checks = {
        "name": lambda: _text(errors, data, "name", 120, required=True),
        "description": lambda: _text(errors, data, "description", 4000, required=False,
                                     single_line=False),
        "applications_open": lambda: _date(errors, data, "applications_open"),
        "applications_close": lambda: _date(errors, data, "applications_close"),
        "matching_date": lambda: _date(errors, data, "matching_date", nullable=True),
        "starts_on": lambda: _date(errors, data, "starts_on"),
        "ends_on": lambda: _date(errors, data, "ends_on"),
        "email_domain": lambda: (_text(errors, data, "email_domain", 120, required=False)
                                 or "").lower().lstrip("@"),
        "mentee_questions": lambda: _lines(errors, data, "mentee_questions", limit=300,
                                           most=MAX_QUESTIONS),
        "mentor_questions": lambda: _lines(errors, data, "mentor_questions", limit=300,
                                           most=MAX_QUESTIONS),
        "agreement_objectives": lambda: _lines(errors, data, "agreement_objectives",
                                               limit=300, most=MAX_OBJECTIVES),
        "shared_language": lambda: _bool(errors, data, "shared_language"),
        "exclude_same_team": lambda: _bool(errors, data, "exclude_same_team"),
        "approval_required": lambda: _bool(errors, data, "approval_required"),
        "max_timezone_gap": lambda: _int(errors, data, "max_timezone_gap", 0, 12,
                                         nullable=True),
        "min_overlap_hours": lambda: _int(errors, data, "min_overlap_hours", 0, 40),
        "default_capacity": lambda: _int(errors, data, "default_capacity", 1, MAX_CAPACITY),
        "request_expiry_days": lambda: _int(errors, data, "request_expiry_days", 1, 90),
        "report_every_weeks": lambda: _int(errors, data, "report_every_weeks", 1, 26),
    }
    for field, check in checks.items():
        if field in data:
            clean[field] = check()
        elif required and field in ("name", "applications_open", "applications_close",
                                    "starts_on", "ends_on"):
            errors.add(field, "This is required.")
    if "join_rule" in data:
        if data["join_rule"] not in JoinRule.values:
            errors.add("join_rule", f"Use one of {', '.join(JoinRule.values)}.")
        else:
            clean["join_rule"] = data["join_rule"]
    if "min_score" in data and data["min_score"] is not None:
        value = data["min_score"]
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or not 0 <= value <= 100 or value != value:
            errors.add("min_score", "A number from 0 to 100, or nothing.")
        else:
            clean["min_score"] = float(value)
    elif "min_score" in data:
        clean["min_score"] = None
    if "weights" in data:
        weights = data["weights"]
        if not isinstance(weights, dict):
            errors.add("weights", "Give a weight from 0 to 10 for each criterion.")
        else:
            clean_weights = dict(base.weights if base and base.weights else DEFAULT_WEIGHTS)
            for term, value in weights.items():
                if term not in WEIGHT_TERMS:
                    errors.add(f"weights.{term}", "Not a matching criterion.")
                elif isinstance(value, bool) or not isinstance(value, int) \
                        or not 0 <= value <= 10:
                    errors.add(f"weights.{term}", "A whole number from 0 to 10.")
                else:
                    clean_weights[term] = value
            clean["weights"] = clean_weights
    errors.raise_if_any()

    def value(field):
        if field in clean:
            return clean[field]
        return getattr(base, field) if base is not None else None

    opens, closes = value("applications_open"), value("applications_close")
    if opens and closes and opens > closes:
        errors.add("applications_close", "Applications close on or after they open.")
    starts, ends = value("starts_on"), value("ends_on")
    if starts and ends and starts >= ends:
        errors.add("ends_on", "The program must end after it starts.")
    matching = value("matching_date")
    if matching and closes and matching < closes:
        errors.add("matching_date", "Matching happens once applications have closed.")
    if matching and starts and matching > starts:
        errors.add("matching_date", "Matching happens before the program starts.")
    rule = value("join_rule") or JoinRule.OPEN
    domain = value("email_domain") or ""
    if rule == JoinRule.DOMAIN and not domain:
        errors.add("email_domain", "Give the email domain people must have, e.g. example.org.")
    elif domain and not DOMAIN_RE.match(domain):
        errors.add("email_domain", "Give a domain such as example.org.")
    errors.raise_if_any()
    if "weights" not in clean and base is None:
        clean["weights"] = dict(DEFAULT_WEIGHTS)
    return clean


def _require_coordinator(actor) -> None:
    if not (actor.is_coordinator or actor.is_staff):
        raise Forbidden("Only coordinators run programs.")


def program_create(*, actor: User, **data) -> Program:
    """A new program; its creator is its first coordinator."""
    _require_coordinator(actor)
    clean = _clean_program(data, base=None)
    with transaction.atomic():
        program = Program.objects.create(created_by=actor, **clean)
        program.coordinators.add(actor)
        audit_log(actor=actor, action="programs.program.created", target=program)
    return program


def program_update(*, actor: User, program: Program, changes: dict) -> Program:
    clean = _clean_program(changes, base=program)
    with transaction.atomic():
        for field, value in clean.items():
            setattr(program, field, value)
        program.save()
        audit_log(actor=actor, action="programs.program.updated", target=program,
                  data={"fields": sorted(clean)})
    return program


def coordinator_add(*, actor: User, program: Program, email: str) -> User:
    """Add a coordinator (a person with the coordinator flag) to the program."""
    reject_nul_characters({"email": email})
    if not isinstance(email, str) or not email.strip():
        raise ValidationFailed("Give their email address.", field="email")
    user = User.objects.filter(email__iexact=email.strip()[:254], is_active=True).first()
    if user is None or not (user.is_coordinator or user.is_staff):
        raise ValidationFailed("No coordinator has this email address.", field="email")
    with transaction.atomic():
        program.coordinators.add(user)
        audit_log(actor=actor, action="programs.coordinator.added", target=program,
                  data={"user_id": user.pk})
        if user.pk != actor.pk:
            notify(recipient=user, kind="program.coordinator_added",
                   title=f"You now coordinate a program with {actor.display_name}",
                   url=reverse("programs:detail", args=[program.pk]))
    return user


# --- Enrollment -----------------------------------------------------------------------


def email_allowed(program: Program, email: str) -> bool:
    if program.join_rule != JoinRule.DOMAIN:
        return True
    return email.lower().rsplit("@", 1)[-1] == program.email_domain.lower()


def applications_open(program: Program) -> bool:
    today = timezone.localdate()
    return program.applications_open <= today <= program.applications_close


def _enroll_side_effects(user: User, role: str, capacity: int) -> None:
    """Mark the role on the profile; a mentor's overall capacity grows if the program
    needs more places than their profile leaves free."""
    if role == Role.MENTEE:
        Profile.objects.filter(user=user, is_mentee=False).update(is_mentee=True)
    else:
        Profile.objects.filter(user=user).update(
            is_mentor=True,
            mentor_capacity=Least(Greatest(F("mentor_capacity"),
                                           F("places_taken") + capacity), MAX_CAPACITY))


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


# --- CSV import -------------------------------------------------------------------------
# The parsing and row rules live in csv_import.py; here: start, decide, discard.


def import_start(*, actor: User, program: Program, filename: str, data: bytes) -> ImportJob:
    """Store an uploaded CSV file and check it in the background. The header is checked
    at once (a file without the required columns is refused); rows are checked by the
    task, which imports the file when every row is valid."""
    from tandem.programs import csv_import

    text, total = csv_import.read_file(data)
    filename = "".join(c for c in (filename or "")[:200] if not unicodedata.category(c)
                       .startswith("C"))
    with transaction.atomic():
        job = ImportJob.objects.create(program=program, created_by=actor, filename=filename,
                                       content=text, total_rows=total)
        audit_log(actor=actor, action="programs.import.started", target=job,
                  data={"rows": total})
        transaction.on_commit(lambda: _enqueue_import(job.pk))
    return job


def _enqueue_import(job_id: int) -> None:
    from tandem.programs.tasks import process_import

    process_import.enqueue(job_id)


def import_valid_rows(*, actor: User, job: ImportJob) -> ImportJob:
    """The coordinator's choice, after a check found errors: import the valid rows."""
    with transaction.atomic():
        changed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.INVALID).update(
            status=ImportStatus.QUEUED, import_valid=True, updated_at=timezone.now())
        if not changed:
            raise Conflict("Only a checked file with errors waits for this choice.")
        job.status, job.import_valid = ImportStatus.QUEUED, True
        audit_log(actor=actor, action="programs.import.valid_rows_chosen", target=job)
        transaction.on_commit(lambda: _enqueue_import(job.pk))
    return job


def import_discard(*, actor: User, job: ImportJob) -> ImportJob:
    with transaction.atomic():
        changed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.INVALID).update(
            status=ImportStatus.DISCARDED, content="", updated_at=timezone.now())
        if not changed:
            raise Conflict("Only a checked file with errors can be discarded.")
        job.status = ImportStatus.DISCARDED
        audit_log(actor=actor, action="programs.import.discarded", target=job)
    return job


# --- Matching runs -----------------------------------------------------------------------


def run_start(*, actor: User, program: Program, mode: str = "optimal") -> MatchingRun:
    """Start a fresh matching run (in the background) for everyone not matched yet."""
    if mode not in ("optimal", "stable"):
        raise ValidationFailed("Use optimal or stable.", field="mode")
    return _new_run(actor=actor, program=program, mode=mode, keep_from=None)


def run_rerun(*, actor: User, run: MatchingRun) -> MatchingRun:
    """Match again, keeping the locked pairs and never proposing the removed ones."""
    if run.status != RunStatus.READY:
        raise Conflict("Only a run ready for review can be run again.")
    return _new_run(actor=actor, program=run.program, mode=run.mode, keep_from=run)


def _new_run(*, actor, program, mode, keep_from: MatchingRun | None) -> MatchingRun:
    with transaction.atomic():
        if program.runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists():
            raise Conflict("A matching run is in progress already.")
        replaced = program.runs.filter(status=RunStatus.READY)
        if keep_from is not None:
            replaced = replaced.filter(pk=keep_from.pk) | program.runs.filter(
                status=RunStatus.READY)
        replaced.update(status=RunStatus.REPLACED, updated_at=timezone.now())
        try:
            with transaction.atomic():  # numbered after the program's last run
                run = MatchingRun.objects.create(program=program, started_by=actor, mode=mode)
        except IntegrityError:  # another run took this number at the same moment
            raise Conflict("A matching run is in progress already.") from None
        if keep_from is not None:
            kept = keep_from.pairs.filter(Q(locked=True, status=PairStatus.PROPOSED)
                                          | Q(status=PairStatus.REMOVED))
            MatchPair.objects.bulk_create([
                MatchPair(run=run, mentee_id=p.mentee_id, mentor_id=p.mentor_id,
                          score=p.score, contributions=p.contributions, locked=p.locked,
                          manual=p.manual, warnings=p.warnings, status=p.status)
                for p in kept])
        audit_log(actor=actor, action="programs.run.started", target=run,
                  data={"mode": mode, "rerun_of": keep_from.pk if keep_from else None})
        transaction.on_commit(lambda: _enqueue_run(run.pk))
    return run


def _enqueue_run(run_id: int) -> None:
    from tandem.programs.tasks import execute_run

    execute_run.enqueue(run_id)


def run_execute(*, run_id: int) -> MatchingRun:
    """The task's body: claim the run, build the problem from the pool's profiles, solve
    with the engine, store the pairs and every unmatched mentee's reason."""
    from tandem.matching import ProblemError, solve
    from tandem.programs import matching

    if not MatchingRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
            status=RunStatus.RUNNING, updated_at=timezone.now()):
        return MatchingRun.objects.get(pk=run_id)
    run = MatchingRun.objects.select_related("program").get(pk=run_id)
    try:
        pool = matching.pool(run.program)
        # Never proposed: pairs that have or had a mentorship, were declined or expired,
        # or were ended by a re-match (docs/programs.md), and pairs removed in review.
        excluded = matching.pool_exclusions(run.program, pool)
        kept = list(run.pairs.all())
        locked = [(p.mentee_id, p.mentor_id) for p in kept if p.locked
                  and p.status == PairStatus.PROPOSED
                  and p.mentee_id in pool.mentees and p.mentor_id in pool.capacity
                  and (p.mentee_id, p.mentor_id) not in excluded]
        forbidden = set(excluded) | {
            (p.mentee_id, p.mentor_id) for p in kept if p.status == PairStatus.REMOVED
            and p.mentee_id in pool.mentees and p.mentor_id in pool.capacity}
        problem = matching.problem(run.program, pool, locked=locked,
                                   forbidden=sorted(forbidden))
        result = solve(problem, mode=run.mode)
    except (ProblemError, ValueError) as exc:
        MatchingRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(exc)[:300], finished_at=timezone.now())
        run.refresh_from_db()
        return run
    with transaction.atomic():
        by_key = {(p.mentee_id, p.mentor_id): p for p in kept if p.locked}
        # Locked pairs whose people left the pool are dropped with the run's old copy.
        MatchPair.objects.filter(run=run, locked=True, status=PairStatus.PROPOSED).exclude(
            pk__in=[by_key[k].pk for k in locked]).delete()
        new = []
        for pair in result.pairs:
            key = (int(pair.mentee), int(pair.mentor))
            contributions = {k: round(v, 4) for k, v in pair.contributions.items()}
            if pair.locked and key in by_key:
                MatchPair.objects.filter(pk=by_key[key].pk).update(
                    score=round(pair.score, 4), contributions=contributions)
            else:
                new.append(MatchPair(run=run, mentee_id=key[0], mentor_id=key[1],
                                     score=round(pair.score, 4), contributions=contributions))
        MatchPair.objects.bulk_create(new, batch_size=1000)
        MatchingRun.objects.filter(pk=run.pk).update(
            status=RunStatus.READY, mentees=len(pool.mentees), mentors=len(pool.capacity),
            unmatched=dict(result.reasons), total_score=round(result.total_score, 4),
            finished_at=timezone.now(), updated_at=timezone.now())
        audit_log(actor=None, action="programs.run.finished", target=run,
                  data={"matched": result.matched, "unmatched": len(result.unmatched)})
        for coordinator in run.program.coordinators.all():
            notify(recipient=coordinator, kind="program.run_ready", email=False,
                   title="Your matching run is ready for review",
                   url=reverse("programs:matching", args=[run.program_id]))
    run.refresh_from_db()
    return run


def _ready(run: MatchingRun) -> None:
    if run.status != RunStatus.READY:
        raise Conflict("This run is not open for review: it is "
                       f"{run.get_status_display().lower()}.")


def _live(pair: MatchPair) -> None:
    _ready(pair.run)
    if pair.status != PairStatus.PROPOSED:
        raise Conflict("This pair has been removed.")


def pair_lock(*, actor: User, pair: MatchPair, locked: bool = True) -> MatchPair:
    """Keep (or stop keeping) a pair when the run is run again."""
    if not isinstance(locked, bool):
        raise ValidationFailed("Must be true or false.", field="locked")
    _live(pair)
    with transaction.atomic():
        pair.locked = locked
        pair.save(update_fields=["locked", "updated_at"])
        audit_log(actor=actor, action="programs.pair.locked" if locked
                  else "programs.pair.unlocked", target=pair)
    return pair


def pair_remove(*, actor: User, pair: MatchPair) -> MatchPair:
    """Take a pair out; a re-run will not propose it again."""
    _live(pair)
    with transaction.atomic():
        pair.status, pair.locked = PairStatus.REMOVED, False
        pair.save(update_fields=["status", "locked", "updated_at"])
        run = pair.run
        unmatched = dict(run.unmatched or {})
        unmatched[str(pair.mentee_id)] = "removed from their pair by a coordinator"
        MatchingRun.objects.filter(pk=run.pk).update(unmatched=unmatched)
        run.unmatched = unmatched
        audit_log(actor=actor, action="programs.pair.removed", target=pair)
    return pair


def _rescore(pairs: list[MatchPair], program: Program) -> None:
    from tandem.programs import matching

    explained = matching.explain(program, [(p.mentee_id, p.mentor_id) for p in pairs])
    for pair in pairs:
        score, contributions, passes = explained[(pair.mentee_id, pair.mentor_id)]
        pair.score, pair.contributions = score, contributions
        pair.warnings = [] if passes else [
            "Breaks a must-have rule of the program (language, timezone, overlap, team or "
            "minimum score)."]


def _capacity_warnings(run: MatchingRun, pairs: list[MatchPair]) -> None:
    from tandem.programs import matching

    capacity = matching.pool(run.program).capacity
    counts: dict[int, int] = {}
    for mentor_id in run.pairs.filter(status=PairStatus.PROPOSED).values_list("mentor_id",
                                                                                flat=True):
        counts[mentor_id] = counts.get(mentor_id, 0) + 1
    for pair in pairs:
        places = capacity.get(pair.mentor_id, 0)
        if counts.get(pair.mentor_id, 0) > places:
            pair.warnings = [*pair.warnings, f"The mentor has {places} free place"
                             f"{'' if places == 1 else 's'} and {counts[pair.mentor_id]} "
                             "mentees in this run."]


def pair_swap(*, actor: User, first: MatchPair, second: MatchPair) -> tuple[MatchPair, MatchPair]:
    """Exchange the mentors of two pairs of the same run; refused (with the reason) when it
    would make a pair a run may never propose (``matching.excluded_pairs``)."""
    if first.pk == second.pk:
        raise ValidationFailed("Choose two different pairs.", field="other_pair_id")
    if first.run_id != second.run_id:
        raise ValidationFailed("Choose a pair of the same run.", field="other_pair_id")
    _live(first)
    if second.status != PairStatus.PROPOSED:
        raise Conflict("This pair has been removed.")
    if first.locked or second.locked:
        raise Conflict("Unlock a pair before swapping it.")
    if first.mentor_id == second.mentor_id:
        raise ValidationFailed("Both pairs have the same mentor.", field="other_pair_id")
    from tandem.programs import matching

    swapped = [(first.mentee_id, second.mentor_id), (second.mentee_id, first.mentor_id)]
    excluded = matching.excluded_pairs(mentees=[i for i, _ in swapped],
                                       mentors=[j for _, j in swapped])
    for key in swapped:
        if key in excluded:
            raise ValidationFailed(excluded[key].message(_names(list(key))),
                                   field="other_pair_id")
    with transaction.atomic():
        first.mentor_id, second.mentor_id = second.mentor_id, first.mentor_id
        first.manual = second.manual = True
        _rescore([first, second], first.run.program)
        for pair in (first, second):
            pair.save(update_fields=["mentor", "manual", "score", "contributions", "warnings",
                                     "updated_at"])
        audit_log(actor=actor, action="programs.pair.swapped", target=first,
                  data={"with": second.pk})
    return first, second


def _names(user_ids: list[int]) -> dict[int, str]:
    return {u.pk: u.display_name for u in User.objects.filter(pk__in=user_ids)
            .select_related("profile")}


def pair_add(*, actor: User, run: MatchingRun, mentee_id, mentor_id) -> MatchPair:
    """Pair a mentee with a mentor by hand. Breaking a must-have rule or a mentor's
    capacity is allowed, with a warning on the pair; a pair a run may never propose
    (``matching.excluded_pairs``) is refused with the reason."""
    from tandem.programs import matching

    errors = Errors()
    for field, value in (("mentee_id", mentee_id), ("mentor_id", mentor_id)):
        if not is_id(value):
            errors.add(field, "Choose a person from the lists.")
    errors.raise_if_any()
    _ready(run)
    pool = matching.pool(run.program)
    if mentee_id not in pool.mentees:
        errors.add("mentee_id", "Choose an enrolled mentee who has no mentor in the program.")
    if mentor_id not in pool.capacity:
        errors.add("mentor_id", "Choose an enrolled mentor.")
    errors.raise_if_any()
    excluded = matching.excluded_pairs(mentees=[mentee_id], mentors=[mentor_id])
    if (mentee_id, mentor_id) in excluded:
        raise ValidationFailed(excluded[(mentee_id, mentor_id)].message(
            _names([mentee_id, mentor_id])), field="mentor_id")
    with transaction.atomic():
        if run.pairs.filter(mentee_id=mentee_id, status=PairStatus.PROPOSED).exists():
            raise Conflict("This mentee has a pair already: remove it first.")
        pair = MatchPair(run=run, mentee_id=mentee_id, mentor_id=mentor_id, manual=True)
        _rescore([pair], run.program)
        try:
            with transaction.atomic():
                pair.save()
        except IntegrityError:
            raise Conflict("This mentee has a pair already: remove it first.") from None
        _capacity_warnings(run, [pair])
        pair.save(update_fields=["warnings"])
        unmatched = dict(run.unmatched or {})
        unmatched.pop(str(mentee_id), None)
        MatchingRun.objects.filter(pk=run.pk).update(unmatched=unmatched)
        run.unmatched = unmatched
        audit_log(actor=actor, action="programs.pair.added", target=pair)
    return pair


def _start(pair: MatchPair, program: Program) -> bool:
    """Turn a pair into a mentorship (``mentorships.services.relationship_start``, which
    takes the mentor's place) with a draft agreement from the program's template. When it
    cannot start (the mentor is full, an account was frozen, someone left the program),
    the pair is "not started" with the reason and what happens next, and both people and
    the coordinators are told the same; False then."""
    from tandem.mentorships.services import relationship_start

    mentee, mentor = pair.mentee, pair.mentor
    start = max(timezone.localdate(), program.starts_on)
    end = program.ends_on if program.ends_on > start else start + timedelta(weeks=12)
    try:
        with transaction.atomic():
            left = [user for user in (mentee, mentor) if not Participant.objects.filter(
                program=program, user=user, status=ParticipantStatus.ACTIVE).exists()]
            if left:
                raise Conflict(f"{left[0].display_name} has left the program.")
            relationship = relationship_start(
                mentee=mentee, mentor=mentor, program=program, agreement={
                    "objectives": [{"text": t, "goal_id": None}
                                   for t in program.agreement_objectives],
                    "report_every_weeks": program.report_every_weeks,
                    "start_date": start, "end_date": end})
    except Conflict as exc:
        _not_started(pair, program, exc.message)
        return False
    pair.status, pair.relationship, pair.note = PairStatus.STARTED, relationship, ""
    pair.save(update_fields=["status", "note", "relationship", "updated_at"])
    url = reverse("mentorships:agreement", args=[pair.relationship_id])
    for user, other in ((mentee, mentor), (mentor, mentee)):
        notify(recipient=user, kind="program.match_started",
               title=f"Your program matched you with {other.display_name}",
               body="Your mentorship has started: next, agree together how you will work.",
               url=url)
    return True


def _not_started(pair: MatchPair, program: Program, reason: str) -> None:
    """Record why a match could not start, and tell both people and the coordinators the
    reason and what happens next: the mentee is back in the pool of the next run."""
    mentee, mentor = pair.mentee, pair.mentor
    next_step = f"{mentee.display_name} is back in the pool for the next matching run."
    note = f"{reason} {next_step}"
    pair.status, pair.note = PairStatus.NOT_STARTED, (
        note if len(note) <= 200 else note[:199] + "\N{HORIZONTAL ELLIPSIS}")
    pair.save(update_fields=["status", "note", "updated_at"])
    audit_log(actor=None, action="programs.pair.not_started", target=pair,
              data={"reason": reason[:200]})
    title = "Your program match could not start"
    page = reverse("programs:application", args=[program.pk])
    notify(recipient=mentee, kind="program.match_not_started", title=title, url=page,
           body=f"Your match with {mentor.display_name} could not start: {reason} You are "
                "back in the pool for the next matching run; your coordinator can also "
                "match you by hand.")
    notify(recipient=mentor, kind="program.match_not_started", title=title, url=page,
           body=f"Your match with {mentee.display_name} could not start: {reason} "
                f"{next_step}")
    for coordinator in program.coordinators.all():
        notify(recipient=coordinator, kind="program.match_not_started", email=False,
               title=f"A match in {program.name} could not start",
               body=f"{mentee.display_name} and {mentor.display_name}: {reason} {next_step}",
               url=reverse("programs:matching", args=[program.pk]))


def run_publish(*, actor: User, run: MatchingRun) -> MatchingRun:
    """Publish a reviewed run, once: each pair becomes a mentorship at once, or waits for
    both people to accept it when the program asks for approval. Everyone is told,
    unmatched mentees too."""
    program = run.program
    with transaction.atomic():
        now = timezone.now()
        if not MatchingRun.objects.filter(pk=run.pk, status=RunStatus.READY).update(
                status=RunStatus.PUBLISHED, published_at=now, published_by=actor,
                updated_at=now):
            run.refresh_from_db(fields=["status"])
            raise Conflict("This run was published already." if run.status ==
                           RunStatus.PUBLISHED else "This run is not ready to publish.")
        run.status, run.published_at, run.published_by = RunStatus.PUBLISHED, now, actor
        pairs = list(run.pairs.filter(status=PairStatus.PROPOSED)
                     .select_related("mentee__profile", "mentor__profile"))
        started = 0
        for pair in pairs:
            if program.approval_required:
                pair.status = PairStatus.AWAITING
                pair.expires_at = now + timedelta(days=program.request_expiry_days)
                pair.save(update_fields=["status", "expires_at", "updated_at"])
                url = reverse("programs:application", args=[program.pk])
                by = timezone.localdate(pair.expires_at).strftime("%-d %B %Y")
                for user, other in ((pair.mentee, pair.mentor), (pair.mentor, pair.mentee)):
                    notify(recipient=user, kind="program.match_proposed",
                           title=f"Your program proposes {other.display_name} as your "
                                 f"{'mentor' if user.pk == pair.mentee_id else 'mentee'}",
                           body=f"Accept or decline the match on your program page by {by}; "
                                "after that it expires.", url=url)
            else:
                started += _start(pair, program)
        for user_id in run.unmatched or {}:
            user = User.objects.filter(pk=int(user_id)).first()
            if user is not None:
                notify(recipient=user, kind="program.not_matched",
                       title="No mentor was found for you in this round",
                       body="Your coordinator may match you by hand or in the next round.",
                       url=reverse("programs:application", args=[program.pk]))
        audit_log(actor=actor, action="programs.run.published", target=run,
                  data={"pairs": len(pairs), "started": started})
    return run


def pair_respond(*, actor: User, pair: MatchPair, accept: bool) -> MatchPair:
    """A party accepts or declines a published match that needs both approvals. When the
    second one accepts, the mentorship starts (if the mentor still has a place)."""
    if not isinstance(accept, bool):
        raise ValidationFailed("Must be true or false.", field="accept")
    if actor.pk not in (pair.mentee_id, pair.mentor_id):
        raise Forbidden
    field = "mentee_accepted_at" if actor.pk == pair.mentee_id else "mentor_accepted_at"
    with transaction.atomic():
        now = timezone.now()
        # An answer after the deadline is refused even before the expiry job has run.
        waiting = Q(status=PairStatus.AWAITING) & (Q(expires_at__isnull=True)
                                                   | Q(expires_at__gt=now))
        if pair.status == PairStatus.EXPIRED or (
                pair.status == PairStatus.AWAITING and pair.expires_at
                and pair.expires_at <= now):
            raise Conflict("This match expired: it was not answered in time. Your "
                           "coordinator can match you again.")
        if accept:
            changed = MatchPair.objects.filter(waiting, pk=pair.pk,
                                               **{f"{field}__isnull": True}).update(
                **{field: now}, updated_at=now)
            if not changed:
                raise Conflict("This match is not waiting for your answer.")
            pair.refresh_from_db()
            audit_log(actor=actor, action="programs.pair.accepted", target=pair)
            if pair.mentee_accepted_at and pair.mentor_accepted_at:
                if not MatchPair.objects.filter(pk=pair.pk, status=PairStatus.AWAITING).update(
                        status=PairStatus.PROPOSED):
                    raise Conflict("This match is not waiting any more.")
                _start(pair, pair.run.program)
            else:
                other = pair.mentor if actor.pk == pair.mentee_id else pair.mentee
                notify(recipient=other, kind="program.match_accepted",
                       title=f"{actor.display_name} accepted your program match",
                       url=reverse("programs:application", args=[pair.run.program_id]))
        else:
            from tandem.programs.matching import DECLINED_BY

            by = Role.MENTEE if actor.pk == pair.mentee_id else Role.MENTOR
            if not MatchPair.objects.filter(waiting, pk=pair.pk).update(
                    status=PairStatus.DECLINED, note=DECLINED_BY[by], updated_at=now):
                raise Conflict("This match is not waiting for your answer.")
            pair.status, pair.note = PairStatus.DECLINED, DECLINED_BY[by]
            audit_log(actor=actor, action="programs.pair.declined", target=pair)
            other = pair.mentor if actor.pk == pair.mentee_id else pair.mentee
            notify(recipient=other, kind="program.match_declined",
                   title="Your program match was declined",
                   body="Your coordinator will look for another match.",
                   url=reverse("programs:application", args=[pair.run.program_id]))
            for coordinator in pair.run.program.coordinators.all():
                notify(recipient=coordinator, kind="program.match_declined", email=False,
                       title="A proposed match was declined",
                       url=reverse("programs:matching", args=[pair.run.program_id]))
    return pair


def pairs_expire(*, now=None) -> int:
    """Published matches still waiting for an approval past their deadline expire (a
    periodic job): both people and the program's coordinators are told, and the mentee
    is free to be matched again. Each pair is claimed with a conditional update, so two
    schedulers never expire one twice."""
    now = now or timezone.now()
    expired = 0
    freed: dict[Program, list[str]] = {}  # program -> mentees free again, for coordinators
    due = (MatchPair.objects.filter(status=PairStatus.AWAITING, expires_at__lte=now)
           .select_related("mentee", "mentor", "run__program").order_by("id"))
    for pair in due:
        with transaction.atomic():
            if not MatchPair.objects.filter(pk=pair.pk, status=PairStatus.AWAITING,
                                            expires_at__lte=now).update(
                    status=PairStatus.EXPIRED, updated_at=now):
                continue
            expired += 1
            program = pair.run.program
            audit_log(actor=None, action="programs.pair.expired", target=pair,
                      data={"program": program.pk})
            url = reverse("programs:application", args=[program.pk])
            waiting_for = [p for p, at in ((pair.mentee, pair.mentee_accepted_at),
                                           (pair.mentor, pair.mentor_accepted_at)) if not at]
            for user, other in ((pair.mentee, pair.mentor), (pair.mentor, pair.mentee)):
                notify(recipient=user, kind="program.match_expired",
                       title=f"Your program match with {other.display_name} expired",
                       body=("It was not accepted in time by "
                             + " and ".join("you" if p.pk == user.pk else p.display_name
                                            for p in waiting_for)
                             + ". Your coordinator can match you again."),
                       url=url)
            freed.setdefault(program, []).append(pair.mentee.display_name)
    for program, names in freed.items():
        for coordinator in program.coordinators.all():
            notify(recipient=coordinator, kind="program.match_expired", email=False,
                   title=(f"{len(names)} proposed match{'es' if len(names) > 1 else ''} in "
                          f"{program.name} expired unanswered"),
                   body=f"Can be matched again: {', '.join(names)}.",
                   url=reverse("programs:matching", args=[program.pk]))
    return expired


# --- Re-match ----------------------------------------------------------------------------


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
