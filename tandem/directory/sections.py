"""What the directory adds to the dashboard: "Suggested for you" and "Find a mentor", for
mentees who have no mentor yet."""

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


def dashboard_section(*, viewer, home=None) -> list[dict]:
    """While the viewer has no mentor (no active or paused mentorship as the mentee):
    "Suggested for you" and the way to the directory. Someone who only mentors, or a
    coordinator or staff member with no role of their own, gets neither. No query of its
    own for someone who is not a mentee (the home has their relationships and profile)."""
    from tandem.core.sections import STATUS
    from tandem.mentorships.models import Relationship
    from tandem.mentorships.selectors import relationships_for_home

    if any(r.mentee_id == viewer.pk and r.state in Relationship.OPEN_STATES
           for r in relationships_for_home(viewer, home)):
        return []
    cards = []
    loaded = getattr(viewer, "profile", None) if home is not None else None
    section = (None if loaded is not None and not loaded.is_mentee
               else suggestions_section(viewer=viewer, on_dashboard=True))
    if section is not None:
        cards.append({**section, "roles": ["mentee"], "urgency": STATUS - 5})
    profile = getattr(viewer, "profile", None)  # the home has loaded it
    if profile is None:
        return cards
    no_role = not (profile.is_mentee or profile.is_mentor)
    if profile.is_mentee or (no_role and not (viewer.is_coordinator or viewer.is_staff)):
        cards.append({"template": "directory/partials/dashboard_find.html",
                      "roles": ["mentee"], "urgency": STATUS - 6})
    return cards
