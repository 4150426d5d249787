"""Programs themselves: creating and changing one (every field checked, and the rules
that combine fields), and adding coordinators."""

from __future__ import annotations

import re

from django.db import transaction
from django.urls import reverse

from tandem.accounts.models import MAX_CAPACITY, User
from tandem.core.audit import audit_log
from tandem.core.cache import header_changed
from tandem.core.errors import FieldErrors as Errors
from tandem.core.errors import Forbidden, ValidationFailed
from tandem.core.validation import reject_nul_characters
from tandem.notifications.services import notify
from tandem.programs.models import DEFAULT_WEIGHTS, WEIGHT_TERMS, JoinRule, Program
from tandem.programs.services._checks import _bool, _date, _int, _lines, _text

MAX_QUESTIONS = 10
MAX_OBJECTIVES = 10

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
        header_changed(actor.pk)  # the header shows "Programs" to coordinators
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
        header_changed(user.pk)
        audit_log(actor=actor, action="programs.coordinator.added", target=program,
                  data={"user_id": user.pk})
        if user.pk != actor.pk:
            notify(recipient=user, kind="program.coordinator_added",
                   title=f"You now coordinate a program with {actor.display_name}",
                   url=reverse("programs:detail", args=[program.pk]))
    return user
