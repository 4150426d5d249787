"""Pages: "Your data" (download everything as JSON, or the record as Markdown) and the
account deletion page with its explanation and confirmation."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tandem.core.errors import ValidationFailed
from tandem.core.forms import apply_errors
from tandem.privacy import services
from tandem.privacy.forms import EraseForm


@never_cache
@login_required
@require_safe
def data_page(request):
    return render(request, "privacy/data.html", {})


def export_response(document: dict) -> HttpResponse:
    body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="tandem-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def export_download(request):
    # POST: a download that writes an audit entry is not something a link prefetch or a
    # crawler should trigger.
    return export_response(services.export_build(actor=request.user))


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def erase(request):
    form = EraseForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.account_erase(actor=request.user,
                                   confirmation=form.cleaned_data["confirmation"])
        except ValidationFailed as exc:
            apply_errors(form, exc)
            status = 400
        else:
            logout(request)
            messages.success(request, "Your account has been deleted. Thank you for having "
                                      "been part of Tandem.")
            return redirect("account_login")
    elif request.method == "POST":
        status = 400
    return render(request, "privacy/erase.html", {"form": form}, status=status)
