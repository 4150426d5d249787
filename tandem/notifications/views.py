from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.errors import DomainError
from tandem.notifications import selectors, services
from tandem.notifications.models import (
    DAILY_DIGEST,
    TOPICS,
    WEEKLY,
    EmailMode,
    Group,
)
from tandem.notifications.permissions import access_notification

PER_PAGE = 30
STATUSES = {"": None, "unread": True, "read": False}


def _plural(count: int, word: str = "notification") -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


@login_required
def notification_list(request):
    """The notification center: everything, by type and read state, newest first."""
    group, status = request.GET.get("type", ""), request.GET.get("status", "")
    errors = []
    if group not in ("", *Group.values):
        errors.append("Unknown type: choose one from the list.")
        group = ""
    if status not in STATUSES:
        errors.append("Show all, unread or read notifications.")
        status = ""
    rows = selectors.notifications_of(request.user, group=group or None,
                                      unread=STATUSES[status])
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    groups = selectors.unread_by_group(request.user)
    return render(request, "notifications/list.html", {
        "page": page,
        "groups": groups,
        "type": group,
        "type_label": next((g["label"] for g in groups if g["value"] == group), ""),
        "status": status,
        "filtered": bool(group or status),
        "errors": errors,
        "here": request.get_full_path(),
    }, status=400 if errors else 200)


def _back(request):
    """To the page the form was on (the same filter and page), or the center."""
    target = request.POST.get("next", "")
    if target.startswith("/notifications/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@login_required
def notification_open(request, notification_id: int):
    """Mark one notification read and go where it points."""
    notification = access_notification(request.user, notification_id, write=True)
    services.notification_mark_read(actor=request.user, notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read(request, notification_id: int):
    notification = access_notification(request.user, notification_id, write=True)
    services.notification_mark_read(actor=request.user, notification=notification)
    messages.success(request, "Marked read.")
    return _back(request)


@login_required
@require_POST
def notification_unread(request, notification_id: int):
    notification = access_notification(request.user, notification_id, write=True)
    services.notification_mark_unread(actor=request.user, notification=notification)
    messages.success(request, "Marked unread.")
    return _back(request)


@login_required
@require_POST
def notification_read_all(request):
    """Mark all read, or all of one type (the filter the page showed)."""
    try:
        count = services.notifications_mark_all_read(actor=request.user,
                                                     group=request.POST.get("type") or None)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Marked {_plural(count)} read.")
    return _back(request)


WEEKLY_CHOICES = [("on", "Send it"), ("off", "Off")]


@login_required
def email_preferences(request):
    """Settings → Email notifications: per type right away, in a daily digest or off,
    and the weekly summary on or off."""
    current = services.email_settings_of(request.user)
    status, errors = 200, {}
    if request.method == "POST":
        modes = {group: request.POST[group] for group in Group.values if request.POST.get(group)}
        weekly = request.POST.get("weekly_digest")
        try:
            # Anything but on/off reaches the service as text, which names the field.
            services.email_preferences_set(
                actor=request.user, modes=modes,
                weekly_digest={"on": True, "off": False}.get(weekly, weekly))
        except DomainError as exc:
            errors.update({e["field"]: e["message"] for e in exc.errors if e.get("field")})
            messages.error(request, exc.message)
            status = 400
            current = {**current, **{g: m for g, m in modes.items() if g in Group.values}}
        else:
            messages.success(request, "Your email preferences are saved.")
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {
        "rows": [(group, label, current[group], errors.get(group))
                 for group, label in Group.choices],
        "modes": EmailMode.choices,
        "weekly": "on" if current["weekly_digest"] is True else "off",
        "weekly_choices": WEEKLY_CHOICES,
        "weekly_error": errors.get("weekly_digest"),
    }, status=status)


# Mail clients post RFC 8058 one-click unsubscribes without a CSRF token or a session; the
# signed token in the URL is the proof, and it can only turn an email type off.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, unsubscribe_token: str):
    """GET: a page asking to confirm (link checkers open links, so GET changes nothing).
    POST: from that page's button, or a mail client's one-click: that type is turned off."""
    try:
        user, topic = services.unsubscribe_target(unsubscribe_token)
    except DomainError as exc:
        return render(request, "notifications/unsubscribe.html",
                      {"invalid": exc.message}, status=400)
    context = {"topic": topic, "topic_label": TOPICS[topic], "weekly": topic == WEEKLY,
               "daily": topic == DAILY_DIGEST}
    if request.method == "POST":
        groups = services.email_unsubscribe(user=user, topic=topic)
        context.update(done=True, groups=[label for g, label in Group.choices if g in groups])
    return render(request, "notifications/unsubscribe.html", context)
