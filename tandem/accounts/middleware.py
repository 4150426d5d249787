"""Middleware of accounts: the signed-in person's timezone."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone


class UserTimezoneMiddleware:
    """Shows dates and times in the signed-in person's own timezone; anonymous pages stay
    in UTC. The zone is read from the user row, which the authentication middleware has
    loaded already (``User.timezone``, the profile's copy): no query of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            name = getattr(user, "timezone", "")
            try:
                timezone.activate(ZoneInfo(name or "UTC"))
            except (ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
