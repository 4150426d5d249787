from __future__ import annotations

import ipaddress

from django.conf import settings

from tandem.core.audit import current_ip


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
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


class UserTimezoneMiddleware:
    """Shows dates and times in the signed-in person's own timezone (from their profile);
    anonymous pages stay in UTC."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        from django.utils import timezone

        from tandem.accounts.models import Profile

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            name = Profile.objects.filter(user=user).values_list("timezone", flat=True).first()
            try:
                timezone.activate(ZoneInfo(name or "UTC"))
            except (ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
