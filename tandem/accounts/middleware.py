"""Middleware of accounts: the signed-in person's timezone."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone

from tandem.accounts.models import Profile


class UserTimezoneMiddleware:
    """Shows dates and times in the signed-in person's own timezone (from their profile);
    anonymous pages stay in UTC."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
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
