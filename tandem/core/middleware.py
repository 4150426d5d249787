from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from tandem.core.audit import audit_log, current_ip, current_request, denials


def _valid_ip(value: str | None) -> str | None:
    """The address in canonical form, or None when ``value`` is not one (the audit log's
    column is an IP address type on PostgreSQL: storing anything else would fail)."""
    try:
        address = ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None
    if getattr(address, "scope_id", None):  # "fe80::1%eth0": not storable as inet
        return None
    return str(address)


def client_address(request) -> str | None:
    # Behind a trusted proxy, the last X-Forwarded-For entry is the one that proxy
    # appended: the address it saw. Earlier entries come from the client and may be
    # anything. Without a proxy the header is attacker-controlled and ignored.
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            address = _valid_ip(forwarded.split(",")[-1])
            if address is not None:
                return address
    return _valid_ip(request.META.get("REMOTE_ADDR"))


class ClientAddressMiddleware:
    """Makes the caller's address available to ``audit_log`` for this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_address(request))
        request_token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(request_token)
            current_ip.reset(token)


class AuditDenialsMiddleware:
    """Writes a permission denial to the audit log: a request answered 404 or 403 because
    an ``access_*`` check raised ``NotFound`` or ``Forbidden`` (pages and API alike).
    A 404 for an address that matches no route is not logged, so probing random URLs
    does not flood the log; asking for another person's object by its id is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raised: list[str] = []
        token = denials.set(raised)
        try:
            response = self.get_response(request)
        finally:
            denials.reset(token)
        if raised and response.status_code in (403, 404):
            _audit_denial(request, response.status_code)
        return response


def _audit_denial(request, status: int) -> None:
    match = getattr(request, "resolver_match", None)
    ids = {key: str(value)[:64] for key, value in (match.kwargs if match else {}).items()}
    target_type = target_id = ""
    for key, value in ids.items():
        if key.endswith("_id"):
            target_type, target_id = key[:-3], value
    audit_log(
        actor=getattr(request, "user", None),
        action="access.forbidden" if status == 403 else "access.not_found",
        target_type=target_type,
        target_id=target_id,
        data={"method": request.method, "path": request.path[:300],
              "route": match.view_name if match else "", "ids": ids},
    )


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


API_ERROR_DETAILS = {
    400: "Bad request.",
    403: "Forbidden.",
    404: "Not found.",
    405: "Method not allowed.",
    413: "The body is too large.",
    500: "Server error.",
}


class ApiJsonErrorsMiddleware:
    """Every answer under /api/ has the API's JSON error shape, also those no operation
    wrote: an unknown path (Django's 404 page), a method the path does not have (405,
    with its Allow header), or any other HTML error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (not _is_api(request) or response.status_code < 400
                or response.get("Content-Type", "").startswith("application/json")):
            return response
        status = response.status_code
        detail = API_ERROR_DETAILS.get(status) or API_ERROR_DETAILS[500 if status >= 500 else 400]
        allow = response.get("Allow")
        if status == 405 and allow:
            detail = f"Method not allowed: use {allow.replace(',', ', ').replace('  ', ' ')}."
        json_response = JsonResponse({"detail": detail, "errors": []}, status=status)
        if allow:
            json_response["Allow"] = allow
        return json_response


class FormTextMiddleware:
    """A multipart form may declare its own charset, and Django decodes its fields with it:
    UTF-7 or unicode_escape can yield lone surrogates, which no page can be encoded with
    and no database can store. Each such value is replaced, before any view, by an
    ``UnstorableText`` (U+FFFD in the surrogate's place): every text field refuses it with
    an error that names the field (``tandem.core.forms``), and the page that shows the
    form again can be sent. (A URL-encoded form is always read as UTF-8 with errors
    replaced, so only multipart needs this.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (request.method not in ("GET", "HEAD", "OPTIONS")
                and request.content_type == "multipart/form-data" and not _is_api(request)):
            self._scrub(request)
        return self.get_response(request)

    @staticmethod
    def _scrub(request) -> None:
        from tandem.core.validation import UnstorableText, has_surrogate

        # A form Django cannot read (too large, malformed) raises here as it would in
        # the CSRF check that reads it next, and gets the same 400.
        data = request.POST
        if any(has_surrogate(key) or any(has_surrogate(v) for v in values
                                         if isinstance(v, str))
               for key, values in data.lists()):
            clean = data.copy()
            clean.clear()
            for key, values in data.lists():
                safe = UnstorableText.of(key) if has_surrogate(key) else key
                clean.setlist(safe, [UnstorableText.of(v) if isinstance(v, str)
                                     and has_surrogate(v) else v for v in values])
            clean._mutable = False
            request.POST = clean
        for upload in request.FILES.values():
            if upload.name and has_surrogate(upload.name):
                upload.name = str(UnstorableText.of(upload.name))


class PrivateNoStoreMiddleware:
    """``Cache-Control: no-store`` (and ``private``) on every page served to a signed-in
    person and on every API answer, so no shared cache or browser history keeps a copy
    of someone's private pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if _is_api(request) or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response


LOGIN_AT = "tandem.login_at"
SEEN_AT = "tandem.seen_at"
# The last-seen time is written at most this often, so an active session is not saved
# on every request.
SEEN_RESOLUTION = 60


class SessionTimeoutMiddleware:
    """Signs a person out after ``TANDEM_SESSION_IDLE_MINUTES`` without a request, and
    ``TANDEM_SESSION_MAX_HOURS`` after they signed in whatever they do. The session is
    flushed on the server (its old cookie opens nothing); the request goes on as an
    anonymous one, so a page behind login sends them to sign in again. API calls with a
    personal access token have no session and are not affected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            self._check(request, session)
        return self.get_response(request)

    def _check(self, request, session) -> None:
        now = int(time.time())
        login_at = session.get(LOGIN_AT)
        seen_at = session.get(SEEN_AT)
        idle = settings.TANDEM_SESSION_IDLE_MINUTES * 60
        longest = settings.TANDEM_SESSION_MAX_HOURS * 3600
        reason = None
        if login_at is not None and now - login_at > longest:
            reason = "max_age"
        elif seen_at is not None and now - seen_at > idle:
            reason = "idle"
        if reason is None:
            if login_at is None:
                session[LOGIN_AT] = now
            if seen_at is None or now - seen_at >= SEEN_RESOLUTION:
                session[SEEN_AT] = now
            return
        from django.contrib import messages
        from django.contrib.auth import logout

        user = request.user
        audit_log(actor=user, action="accounts.session.expired", target=user,
                  data={"reason": reason})
        logout(request)
        if not _is_api(request):
            messages.info(request, "You were signed out after a while without activity. "
                          "Please sign in again." if reason == "idle" else
                          "Your session has ended. Please sign in again.")


TWO_FACTOR_OK = "tandem.2fa_ok"
# Pages a coordinator or staff member without two-factor authentication may still open.
TWO_FACTOR_SETUP_ROUTES = {
    "mfa_index", "mfa_activate_totp", "mfa_reauthenticate", "mfa_authenticate",
    "mfa_generate_recovery_codes", "mfa_view_recovery_codes", "mfa_download_recovery_codes",
    "account_logout", "account_reauthenticate", "account_login", "healthz",
    # What the browser fetches by itself and holds no one's data: the icon, the web app
    # manifest, the service worker and its offline page.
    "favicon", "manifest", "service_worker", "offline",
}


def needs_two_factor(user) -> bool:
    return bool(getattr(settings, "TANDEM_REQUIRE_2FA_FOR_STAFF", True)
                and user.is_authenticated and (user.is_staff or user.is_superuser
                                               or getattr(user, "is_coordinator", False)))


def has_two_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireTwoFactorMiddleware:
    """Coordinators and staff (who see other people's figures, freeze accounts and run
    the admin) must turn on an authenticator app before any other page: until they do,
    every page sends them to set it up, and the API (with their session) answers 403.
    Personal access tokens are not affected. Once found, the answer is kept in the
    session; removing the authenticator clears it (tandem.core.signals)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not needs_two_factor(user):
            return None
        session = request.session
        if session.get(TWO_FACTOR_OK):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in TWO_FACTOR_SETUP_ROUTES:
            return None
        if has_two_factor(user):
            session[TWO_FACTOR_OK] = True
            return None
        if _is_api(request):
            return JsonResponse({"detail": "Turn on two-factor authentication first.",
                                 "errors": []}, status=403)
        from django.contrib import messages

        messages.warning(request, "Coordinators and staff must use two-factor "
                         "authentication. Set up an authenticator app to continue.")
        return redirect("mfa_activate_totp")
