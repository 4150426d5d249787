from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from tandem.core.errors import ValidationFailed
from tandem.core.markdown import render_markdown
from tandem.core.sections import timeline_kinds
from tandem.mentorships.permissions import access_relationship
from tandem.record import selectors


@login_required
@require_safe
def timeline(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    error = ""
    try:
        kinds = selectors.parse_kinds(request.GET.getlist("kind"))
    except ValidationFailed as exc:
        error, kinds = exc.message, set()
    events = selectors.timeline_for(viewer=request.user, relationship=rel, kinds=kinds)
    labels = timeline_kinds()
    return render(request, "record/timeline.html", {
        "rel": rel, "other": rel.other_party(request.user),
        "events": [(event, labels.get(event.kind, event.kind)) for event in events],
        "kinds": [(key, label, key in kinds) for key, label in labels.items()],
        "filtered": bool(kinds), "error": error,
    }, status=400 if error else 200)


@login_required
@require_safe
def record_page(request):
    document = selectors.record_document(user=request.user)
    return render(request, "record/record.html", {
        "html": mark_safe(render_markdown(document, whole_document=True)),  # noqa: S308  # nosec B308 B703: sanitised by nh3
    })


@login_required
@require_safe
def record_markdown(request):
    document = selectors.record_document(user=request.user)
    response = HttpResponse(document, content_type="text/markdown; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="tandem-record-{stamp}.md"'
    response["Cache-Control"] = "no-store"
    return response
