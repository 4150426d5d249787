"""Data rights: a person's export of everything they provided, and the erasure of their
account. Each app says what it holds through ``export_data`` and ``erase_user`` in its
``sections`` module (see ``tandem.core.sections``); this module runs them.

Erasure keeps the other party's content: relationships are closed, not deleted, and the
erased person's account row stays as an anonymous "Former member" whenever something of
somebody else still refers to it. Only an account that nothing else refers to is
deleted outright.
"""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.db import router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone

from tandem.core import sections
from tandem.core.audit import audit_log
from tandem.core.errors import Conflict, ValidationFailed

FORMAT = "tandem-export"
FORMAT_VERSION = 1
FORMER_MEMBER = "Former member"
# An address that can never receive mail nor sign in: the .invalid top-level domain is
# reserved for exactly this (RFC 2606).
PLACEHOLDER_DOMAIN = "erased.invalid"


def export_build(*, actor) -> dict:
    """Everything ``actor`` provided, as one JSON-ready document, and an audit entry."""
    from tandem.record.selectors import record_document

    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "generated_at": timezone.now().isoformat(),
        "user_id": actor.pk,
        "data": sections.export_data(user=actor),
        # The record is the readable summary of the same data (also /me/record.md).
        "record_markdown": record_document(user=actor),
    }
    audit_log(actor=actor, action="privacy.export", target=actor,
              data={"apps": sorted(document["data"])})
    return document


def confirmation_matches(*, user, confirmation) -> bool:
    """The person re-typed their email address (any case) or their password."""
    if not isinstance(confirmation, str):
        return False
    typed = confirmation.strip()
    if not typed:
        return False
    if typed.casefold() == user.email.casefold():
        return True
    return user.has_usable_password() and check_password(confirmation, user.password)


# Rows that belong to the account alone: when deleting the account would remove nothing
# else, it is deleted instead of kept as a "Former member".
_OWN_MODELS = {
    "accounts.user", "accounts.profile", "accounts.profilelanguage",
    "accounts.availabilitywindow", "accounts.careergoal", "accounts.accesstoken",
    "accounts.profile_skills_offered", "accounts.profile_skills_wanted",
    "accounts.profile_interests", "accounts.profile_industries",
    "accounts.user_groups", "accounts.user_user_permissions",
    "account.emailaddress", "account.emailconfirmation", "mfa.authenticator",
    "socialaccount.socialaccount", "socialaccount.socialtoken",
    "usersessions.usersession", "notifications.emailpreference",
    "notifications.emailsettings", "notifications.digestsent", "notifications.notification",
    "meetings.calendarfeed", "meetings.remindersent", "safety.freeze",
    # Its entries keep their label; the erasure entry names the id they had.
    "core.auditentry",
}


def _deletable(user) -> bool:
    """True when deleting the account removes only the account's own rows."""
    collector = Collector(using=router.db_for_write(type(user)))
    collector.collect([user])
    for model, instances in collector.data.items():
        if instances and model._meta.label_lower not in _OWN_MODELS:
            return False
    for qs in collector.fast_deletes:
        if qs.model._meta.label_lower not in _OWN_MODELS and qs.exists():
            return False
    # Rows that point at the account with SET_NULL (a report about them, a program they
    # created, an agreement they proposed...) would silently lose who it was.
    for (field, _value), batches in collector.field_updates.items():
        if field.model._meta.label_lower in _OWN_MODELS:
            continue
        for objs in batches:
            if (objs.exists() if hasattr(objs, "exists") else len(objs)):
                return False
    return True


def _end_sessions(user) -> int:
    """Delete the account's server-side sessions (database-backed engines); on other
    engines the unusable password already invalidates them at the next request."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.sessions.models import Session

    if not settings.SESSION_ENGINE.endswith(("backends.db", "backends.cached_db")):
        return 0
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        try:
            owner = session.get_decoded().get("_auth_user_id")
        except Exception:  # a corrupt session belongs to nobody  # noqa: BLE001
            continue
        if owner == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


def _delete_login_records(user) -> None:
    from django.apps import apps

    for label, field in (("account.EmailAddress", "user"), ("mfa.Authenticator", "user"),
                         ("socialaccount.SocialAccount", "user"),
                         ("usersessions.UserSession", "user")):
        app_label = label.split(".")[0]
        if apps.is_installed(f"allauth.{app_label}") or any(
                c.label == app_label for c in apps.get_app_configs()):
            try:
                model = apps.get_model(label)
            except LookupError:
                continue
            model.objects.filter(**{field: user}).delete()


def _forget_name(name: str) -> None:
    """Other people's notifications name whoever did something ("Mia withdrew her
    request"): the erased person's name becomes "Former member" there too. Short names
    are left alone, where a replace could hit an unrelated word."""
    from django.db.models import Q, Value
    from django.db.models.functions import Replace

    from tandem.notifications.models import Notification

    name = name.strip()
    if len(name) < 4:
        return
    Notification.objects.filter(Q(title__contains=name) | Q(body__contains=name)).update(
        title=Replace("title", Value(name), Value(FORMER_MEMBER)),
        body=Replace("body", Value(name), Value(FORMER_MEMBER)))


def _anonymise(user) -> None:
    from tandem.accounts.models import Profile
    from tandem.accounts.weekbits import hour_columns

    user.email = f"erased-{user.pk}-{secrets.token_hex(6)}@{PLACEHOLDER_DOMAIN}"
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.is_coordinator = False
    user.last_login = None
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    user.access_tokens.all().delete()
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        profile.skills_offered.clear()
        profile.skills_wanted.clear()
        profile.interests.clear()
        profile.industries.clear()
        profile.languages.all().delete()
        profile.availability.all().delete()
        Profile.objects.filter(pk=profile.pk).update(
            display_name=FORMER_MEMBER, headline="", bio="", is_mentee=False,
            is_mentor=False, location="", experience_years=None, mentor_capacity=0,
            open_to_requests=False, meeting_channels=[], feedback_notes="", search_text="",
            timezone="UTC", utc_offset_minutes=0, language_codes="", **hour_columns(()),
            updated_at=timezone.now())


def account_erase(*, actor, confirmation) -> str:
    """Erase ``actor``'s account: every app removes what the person owns and anonymises
    what must stay for the other party, then the account itself is anonymised (or
    deleted when nothing else refers to it). One transaction: all of it or nothing.
    Returns "deleted" or "anonymised"."""
    if not confirmation_matches(user=actor, confirmation=confirmation):
        raise ValidationFailed(
            "Type your email address or your password to confirm.", field="confirmation")
    User = get_user_model()
    user_id = actor.pk
    with transaction.atomic():
        # Locks the row: two erasures of one account (two tabs) run one after the other.
        user = User.objects.select_for_update().filter(pk=user_id).first()
        if user is None or user.email.endswith(f"@{PLACEHOLDER_DOMAIN}"):
            raise Conflict("This account has already been deleted.")
        from tandem.accounts.models import Profile

        # The name goes first, so what the apps tell the other party while closing things
        # ("... ended your mentorship") already says "Former member".
        old_name = Profile.objects.filter(user=user).values_list(
            "display_name", flat=True).first() or ""
        Profile.objects.filter(user=user).update(display_name=FORMER_MEMBER)
        user = User.objects.select_related("profile").get(pk=user_id)
        sections.erase_user(user=user)
        _forget_name(old_name)
        _delete_login_records(user)
        _end_sessions(user)
        if _deletable(user):
            outcome = "deleted"
            user.delete()
        else:
            outcome = "anonymised"
            _anonymise(user)
        # No personal data: not the email address, not the name; the id only links the
        # entry to the entries written before.
        audit_log(actor=None, action="privacy.erasure", data={"user_id": user_id,
                                                              "account": outcome})
    return outcome
