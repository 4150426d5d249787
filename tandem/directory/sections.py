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
    return suggestions_section(viewer=viewer, on_dashboard=True)
