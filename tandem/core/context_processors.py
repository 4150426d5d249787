"""The header's "you are here": which top-level part of the site a page belongs to.

It is read from the path's first segment, not from the view's app, because the pages of
one part come from several apps: a mentorship's meetings, feedback and goals live under
/mentorships/<id>/ but belong to meetings, feedback and growth; a program's dashboard is
health's page under /programs/<id>/. No query.

The prefixes are URL paths, the site's public addresses, not app names: core imports no
app, and a page that moves keeps its address (tandem/core/tests/test_navigation_section.py
and tandem/programs/tests/test_context_processor.py check the header's marks)."""

from __future__ import annotations

# First path segment -> the header entry it belongs to.
SECTIONS = {
    "mentors": "find", "people": "find",
    "mentorships": "mentorships",
    "requests": "requests",
    "programs": "programs",
    "circles": "circles",
}


def navigation(request) -> dict:
    first = request.path.lstrip("/").split("/", 1)[0]
    return {"nav_section": SECTIONS.get(first, "")}
