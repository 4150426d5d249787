"""Notifications: one in-app row per event and recipient, emailed by a background task
after the transaction that caused it has committed (or gathered into the person's daily
digest, see ``digests.py``). Also: read state, email preferences and the signed
unsubscribe links every email carries."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tandem.core.audit import audit_log
from tandem.core.cache import header_changed
from tandem.core.errors import ValidationFailed
from tandem.core.validation import reject_nul_characters
from tandem.notifications.models import (
    DAILY_DIGEST,
    TOPICS,
    WEEKLY,
    EmailMode,
    EmailPreference,
    EmailSettings,
    Group,
    Notification,
    group_of,
)


def email_mode(recipient, group: str) -> str:
    """The person's email mode for a group (right away unless they chose otherwise)."""
    mode = (EmailPreference.objects.filter(user=recipient, group=group)
            .values_list("mode", flat=True).first())
    return mode or EmailMode.IMMEDIATELY


def wants_email(recipient, kind: str) -> bool:
    """Whether a notification of ``kind`` is emailed at all (right away or in a digest)."""
    return email_mode(recipient, group_of(kind)) != EmailMode.OFF


def notify(*, recipient, kind: str, title: str, body: str = "", url: str = "",
           email: bool = True) -> Notification:
    """Tell ``recipient`` that something happened. Call inside the service's transaction:
    the row commits with the change, and the email is queued only if it does.

    Whether and when it is emailed follows the person's choice for the notification's
    group: right away (a task after commit), in the daily digest, or not at all.

    A second event of the same kind about the same page, while the first is still unread,
    refreshes that notification instead of adding another (and sends no second email):
    five quick edits to a draft are one thing to look at, not five.

    The title is one line (runs of whitespace, line breaks included, become one space):
    it is also an email's subject."""
    title = " ".join(title.split())
    group = group_of(kind)
    mode = email_mode(recipient, group) if email and recipient.is_active else EmailMode.OFF
    unread = Notification.objects.filter(recipient=recipient, kind=kind, url=url[:300],
                                         read_at__isnull=True).first()
    if unread is not None:
        unread.title, unread.body, unread.created_at = title[:200], body, timezone.now()
        fields = ["title", "body", "created_at", "updated_at"]
        queue = False
        already_emailed = unread.emailed_at is not None
        # Already emailed: what changed (a meeting moved again, the hour-before reminder)
        # is news the person must get too, so the updated text is emailed again.
        if mode == EmailMode.IMMEDIATELY and (already_emailed or unread.awaits_digest):
            unread.emailed_at, unread.awaits_digest, queue = None, False, True
            fields += ["emailed_at", "awaits_digest"]
        elif mode == EmailMode.DAILY and already_emailed:
            unread.emailed_at, unread.awaits_digest = None, True
            fields += ["emailed_at", "awaits_digest"]
        unread.save(update_fields=fields)
        if queue:
            _queue_email(unread)
        return unread
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, group=group, title=title[:200], body=body,
        url=url[:300], awaits_digest=mode == EmailMode.DAILY,
    )
    header_changed(recipient.pk)  # one more unread in the header's count
    if mode == EmailMode.IMMEDIATELY:
        _queue_email(notification)
    return notification


def _queue_email(notification: Notification) -> None:
    from tandem.notifications.tasks import send_notification_email

    transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk))


# --- Read state -----------------------------------------------------------------------


def notification_mark_read(*, actor, notification: Notification) -> Notification:
    if notification.read_at is None:
        if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
                read_at=timezone.now()):
            header_changed(notification.recipient_id)
        notification.refresh_from_db(fields=["read_at"])
    return notification


def notification_mark_unread(*, actor, notification: Notification) -> Notification:
    """Back to unread, to come back to it later. It is not emailed again."""
    if notification.read_at is not None:
        if Notification.objects.filter(pk=notification.pk, read_at__isnull=False).update(
                read_at=None):
            header_changed(notification.recipient_id)
        notification.refresh_from_db(fields=["read_at"])
    return notification


def check_group(group, *, field: str = "type") -> str | None:
    """"" or None: every group; otherwise one of Group's values."""
    if group in (None, ""):
        return None
    if not isinstance(group, str) or group not in Group.values:
        raise ValidationFailed(f"Unknown type: use one of {', '.join(Group.values)}.",
                               field=field)
    return group


def notifications_mark_all_read(*, actor, group: str | None = None) -> int:
    """Mark every unread notification read, or only those of one group (type)."""
    group = check_group(group)
    rows = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if group:
        rows = rows.filter(group=group)
    marked = rows.update(read_at=timezone.now())
    if marked:
        header_changed(actor.pk)
    return marked


# --- Email preferences ----------------------------------------------------------------


def email_preferences_set(*, actor, modes: dict, weekly_digest=None) -> dict:
    """Set how each group of notifications is emailed: {"meetings": "daily", ...}, and
    whether the weekly summary is sent. Groups left out (and ``weekly_digest=None``) keep
    their setting. Returns every group's mode and ``weekly_digest``."""
    reject_nul_characters({str(k): v for k, v in modes.items()})
    errors = [{"field": str(group),
               "message": f"Unknown type: use one of {', '.join(Group.values)}."}
              for group in modes if group not in Group.values]
    errors += [{"field": group, "message": f"Use one of {', '.join(EmailMode.values)}."}
               for group, mode in modes.items()
               if group in Group.values and (not isinstance(mode, str)
                                             or mode not in EmailMode.values)]
    if weekly_digest is not None and not isinstance(weekly_digest, bool):
        errors.append({"field": "weekly_digest", "message": "Use true or false."})
    if errors:
        raise ValidationFailed(errors[0]["message"], field=errors[0]["field"], errors=errors)
    with transaction.atomic():
        for group, mode in modes.items():
            EmailPreference.objects.update_or_create(user=actor, group=group,
                                                     defaults={"mode": mode})
        _drop_from_digest(actor, [g for g, mode in modes.items() if mode == EmailMode.OFF])
        changed = sorted(modes)
        if weekly_digest is not None:
            EmailSettings.objects.update_or_create(user=actor,
                                                   defaults={"weekly_digest": weekly_digest})
            changed.append(WEEKLY)
        audit_log(actor=actor, action="notifications.preferences.updated", target=actor,
                  data={"groups": changed})
    return email_settings_of(actor)


def _drop_from_digest(user, groups: list[str]) -> None:
    """A group turned off: what was waiting for the digest is no longer emailed."""
    if groups:
        Notification.objects.filter(recipient=user, group__in=groups, awaits_digest=True,
                                    emailed_at__isnull=True).update(awaits_digest=False)


def email_settings_of(user) -> dict:
    from tandem.notifications.selectors import email_preferences_of, weekly_digest_on

    return {**email_preferences_of(user), "weekly_digest": weekly_digest_on(user)}


# --- Unsubscribe links ----------------------------------------------------------------

UNSUBSCRIBE_SALT = "tandem.notifications.unsubscribe"
MAX_TOKEN_LENGTH = 300
INVALID_LINK = ("This unsubscribe link is not valid: it may have been cut short or changed. "
                "Open Settings → Email notifications in Tandem to choose what is emailed.")


def unsubscribe_token(user, topic: str) -> str:
    """A signed token naming the person and the email type. It does not expire: an email
    read months later must still let its reader stop that kind of email."""
    if topic not in TOPICS:
        raise ValueError(f"unknown email type {topic!r}")
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"u": user.pk, "t": topic})


def unsubscribe_url(user, topic: str) -> str:
    from django.conf import settings

    return settings.SITE_URL + reverse("notifications:unsubscribe",
                                       args=[unsubscribe_token(user, topic)])


def unsubscribe_target(token) -> tuple:
    """(user, topic) from a token, or ValidationFailed (field "token") if it was tampered
    with, names an unknown type, or its account is gone."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        raise ValidationFailed(INVALID_LINK, field="token")
    try:
        data = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        raise ValidationFailed(INVALID_LINK, field="token") from None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) \
            or data.get("t") not in TOPICS:
        raise ValidationFailed(INVALID_LINK, field="token")
    user = get_user_model().objects.filter(pk=data["u"], is_active=True).first()
    if user is None:
        raise ValidationFailed("This link belongs to an account that no longer exists.",
                               field="token")
    return user, data["t"]


def email_unsubscribe(*, user, topic: str) -> list[str]:
    """Stop one type of email: a group (set to off), the weekly summary, or the daily
    digest (every group now collected in it set to off). Returns the groups turned off.
    Signed by the link, not a session, so ``user`` is its own actor."""
    if topic not in TOPICS:
        raise ValidationFailed(INVALID_LINK, field="token")
    with transaction.atomic():
        if topic == WEEKLY:
            EmailSettings.objects.update_or_create(user=user, defaults={"weekly_digest": False})
            groups = []
        else:
            if topic == DAILY_DIGEST:
                groups = list(EmailPreference.objects.filter(user=user, mode=EmailMode.DAILY)
                              .values_list("group", flat=True))
            else:
                groups = [topic]
            for group in groups:
                EmailPreference.objects.update_or_create(user=user, group=group,
                                                         defaults={"mode": EmailMode.OFF})
            _drop_from_digest(user, groups)
        audit_log(actor=user, action="notifications.email.unsubscribed", target=user,
                  data={"type": topic, "groups": sorted(groups)})
    return groups
