from __future__ import annotations

from django.conf import settings

from tandem.core.audit import current_ip


def client_address(request) -> str | None:
    # Behind a trusted proxy the first X-Forwarded-For hop is the client; otherwise the
    # header is attacker-controlled and ignored.
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class ClientAddressMiddleware:
    """Makes the caller's address available to ``audit_log`` for this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
