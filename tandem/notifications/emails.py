"""Every email Tandem sends about notifications goes through ``send``: text and HTML
parts, a one-line subject, and a signed unsubscribe link for its type, both in the footer
and as RFC 8058 one-click headers (``List-Unsubscribe`` and ``List-Unsubscribe-Post``)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from tandem.notifications.models import TOPICS


def unsubscribe_headers(url: str) -> dict:
    return {"List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def send(*, user, subject: str, template: str, context: dict, topic: str) -> None:
    """Render ``notifications/email/<template>.txt`` and ``.html`` and send them to
    ``user``. ``topic`` (a group, "daily" or "weekly") is what the unsubscribe link stops."""
    from tandem.notifications.services import unsubscribe_url

    link = unsubscribe_url(user, topic)
    context = {
        **context,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": link,
        "topic_label": TOPICS[topic],
        "settings_url": settings.SITE_URL + reverse("notifications:preferences"),
    }
    message = EmailMultiAlternatives(
        # One line whatever the text holds: a line break in a header would make Django
        # refuse the message (BadHeaderError).
        subject=f"[Tandem] {' '.join(subject.split())}",
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[user.email],
        headers=unsubscribe_headers(link),
    )
    message.attach_alternative(render_to_string(f"notifications/email/{template}.html",
                                                context), "text/html")
    message.send()
