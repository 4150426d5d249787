"""The pages the load test visits (bench/load/locustfile.py), for the scripts and tests that
look at what they cost: bench/page_queries.py (query counts at 10,000 and 100,000 people)
and tests/test_explain_postgres.py (no sequential scan of a large table). Keep this list
in step with the locustfile's tasks."""

from __future__ import annotations


def load_test_pages(relationship_id: int) -> list[tuple[str, str, dict]]:
    """(name, URL, extra request headers) of every page a signed-in person visits in the
    load test, for someone in mentorship ``relationship_id``."""
    rel = relationship_id
    return [
        ("dashboard", "/", {}),
        ("directory search", "/mentors/?q=python", {}),
        ("directory search (filters)",
         "/mentors/?q=python&language=en&has_free_places=on&overlaps_mine=on", {}),
        ("mentorship", f"/mentorships/{rel}/", {}),
        ("meetings", f"/mentorships/{rel}/meetings/", {}),
        ("my goals", "/goals/", {}),
        ("mentorship goals", f"/mentorships/{rel}/goals/", {}),
        ("feedback", f"/mentorships/{rel}/feedback/", {}),
        ("progress reports", f"/mentorships/{rel}/reports/", {}),
        ("timeline", f"/mentorships/{rel}/timeline/", {}),
        ("notifications", "/notifications/", {}),
        ("API: me", "/api/me", {}),
        ("API: mentorships", "/api/mentorships", {}),
        ("API: meetings", f"/api/mentorships/{rel}/meetings", {}),
        ("API: directory search", "/api/directory/mentors?q=python", {}),
    ]
