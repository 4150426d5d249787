"""Participants from a CSV file: the columns, the per-row checks, the bulk import, and the
CSV exports (participants, matches), which can never carry a spreadsheet formula.

Columns (a header row is required; names are case-insensitive, order is free):

    email      required; one row per address
    role       required: mentee or mentor
    name       the display name for a new account
    capacity   mentors: how many mentees in this program (1-20; default: the program's)
    skills     ; separated: skills wanted (mentees) or offered (mentors)
    languages  ; separated codes such as en;es
    timezone   an IANA name such as Europe/Berlin
    team       for the "exclude same team" rule

People who have no account get one (without a password: they sign in through "forgot
password"); the name, skills, languages and timezone fill their new profile. An existing
account's profile is left as its owner made it."""

from __future__ import annotations

import csv
import io
import unicodedata

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from tandem.accounts.choices import LANGUAGES, timezone_names
from tandem.accounts.models import MAX_CAPACITY, User
from tandem.accounts.services import ImportedPerson, accounts_create_imported, tag_normalize
from tandem.core.audit import audit_log
from tandem.core.csv_export import csv_cell
from tandem.core.errors import ValidationFailed
from tandem.programs.models import (
    ImportJob,
    ImportStatus,
    Participant,
    ParticipantStatus,
    Role,
    Source,
)
from tandem.programs.services.enrolment import _enroll_side_effects

COLUMNS = ("email", "role", "name", "capacity", "skills", "languages", "timezone", "team")
REQUIRED = ("email", "role")
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
CHUNK = 500
MAX_ERRORS = 1000  # kept in the report; the count is always exact


def read_file(data: bytes) -> tuple[str, int]:
    """The decoded text and its number of data rows; refuses (naming the field ``file``)
    a file that is too big, not UTF-8, empty, or missing required columns."""
    if not isinstance(data, bytes | bytearray) or not data:
        raise ValidationFailed("Choose a CSV file.", field="file")
    if len(data) > MAX_BYTES:
        raise ValidationFailed(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.",
                               field="file")
    try:
        text = bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed("The file is not UTF-8 text. Save it as \"CSV UTF-8\" and "
                               "upload it again.", field="file") from None
    if "\x00" in text:
        raise ValidationFailed("The file contains NUL characters: it is not a CSV file.",
                               field="file")
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, None)
        rows = sum(1 for row in reader if any(cell.strip() for cell in row))
    except csv.Error as exc:
        raise ValidationFailed(f"The file is not valid CSV: {exc}.", field="file") from None
    if not header:
        raise ValidationFailed("The file is empty: it needs a header row.", field="file")
    names = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise ValidationFailed(f"Missing column{'s' if len(missing) > 1 else ''}: "
                               f"{', '.join(missing)}.", field="file")
    unknown = [h for h in names if h and h not in COLUMNS]
    if unknown:
        raise ValidationFailed(f"Unknown column{'s' if len(unknown) > 1 else ''}: "
                               f"{', '.join(repr(u[:40]) for u in unknown[:5])}. Use "
                               f"{', '.join(COLUMNS)}.", field="file")
    twice = sorted({h for h in names if h and names.count(h) > 1})
    if twice:
        raise ValidationFailed(f"Column {twice[0]!r} appears twice.", field="file")
    if rows > MAX_ROWS:
        raise ValidationFailed(f"At most {MAX_ROWS} rows per file (this has {rows}).",
                               field="file")
    return text, rows


def _rows(text: str):
    """(row number as a spreadsheet shows it, {column: value}) for each non-empty row."""
    reader = csv.reader(io.StringIO(text, newline=""))
    names = [h.strip().lower() for h in next(reader)]
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {name: (row[i].strip() if i < len(row) else "")
                  for i, name in enumerate(names) if name}
        yield number, values


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _single_line(value: str) -> bool:
    return not any(unicodedata.category(c) == "Cc" for c in value)


def check_row(values: dict, *, program, seen: dict, enrolled: set, zones) -> tuple[dict, list]:
    """(clean row, [(field, reason)]) for one row."""
    problems = []
    email = values.get("email", "").lower()
    try:
        validate_email(email)
        if len(email) > 254:
            raise DjangoValidationError("too long")
    except DjangoValidationError:
        problems.append(("email", "not an email address" if email else "missing"))
    else:
        if email in seen:
            problems.append(("email", f"appears already on row {seen[email]}"))
        elif email in enrolled:
            problems.append(("email", "already in this program"))
    role = values.get("role", "").lower()
    if role not in Role.values:
        problems.append(("role", "use mentee or mentor"))
    name = values.get("name", "")
    if len(name) > 80 or not _single_line(name):
        problems.append(("name", "at most 80 characters on one line"))
    capacity = 0
    if role == Role.MENTOR:
        raw = values.get("capacity", "")
        if not raw:
            capacity = program.default_capacity
        elif not raw.isdecimal() or not 1 <= int(raw) <= MAX_CAPACITY:
            problems.append(("capacity", f"a whole number from 1 to {MAX_CAPACITY}"))
        else:
            capacity = int(raw)
    elif values.get("capacity", "") not in ("", "0"):
        problems.append(("capacity", "only mentors have a capacity"))
    skills = _split(values.get("skills", ""))
    if len(skills) > 30:
        problems.append(("skills", "at most 30 skills"))
    elif any(len(s) > 60 or not tag_normalize(s)[0] for s in skills):
        problems.append(("skills", "each skill has letters or digits, at most 60 characters"))
    languages = [code.lower() for code in _split(values.get("languages", ""))]
    bad = [code for code in languages if code not in LANGUAGES]
    if bad:
        problems.append(("languages", f"unknown language code {bad[0][:10]!r}"))
    zone = values.get("timezone", "")
    if zone and zone not in zones:
        problems.append(("timezone", "unknown timezone: use a name such as Europe/Berlin"))
    team = values.get("team", "")
    if len(team) > 80 or not _single_line(team):
        problems.append(("team", "at most 80 characters on one line"))
    if any("\x00" in v for v in values.values()):
        problems.append(("row", "contains a NUL character"))
    return ({"email": email, "role": role, "name": name, "capacity": capacity,
             "skills": skills, "languages": list(dict.fromkeys(languages)),
             "timezone": zone, "team": team}, problems)


def check(job: ImportJob) -> list[dict]:
    """Check every row, saving progress after each chunk. Returns the valid rows."""
    program = job.program
    enrolled = {e.lower() for e in Participant.objects.filter(
        program=program, status=ParticipantStatus.ACTIVE).values_list("user__email", flat=True)}
    seen: dict[str, int] = {}
    zones = timezone_names()
    valid, errors, error_count, done = [], [], 0, 0
    for number, values in _rows(job.content):
        row, problems = check_row(values, program=program, seen=seen, enrolled=enrolled,
                                  zones=zones)
        if row["email"] and row["email"] not in seen:
            seen[row["email"]] = number
        if problems:
            error_count += len(problems)
            errors.extend({"row": number, "field": f, "reason": r} for f, r in problems
                          if len(errors) < MAX_ERRORS)
        else:
            valid.append(row)
        done += 1
        if done % CHUNK == 0:
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)
    ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, valid_rows=len(valid),
                                               errors=errors[:MAX_ERRORS])
    job.errors, job.valid_rows, job.processed_rows = errors[:MAX_ERRORS], len(valid), done
    return valid


def import_rows(job: ImportJob, rows: list[dict]) -> int:
    """Enrol the rows, making accounts for new addresses, in bulk: a few queries per
    chunk of rows, not per row. All or nothing."""
    program = job.program
    imported = 0
    with transaction.atomic():
        existing = {}
        emails = [r["email"] for r in rows]
        for start in range(0, len(emails), 5000):
            for user in User.objects.filter(email__in=emails[start:start + 5000]):
                existing[user.email.lower()] = user
        new_rows = [r for r in rows if r["email"] not in existing]
        if new_rows:
            _create_accounts(new_rows, existing, actor=job.created_by)
        withdrawn = {p.user_id: p for p in Participant.objects.filter(
            program=program, status=ParticipantStatus.WITHDRAWN,
            user_id__in=[u.pk for u in existing.values()])}
        creating = []
        for start in range(0, len(rows), CHUNK):
            for row in rows[start:start + CHUNK]:
                user = existing[row["email"]]
                again = withdrawn.get(user.pk)
                if again is not None:
                    again.status, again.role = ParticipantStatus.ACTIVE, row["role"]
                    again.capacity, again.team = row["capacity"], row["team"]
                    again.source = Source.IMPORTED
                    again.save()
                else:
                    creating.append(Participant(program=program, user=user, role=row["role"],
                                                capacity=row["capacity"], team=row["team"],
                                                source=Source.IMPORTED))
                imported += 1
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=imported)
        Participant.objects.bulk_create(creating, batch_size=1000, ignore_conflicts=True)
        old = {r["email"] for r in rows} - {r["email"] for r in new_rows}
        for row in rows:
            if row["email"] in old:
                _enroll_side_effects(existing[row["email"]], row["role"], row["capacity"])
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.DONE, imported_rows=imported, processed_rows=imported,
            content="", updated_at=timezone.now())
        audit_log(actor=job.created_by, action="programs.import.completed", target=job,
                  data={"imported": imported, "new_accounts": len(new_rows)})
    return imported


def _create_accounts(rows, existing, *, actor) -> None:
    """New accounts for the rows' addresses, through the accounts service (the directory
    search text built the one way, an audit entry per account)."""
    users = accounts_create_imported(actor=actor, people=[ImportedPerson(
        email=r["email"], display_name=r["name"], mentee=r["role"] != Role.MENTOR,
        mentor=r["role"] == Role.MENTOR,
        mentor_capacity=r["capacity"] if r["role"] == Role.MENTOR else 0,
        timezone=r["timezone"], languages=tuple(r["languages"]),
        skills_offered=tuple(r["skills"]) if r["role"] == Role.MENTOR else (),
        skills_wanted=() if r["role"] == Role.MENTOR else tuple(r["skills"]))
        for r in rows], via="programs.import")
    for user, row in zip(users, rows, strict=True):
        existing[row["email"]] = user


# --- Export ------------------------------------------------------------------------------

def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text (the one rule of every CSV download)."""
    return csv_cell(value)
