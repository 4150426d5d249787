"""``{% program_header program "matching" %}``: the program's header (name, phase, key
figures) and its sub-navigation, the current tab marked. Every program page includes it,
the health app's dashboard and rules pages too, so their views need not know about it.
Coordinators' pages by default; ``coordinating=False`` gives a participant's header (no
figures, their own tabs)."""

from __future__ import annotations

from django import template
from django.urls import reverse

from tandem.programs import workspace

register = template.Library()


@register.inclusion_tag("programs/partials/workspace_header.html")
def program_header(program, current: str = "", *, coordinating: bool = True,
                   participant=None):
    if coordinating:
        tabs = workspace.COORDINATOR_TABS
    elif participant is not None:
        tabs = workspace.PARTICIPANT_TABS
    else:
        tabs = ()
    return {
        "program": program,
        "phase": workspace.phase(program),
        "figures": workspace.header_figures(program) if coordinating else None,
        "tabs": [{"label": t.label, "url": reverse(t.url_name, args=[program.pk]),
                  "current": t.key == current} for t in tabs],
    }
