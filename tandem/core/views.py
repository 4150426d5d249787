from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """For load balancers: 200 when the app can reach its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means "not healthy", never a stack trace
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


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
