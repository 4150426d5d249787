from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
def healthz(request):
    """For load balancers: 200 when the app can reach its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means "not healthy", never a stack trace
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


FAVICON = Path(__file__).resolve().parent.parent / "static" / "favicon.ico"


@require_safe
def favicon(request):
    """/favicon.ico, which browsers and monitors ask for whatever the page links to."""
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def attempt(request, call, *, done: str) -> bool:
    """Run ``call`` (a service write) for a page: on success flash ``done``, when the
    service refuses (a ``DomainError``) flash its message instead. True when it went
    through, so the view can choose where to send the person."""
    from django.contrib import messages

    from tandem.core.errors import DomainError

    try:
        call()
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, done)
    return True


@login_required
def audit_search(request):
    """Staff search the audit log: who did what to which object, when (UTC) and from
    where, 50 entries a page, newest first. Read only."""
    from django.core.paginator import Paginator
    from django.shortcuts import render

    from tandem.core import selectors
    from tandem.core.forms import AuditSearchForm
    from tandem.core.permissions import access_audit_log

    access_audit_log(request.user)
    form = AuditSearchForm(request.GET or None)
    status = 200
    entries: QuerySet[selectors.AuditEntry] = selectors.AuditEntry.objects.none()
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        values = {key: value for key, value in (form.cleaned_data if form.is_bound else {})
                  .items() if value not in (None, "")}
        entries = selectors.audit_search(selectors.AuditFilters(**values))
    page = Paginator(entries, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/audit_search.html",
                  {"form": form, "page": page, "query": query.urlencode()}, status=status)
