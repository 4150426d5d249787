"""Every write to accounts, profiles, availability and access tokens. (Career goals are
written by tandem/growth/services.py.)

Services validate all input themselves (pages and the API share them), raise
``ValidationFailed`` with one entry per faulty field, write inside one transaction and
append an audit entry, so a request either changes everything it asked for or nothing.
"""

from __future__ import annotations

import logging
import re
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest, Least
from django.utils import timezone
from django.utils.text import slugify

from tandem.accounts.choices import (
    LANGUAGES,
    WEEKDAYS,
    Channel,
    FeedbackFormat,
    FeedbackStyle,
    FeedbackTiming,
    timezone_names,
)
from tandem.accounts.models import (
    MAX_CAPACITY,
    MINUTES_PER_WEEK,
    AccessToken,
    AvailabilityWindow,
    Profile,
    ProfileLanguage,
    Tag,
    User,
)
from tandem.accounts.weekbits import hour_columns, language_codes_text
from tandem.core.audit import audit_log, audit_log_many
from tandem.core.errors import FieldErrors as _Errors
from tandem.core.errors import ValidationFailed
from tandem.core.validation import reject_nul_characters

logger = logging.getLogger(__name__)

MAX_BIO = 5000
MAX_TAGS = 30
MAX_WINDOWS = 28
MAX_TOKENS = 20
TAG_FIELDS = ("skills_offered", "skills_wanted", "interests", "industries")


# --- Tags -----------------------------------------------------------------------------


def tag_normalize(name: str) -> tuple[str, str]:
    """("  machine   Learning ") -> ("machine-learning", "machine Learning").

    "+", "#" and a leading "." are spelled out before slugifying, so "C++", "C#", "C"
    and ".NET" stay four tags (c-plus-plus, c-sharp, c, dot-net) instead of folding
    into "c" and "net"."""
    text = unicodedata.normalize("NFKC", str(name))
    text = re.sub(r"\s+", " ", text).strip()
    spelled = "dot-" + text[1:] if text.startswith(".") else text
    spelled = spelled.replace("+", "-plus-").replace("#", "-sharp-")
    return slugify(spelled, allow_unicode=True)[:60], text[:60]


def tags_for(names: Iterable[str]) -> list[Tag]:
    """The Tag rows for these names, created when new; duplicates fold into one."""
    wanted: dict[str, str] = {}
    for name in names:
        slug, label = tag_normalize(name)
        if slug and slug not in wanted:
            wanted[slug] = label
    existing = {tag.slug: tag for tag in Tag.objects.filter(slug__in=wanted)}
    missing = [Tag(slug=slug, name=label) for slug, label in wanted.items() if slug not in existing]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {tag.slug: tag for tag in Tag.objects.filter(slug__in=wanted)}
    return [existing[slug] for slug in wanted]


def _check_tags(errors: _Errors, field: str, names) -> None:
    if not isinstance(names, list | tuple):
        errors.add(field, "Give a list of names.")
        return
    if len(names) > MAX_TAGS:
        errors.add(field, f"At most {MAX_TAGS} entries.")
    for name in names:
        if not isinstance(name, str) or not tag_normalize(name)[0]:
            errors.add(field, f"{name!r} is not a usable name: use letters or digits.")
        elif len(name.strip()) > 60:
            errors.add(field, f"{name[:20]!r}… is longer than 60 characters.")


# --- Users and profiles ---------------------------------------------------------------


def profile_ensure(*, user: User) -> Profile:
    """The user's profile, made on first need (sign-up, createsuperuser, admin). It starts
    without a name: guessing one from the email address would publish part of it."""
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def user_create(
    *, email: str, password: str | None, display_name: str = "", verified: bool = False
) -> User:
    """A new account with its profile. Used by the demo, factories and the admin;
    sign-up through the browser goes through allauth, whose adapter calls profile_ensure."""
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        user = User.objects.create_user(email=email, password=password)
        profile = profile_ensure(user=user)
        if display_name:
            profile.display_name = display_name[:80]
            profile.save(update_fields=["display_name", "updated_at"])
        EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
        audit_log(actor=user, action="accounts.user.created", target=user)
    return user


@dataclass(frozen=True)
class ImportedPerson:
    """One new account of a bulk import (a program's CSV file), already checked."""

    email: str
    display_name: str = ""
    mentee: bool = False
    mentor: bool = False
    mentor_capacity: int = 0
    timezone: str = ""
    skills_offered: tuple[str, ...] = ()
    skills_wanted: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()


def accounts_create_imported(*, actor: User | None, people: list[ImportedPerson],
                             via: str = "import") -> list[User]:
    """New accounts for people someone imported, in bulk (a few queries per thousand
    people, not per person), in ``people``'s order. Each has no password (they sign in
    through "forgot password"), an unverified primary address and a profile from what the
    import says, with the directory search text built as ``profile_update`` builds it;
    each gets an ``accounts.user.created`` audit entry by ``actor``. Call inside the
    caller's transaction; the addresses must be new."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    if not people:
        return []
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [User(email=p.email, password=unusable, timezone=p.timezone or "UTC") for p in people],
        batch_size=1000)
    if any(u.pk is None for u in users):  # a database that does not return ids
        by_email = {u.email: u for u in User.objects.filter(email__in=[p.email for p in people])}
        users = [by_email[p.email] for p in people]
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=False, primary=True) for u in users],
        batch_size=1000)
    names = {s for p in people for s in (*p.skills_offered, *p.skills_wanted)}
    by_slug = {tag.slug: tag for tag in tags_for(sorted(names))} if names else {}
    tags = {name: by_slug[tag_normalize(name)[0]] for name in names}

    def distinct(skills: Iterable[str]) -> list[Tag]:
        return list({tags[s].pk: tags[s] for s in skills}.values())

    offsets: dict[str, int] = {}
    profiles = []
    for user, person in zip(users, people, strict=True):
        zone = person.timezone or "UTC"
        if zone not in offsets:
            offsets[zone] = zone_offset_minutes(zone)
        offered = sorted(tag.name for tag in distinct(person.skills_offered))
        profiles.append(Profile(
            user=user, display_name=person.display_name, is_mentee=person.mentee,
            is_mentor=person.mentor, mentor_capacity=person.mentor_capacity, timezone=zone,
            utc_offset_minutes=offsets[zone],
            search_text=search_text_for(display_name=person.display_name,
                                        skills_offered=offered),
            language_codes=language_codes_text(person.languages)))
    profiles = Profile.objects.bulk_create(profiles, batch_size=1000)
    if any(p.pk is None for p in profiles):
        by_user = {p.user_id: p for p in Profile.objects.filter(user__in=users)}
        profiles = [by_user[u.pk] for u in users]
    Offered, Wanted = Profile.skills_offered.through, Profile.skills_wanted.through
    offered_rows, wanted_rows, languages = [], [], []
    for profile, person in zip(profiles, people, strict=True):
        offered_rows.extend(Offered(profile_id=profile.pk, tag_id=tag.pk)
                            for tag in distinct(person.skills_offered))
        wanted_rows.extend(Wanted(profile_id=profile.pk, tag_id=tag.pk)
                           for tag in distinct(person.skills_wanted))
        languages.extend(ProfileLanguage(profile=profile, code=code)
                         for code in dict.fromkeys(person.languages))
    Offered.objects.bulk_create(offered_rows, batch_size=1000, ignore_conflicts=True)
    Wanted.objects.bulk_create(wanted_rows, batch_size=1000, ignore_conflicts=True)
    ProfileLanguage.objects.bulk_create(languages, batch_size=1000, ignore_conflicts=True)
    audit_log_many(actor=actor, action="accounts.user.created", targets=users,
                   data={"via": via})
    return users


def profile_role_take(*, user: User, role: str, places: int = 0) -> None:
    """Mark ``role`` ("mentee" or "mentor") on the person's profile, as enrolling in a
    program does; a mentor's overall capacity grows (up to ``MAX_CAPACITY``) when their
    profile leaves fewer than ``places`` free. Never lowers anything."""
    if role == "mentee":
        Profile.objects.filter(user=user, is_mentee=False).update(is_mentee=True)
    elif role == "mentor":
        Profile.objects.filter(user=user).update(
            is_mentor=True,
            mentor_capacity=Least(Greatest(F("mentor_capacity"), F("places_taken") + places),
                                  MAX_CAPACITY))
    else:
        raise ValueError(f"Not a role: {role!r}")


def zone_offset_minutes(tz_name: str, at: datetime | None = None) -> int:
    at = at or timezone.now()
    offset = at.astimezone(ZoneInfo(tz_name)).utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


MENTOR_NAME_REQUIRED = "Mentors need a name people can see."


# Shown on one line everywhere; the name also goes into email subjects, where a line
# break makes the message unsendable (BadHeaderError).
SINGLE_LINE_FIELDS = ("display_name", "headline", "location")


def _has_control_characters(value: str) -> bool:
    """Line breaks, tabs, escapes: any character of Unicode category Cc."""
    return any(unicodedata.category(char) == "Cc" for char in value)


def _validate_profile(changes: dict, *, profile: Profile) -> _Errors:
    """Every field error in ``changes``, and the rules that combine a change with what
    ``profile`` holds already."""
    errors = _Errors()
    limits = {"display_name": 80, "headline": 140, "location": 120, "feedback_notes": 500}
    for field, limit in limits.items():
        if field in changes:
            value = changes[field]
            if not isinstance(value, str):
                errors.add(field, "Must be text.")
            elif len(value.strip()) > limit:
                errors.add(field, f"At most {limit} characters (this has {len(value.strip())}).")
            elif field in SINGLE_LINE_FIELDS and _has_control_characters(value.strip()):
                errors.add(field, "Use a single line without control characters.")
    if "display_name" in changes and isinstance(changes["display_name"], str):
        if not changes["display_name"].strip():
            errors.add("display_name", "Your name cannot be empty.")
    elif "display_name" not in changes:
        # Mentors are listed in the directory, so they need a name to be listed under.
        if changes.get("is_mentor", profile.is_mentor) is True and not profile.display_name.strip():
            errors.add("display_name", MENTOR_NAME_REQUIRED)
    if "bio" in changes:
        bio = changes["bio"]
        if not isinstance(bio, str):
            errors.add("bio", "Must be text.")
        elif len(bio) > MAX_BIO:
            errors.add("bio", f"At most {MAX_BIO} characters (this has {len(bio)}).")
    for field in ("is_mentee", "is_mentor", "open_to_requests"):
        if field in changes and not isinstance(changes[field], bool):
            errors.add(field, "Must be true or false.")
    for field in TAG_FIELDS:
        if field in changes:
            _check_tags(errors, field, changes[field])
    if "languages" in changes:
        codes = changes["languages"]
        if not isinstance(codes, list | tuple):
            errors.add("languages", "Give a list of language codes.")
        else:
            for code in codes:
                if code not in LANGUAGES:
                    errors.add("languages", f"Unknown language code {code!r}.")
    if "timezone" in changes and changes["timezone"] not in timezone_names():
        errors.add("timezone", f"Unknown timezone {changes['timezone']!r}: use an IANA name "
                   "such as Europe/Berlin.")
    if "experience_years" in changes:
        years = changes["experience_years"]
        if years is not None and (not isinstance(years, int) or isinstance(years, bool)
                                  or not 0 <= years <= 70):
            errors.add("experience_years", "Give a whole number of years from 0 to 70.")
    if "mentor_capacity" in changes:
        capacity = changes["mentor_capacity"]
        if not isinstance(capacity, int) or isinstance(capacity, bool):
            errors.add("mentor_capacity", "Must be a whole number.")
        elif capacity < 0:
            errors.add("mentor_capacity", "Capacity cannot be below zero.")
        elif capacity > MAX_CAPACITY:
            errors.add("mentor_capacity", f"At most {MAX_CAPACITY} mentees at once.")
    if "meeting_channels" in changes:
        channels = changes["meeting_channels"]
        if not isinstance(channels, list | tuple):
            errors.add("meeting_channels", "Give a list of channels.")
        else:
            for channel in channels:
                if channel not in Channel.values:
                    errors.add("meeting_channels", f"Unknown channel {channel!r}: use one of "
                               f"{', '.join(Channel.values)}.")
    for field, enum in (("feedback_format", FeedbackFormat), ("feedback_style", FeedbackStyle),
                        ("feedback_timing", FeedbackTiming)):
        if field in changes and changes[field] not in enum.values:
            errors.add(field, f"Use one of {', '.join(enum.values)}.")
    return errors


PROFILE_FIELDS = (
    "display_name", "headline", "bio", "is_mentee", "is_mentor", "timezone", "location",
    "experience_years", "mentor_capacity", "open_to_requests", "meeting_channels",
    "feedback_format", "feedback_style", "feedback_timing", "feedback_notes",
)


def profile_check(*, profile: Profile, changes: dict) -> None:
    """Raise ``ValidationFailed`` naming every faulty field of ``changes`` to ``profile``.
    ``profile_update`` runs it; the admin's profile form runs it too, so staff get the
    same rules and messages."""
    reject_nul_characters(changes)
    unknown = set(changes) - set(PROFILE_FIELDS) - set(TAG_FIELDS) - {"languages"}
    if unknown:
        errors = _Errors()
        for key in sorted(unknown):
            errors.add(key, "Not a profile field.")
        errors.raise_if_any()
    _validate_profile(changes, profile=profile).raise_if_any()


def profile_update(*, actor: User, profile: Profile, changes: dict) -> Profile:
    """Apply a partial update. Unknown keys are refused, every field is checked first, and
    nothing is written unless all of it is valid."""
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(pk=profile.pk)
        # Checked against the locked row: rules such as "a mentor has a name" combine
        # the change with what is stored.
        profile_check(profile=profile, changes=changes)
        changed: list[str] = []
        for field in PROFILE_FIELDS:
            if field in changes:
                value = changes[field]
                if isinstance(value, str) and field != "bio":
                    value = value.strip()
                if field == "meeting_channels":
                    value = [c for c in Channel.values if c in value]
                if getattr(profile, field) != value:
                    setattr(profile, field, value)
                    changed.append(field)
        if "timezone" in changed:
            profile.utc_offset_minutes = zone_offset_minutes(profile.timezone)
            changed.append("utc_offset_minutes")
        for field in TAG_FIELDS:
            if field in changes:
                getattr(profile, field).set(tags_for(changes[field]))
                changed.append(field)
        if "languages" in changes:
            codes = list(dict.fromkeys(changes["languages"]))
            profile.languages.exclude(code__in=codes).delete()
            have = set(profile.languages.values_list("code", flat=True))
            ProfileLanguage.objects.bulk_create(
                [ProfileLanguage(profile=profile, code=c) for c in codes if c not in have]
            )
            profile.language_codes = language_codes_text(codes)
            changed.append("languages")
        profile.search_text = _search_text(profile)
        profile.save()
        if "timezone" in changed:
            _user_timezone_sync(profile)
            _recompute_windows(profile)
        audit_log(actor=actor, action="accounts.profile.updated", target=profile,
                  data={"fields": sorted(changed)})
    return profile


def _user_timezone_sync(profile: Profile) -> None:
    """Copy the profile's timezone to its user row, which the pages read it from (the
    next page shows the new zone, in every session: each request loads the user row)."""
    User.objects.filter(pk=profile.user_id).exclude(timezone=profile.timezone).update(
        timezone=profile.timezone)


def search_text_for(*, display_name: str = "", headline: str = "", bio: str = "",
                    skills_offered: Iterable[str] = (), industries: Iterable[str] = ()) -> str:
    """The directory's search text of a profile, the one way it is built: the name,
    headline, bio, the names of the skills offered and of the industries (each in tag-name
    order, as the profile lists them), lower-cased."""
    parts = [display_name, headline, bio, " ".join(skills_offered), " ".join(industries)]
    return " ".join(part for part in parts if part).lower()


def _search_text(profile: Profile) -> str:
    return search_text_for(
        display_name=profile.display_name, headline=profile.headline, bio=profile.bio,
        skills_offered=[tag.name for tag in profile.skills_offered.all()],
        industries=[tag.name for tag in profile.industries.all()])


def onboarding_hide(*, actor: User) -> None:
    """Hide the "Getting started" checklist for good, on every device."""
    Profile.objects.filter(user=actor, onboarding_hidden_at__isnull=True).update(
        onboarding_hidden_at=timezone.now())


def welcome_end(*, actor: User, skipped: bool = False) -> None:
    """The person finished (or skipped) the first-run wizard: signing in no longer leads
    there, though the wizard stays open to them. Recorded once, in the audit log too."""
    with transaction.atomic():
        done = Profile.objects.filter(user=actor, welcomed_at__isnull=True).update(
            welcomed_at=timezone.now())
        if done:
            profile = Profile.objects.get(user=actor)
            audit_log(actor=actor, action="accounts.welcome.skipped" if skipped
                      else "accounts.welcome.finished", target=profile)


def profile_refresh_derived(*, actor: User, profile: Profile, fields: Iterable[str]) -> Profile:
    """After staff changed ``fields`` of a profile in the admin (which saves the form
    itself): bring the UTC offset, the availability's UTC minutes and the search text in
    line with what was saved, and record the change in the audit log."""
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(pk=profile.pk)
        profile.utc_offset_minutes = zone_offset_minutes(profile.timezone)
        profile.search_text = _search_text(profile)
        # The languages inline may have changed the language rows.
        profile.language_codes = language_codes_text(
            profile.languages.values_list("code", flat=True))
        profile.save(update_fields=["utc_offset_minutes", "search_text", "language_codes",
                                    "updated_at"])
        _user_timezone_sync(profile)
        _recompute_windows(profile)
        audit_log(actor=actor, action="accounts.profile.updated", target=profile,
                  data={"fields": sorted(fields), "via": "admin"})
    return profile


def profile_refresh_offsets(*, at: datetime | None = None) -> int:
    """Recompute stored UTC offsets and availability after DST changes; returns how many
    profiles changed. Run daily by ``tandem refresh_timezones``. A zone this Python does
    not know is skipped with a warning, so one bad row cannot stop the others."""
    count = 0
    for tz_name in Profile.objects.values_list("timezone", flat=True).distinct():
        try:
            offset = zone_offset_minutes(tz_name, at)
        except (ZoneInfoNotFoundError, ValueError):
            logger.warning("Unknown timezone %r on %d profile(s): their offsets were not "
                           "refreshed.", tz_name, Profile.objects.filter(timezone=tz_name).count())
            continue
        stale = Profile.objects.filter(timezone=tz_name).exclude(utc_offset_minutes=offset)
        for profile_id in list(stale.values_list("pk", flat=True)):
            with transaction.atomic():
                # Locked and read again: the person may have changed their timezone since
                # the list was made, and profile_update has then set the right offset.
                profile = Profile.objects.select_for_update().filter(
                    pk=profile_id, timezone=tz_name).first()
                if profile is None or profile.utc_offset_minutes == offset:
                    continue
                profile.utc_offset_minutes = offset
                profile.save(update_fields=["utc_offset_minutes", "updated_at"])
                _recompute_windows(profile)
            count += 1
    return count


# --- Availability ---------------------------------------------------------------------


def parse_clock(value, *, allow_midnight_end: bool = False) -> int:
    """"09:30" -> 570. "24:00" is allowed only as an end."""
    if isinstance(value, int) and not isinstance(value, bool):
        minute = value
    else:
        match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", str(value))
        if not match:
            raise ValueError(f"{value!r} is not a time like 09:30.")
        hours, minutes = int(match[1]), int(match[2])
        if minutes > 59 or hours > 24 or (hours == 24 and minutes):
            raise ValueError(f"{value!r} is not a time of day.")
        minute = hours * 60 + minutes
    if not 0 <= minute <= 1440 or (minute == 1440 and not allow_midnight_end):
        raise ValueError(f"{value!r} is not a time of day.")
    return minute


def _to_utc(weekday: int, start: int, end: int, offset: int) -> tuple[int, int]:
    utc_start = (weekday * 1440 + start - offset) % MINUTES_PER_WEEK
    return utc_start, utc_start + (end - start)


def availability_replace(*, actor: User, profile: Profile, windows: list[dict]) -> list:
    """Replace the person's weekly availability. Each window is
    ``{"weekday": 0-6 (Monday=0), "start": "HH:MM", "end": "HH:MM"}`` in their timezone."""
    reject_nul_characters({f"availability[{i}]": w for i, w in enumerate(windows)})
    errors = _Errors()
    parsed: list[tuple[int, int, int]] = []
    if len(windows) > MAX_WINDOWS:
        errors.add("availability", f"At most {MAX_WINDOWS} windows.")
    for index, window in enumerate(windows):
        field = f"availability[{index}]"
        weekday = window.get("weekday")
        if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
            errors.add(f"{field}.weekday", "Pick a day from Monday (0) to Sunday (6).")
            continue
        try:
            start = parse_clock(window.get("start"))
            end = parse_clock(window.get("end"), allow_midnight_end=True)
        except ValueError as exc:
            errors.add(field, str(exc))
            continue
        if end <= start:
            errors.add(field, f"{WEEKDAYS[weekday]}: the window ends before it starts.")
            continue
        parsed.append((weekday, start, end))
    parsed.sort()
    for (day_a, start_a, end_a), (day_b, start_b, end_b) in zip(parsed, parsed[1:], strict=False):
        if day_a == day_b and start_b < end_a:
            errors.add("availability", f"{WEEKDAYS[day_a]}: windows "
                       f"{AvailabilityWindow.label(start_a)}-{AvailabilityWindow.label(end_a)} and "
                       f"{AvailabilityWindow.label(start_b)}-{AvailabilityWindow.label(end_b)} overlap.")
    errors.raise_if_any()

    with transaction.atomic():
        # The offset is read inside the transaction: the caller's instance may be stale.
        profile = Profile.objects.select_for_update().get(pk=profile.pk)
        profile.availability.all().delete()
        rows = []
        for weekday, start, end in parsed:
            utc_start, utc_end = _to_utc(weekday, start, end, profile.utc_offset_minutes)
            rows.append(AvailabilityWindow(
                profile=profile, weekday=weekday, start_minute=start, end_minute=end,
                utc_start=utc_start, utc_end=utc_end,
            ))
        AvailabilityWindow.objects.bulk_create(rows)
        _availability_columns_write(profile, rows)
        audit_log(actor=actor, action="accounts.availability.replaced", target=profile,
                  data={"windows": len(rows)})
    return rows


def _recompute_windows(profile: Profile) -> None:
    windows = list(profile.availability.all())
    for window in windows:
        window.utc_start, window.utc_end = _to_utc(
            window.weekday, window.start_minute, window.end_minute, profile.utc_offset_minutes
        )
    AvailabilityWindow.objects.bulk_update(windows, ["utc_start", "utc_end"])
    _availability_columns_write(profile, windows)


def _availability_columns_write(profile: Profile, windows: Iterable[AvailabilityWindow]) -> None:
    """Store the hours of the UTC week ``windows`` (all of the profile's) touch and cover,
    which the directory's "overlaps my availability" filter reads (accounts/weekbits.py)."""
    columns = hour_columns((w.utc_start, w.utc_end) for w in windows)
    for name, value in columns.items():
        setattr(profile, name, value)
    Profile.objects.filter(pk=profile.pk).update(**columns)


# --- Access tokens --------------------------------------------------------------------


def token_create(*, actor: User, name: str) -> tuple[AccessToken, str]:
    """A new personal access token; returns the row and the secret, shown only now."""
    reject_nul_characters({"name": name})
    name = (name or "").strip()
    if not name:
        raise ValidationFailed("Give the token a name, e.g. the script that will use it.",
                               field="name")
    if len(name) > 80:
        raise ValidationFailed("At most 80 characters.", field="name")
    secret = AccessToken.PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        # Counted under the person's row lock, so parallel requests cannot pass the limit.
        User.objects.select_for_update().get(pk=actor.pk)
        if AccessToken.objects.filter(user=actor, revoked_at__isnull=True).count() >= MAX_TOKENS:
            raise ValidationFailed(f"At most {MAX_TOKENS} active tokens: revoke one first.",
                                   field="name")
        token = AccessToken.objects.create(
            user=actor, name=name, token_hash=AccessToken.hash(secret), hint=secret[:10]
        )
        audit_log(actor=actor, action="accounts.token.created", target=token)
    return token, secret


def token_revoke(*, actor: User, token: AccessToken) -> AccessToken:
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at", "updated_at"])
            audit_log(actor=actor, action="accounts.token.revoked", target=token)
    return token


def token_authenticate(secret: str) -> User | None:
    """The active user behind a token, or None. Records when the token was last used."""
    if not secret or not secret.startswith(AccessToken.PREFIX):
        return None
    token = (
        AccessToken.objects.select_related("user")
        .filter(token_hash=AccessToken.hash(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        # At most one write a minute per token, not one per request.
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
