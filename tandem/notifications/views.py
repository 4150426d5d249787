from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tandem.core.errors import DomainError
from tandem.notifications import selectors, services
from tandem.notifications.permissions import access_notification


@login_required
def notification_list(request):
    page = Paginator(selectors.notifications_of(request.user), 30).get_page(
        request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


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
def notification_read_all(request):
    count = services.notifications_mark_all_read(actor=request.user)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
    return redirect("notifications:list")


@login_required
def email_preferences(request):
    """Account → Email notifications: per group, email right away or in Tandem only."""
    from tandem.notifications.models import EmailMode, Group

    if request.method == "POST":
        modes = {group: request.POST.get(group) for group in Group.values
                 if request.POST.get(group)}
        try:
            services.email_preferences_set(actor=request.user, modes=modes)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Your email preferences are saved.")
            return redirect("notifications:preferences")
    current = selectors.email_preferences_of(request.user)
    return render(request, "notifications/preferences.html", {
        "rows": [(group, label, current[group]) for group, label in Group.choices],
        "modes": EmailMode.choices,
    })
