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


# --- Installable on a phone: the web app manifest, the service worker, the offline page ---

# Tandem's colours (tandem/static/css/tandem.css: --brand and --bg).
THEME_COLOR = "#0b5cad"
BACKGROUND_COLOR = "#f7f8fa"
# Raise when sw.js changes what it caches or how: the old caches are then deleted.
SHELL_VERSION = 1
ICONS = [
    ("icons/icon-192.png", "192x192", "any"),
    ("icons/icon-512.png", "512x512", "any"),
    ("icons/icon-maskable-512.png", "512x512", "maskable"),
]


def _shell() -> list[str]:
    """What the service worker keeps: the offline page and what it and every page load.
    Static addresses carry their content hash in production, so a new release gives
    new addresses, a new cache name and a new service worker."""
    from django.templatetags.static import static
    from django.urls import reverse

    return [reverse("offline"), static("css/tandem.css"), static("vendor/htmx-2.min.js"),
            static("js/sw-register.js"), static("favicon.svg"),
            *(static(path) for path, _, _ in ICONS)]


@require_safe
def manifest(request):
    """/manifest.webmanifest: what a phone needs to install Tandem on its home screen."""
    from django.templatetags.static import static
    from django.urls import reverse

    home = reverse("home")
    data = {
        "name": "Tandem",
        "short_name": "Tandem",
        "description": "Open-source mentorship: requests, meetings, goals and messages.",
        "id": home,
        "start_url": home,
        "scope": home,
        "display": "standalone",
        "lang": "en",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [{"src": static(path), "sizes": sizes, "type": "image/png", "purpose": purpose}
                  for path, sizes, purpose in ICONS],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def service_worker(request):
    """/sw.js. Served by Django at the site's root (not under /static/): a service worker
    only controls the pages under its own address. Never cached by HTTP, so a release
    reaches the browsers on their next page load."""
    import hashlib
    import json

    from django.template.loader import render_to_string
    from django.urls import reverse

    shell = _shell()
    digest = hashlib.sha256(json.dumps([SHELL_VERSION, shell]).encode()).hexdigest()[:12]
    body = render_to_string("core/sw.js", {
        "cache_name": json.dumps(f"tandem-shell-{SHELL_VERSION}-{digest}"),
        "shell": json.dumps(shell),
        "offline_url": json.dumps(shell[0]),
    })
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = reverse("home")
    return response


@require_safe
def offline(request):
    """The page the service worker shows when there is no connection. The same for
    everyone (it is cached in the browser): it names no one."""
    from django.shortcuts import render

    return render(request, "core/offline.html", {"theme_color": THEME_COLOR})
