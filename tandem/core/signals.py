"""Security events written to the audit log from Django's and allauth's signals: sign-ins
(and failed ones), sign-outs, two-factor changes, password and email changes, and role
changes of a person however they are made (the admin, a shell, a service)."""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from tandem.core.audit import audit_log, request_actor

ROLE_FIELDS = ("is_staff", "is_superuser", "is_coordinator", "is_active")


def _login_of(credentials: dict) -> str:
    # Only the identifier someone typed; Django has already masked the password, and
    # nothing else from the form is kept.
    for key in ("email", "username", "login"):
        value = credentials.get(key)
        if isinstance(value, str):
            return value.strip().lower()[:254]
    return ""


@receiver(user_logged_in, dispatch_uid="tandem.audit.logged_in")
def on_logged_in(sender, request, user, **kwargs):
    from tandem.core.middleware import LOGIN_AT, SEEN_AT

    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[LOGIN_AT] = now
        session[SEEN_AT] = now
    audit_log(actor=user, action="accounts.login.succeeded", target=user)


@receiver(user_login_failed, dispatch_uid="tandem.audit.login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    audit_log(actor=None, action="accounts.login.failed",
              data={"login": _login_of(credentials or {})})


@receiver(user_logged_out, dispatch_uid="tandem.audit.logged_out")
def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_log(actor=user, action="accounts.logout", target=user)


@receiver(pre_save, dispatch_uid="tandem.audit.roles_before")
def remember_roles(sender, instance, update_fields=None, **kwargs):
    if sender is not get_user_model() or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(ROLE_FIELDS):
        return  # e.g. last_login on every sign-in: no extra query
    before = sender.objects.filter(pk=instance.pk).values(*ROLE_FIELDS).first()
    instance._tandem_roles_before = before


@receiver(post_save, dispatch_uid="tandem.audit.roles_after")
def audit_role_change(sender, instance, created, **kwargs):
    if sender is not get_user_model() or created:
        return
    before = instance.__dict__.pop("_tandem_roles_before", None)
    if not before:
        return
    changes = {field: [before[field], getattr(instance, field)] for field in ROLE_FIELDS
               if before[field] != getattr(instance, field)}
    if changes:
        audit_log(actor=request_actor(), action="accounts.user.roles_changed",
                  target=instance, data=changes)


def connect_allauth() -> None:
    """allauth's own signals; connected from CoreConfig.ready once its apps are loaded."""
    from allauth.account import signals as account
    from allauth.mfa import signals as mfa

    def on_password_changed(sender, request, user, **kwargs):
        audit_log(actor=user, action="accounts.password.changed", target=user)

    def on_password_reset(sender, request, user, **kwargs):
        audit_log(actor=user, action="accounts.password.reset", target=user)

    def on_email_changed(sender, request, user, from_email_address, to_email_address,
                         **kwargs):
        audit_log(actor=user, action="accounts.email.changed", target=user)

    def on_authenticator_added(sender, request, user, authenticator, **kwargs):
        audit_log(actor=user, action="accounts.2fa.added", target=user,
                  data={"type": authenticator.type})

    def on_authenticator_removed(sender, request, user, authenticator, **kwargs):
        from tandem.core.middleware import TWO_FACTOR_OK

        session = getattr(request, "session", None)
        if session is not None:
            session.pop(TWO_FACTOR_OK, None)
        audit_log(actor=user, action="accounts.2fa.removed", target=user,
                  data={"type": authenticator.type})

    def on_2fa_failed(sender, request, user, **kwargs):
        audit_log(actor=None, action="accounts.login.2fa_failed", target=user)

    account.password_changed.connect(on_password_changed, weak=False,
                                     dispatch_uid="tandem.audit.password_changed")
    account.password_reset.connect(on_password_reset, weak=False,
                                   dispatch_uid="tandem.audit.password_reset")
    account.email_changed.connect(on_email_changed, weak=False,
                                  dispatch_uid="tandem.audit.email_changed")
    mfa.authenticator_added.connect(on_authenticator_added, weak=False,
                                    dispatch_uid="tandem.audit.2fa_added")
    mfa.authenticator_removed.connect(on_authenticator_removed, weak=False,
                                      dispatch_uid="tandem.audit.2fa_removed")
    mfa.authentication_failed.connect(on_2fa_failed, weak=False,
                                      dispatch_uid="tandem.audit.2fa_failed")
