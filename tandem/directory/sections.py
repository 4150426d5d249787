"""What the directory adds to the dashboard: "Suggested for you", for mentees."""

from __future__ import annotations


def suggestions_section(*, viewer, on_dashboard: bool = True) -> dict | None:
    """The "Suggested for you" card, or None for someone not looking for a mentor."""
    # Imported here: the scorer brings numpy, scipy and scikit-learn, which need not load
    # with the URLconf (a process answers its first request sooner).
    from tandem.directory.suggestions import NOT_MENTEE, suggestions_for

    found = suggestions_for(viewer)
    if found.status == NOT_MENTEE:
        return None
    return {"template": "directory/partials/suggestions.html", "status": found.status,
            "items": found.items, "message": found.message, "missing": found.missing,
            "on_dashboard": on_dashboard}


def dashboard_section(*, viewer) -> dict | None:
    """"Suggested for you", while the viewer has no mentor (no active or paused
    mentorship as the mentee)."""
    from tandem.core.sections import STATUS
    from tandem.mentorships.models import Relationship

    if Relationship.objects.filter(mentee=viewer, state__in=Relationship.OPEN_STATES).exists():
        return None
    section = suggestions_section(viewer=viewer, on_dashboard=True)
    if section is not None:
        section.update(roles=["mentee"], urgency=STATUS - 5)
    return section
