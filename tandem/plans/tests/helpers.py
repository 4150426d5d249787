"""Shared set-up for the plan tests: Mia (mentee) mentored by Marta, with real services."""

from __future__ import annotations

from tandem.mentorships.services import request_accept, request_create
from tandem.plans import services


def mentorship(personas, mentee=None, mentor=None):
    mentee = mentee or personas.mentee
    mentor = mentor or personas.mentor
    req = request_create(actor=mentee, mentor=mentor, message="Please mentor me.")
    return request_accept(actor=mentor, request=req)


def item(rel, *, actor=None, title="System design", kind="knowledge", current=2, target=4,
         goal=None):
    goal = goal or rel.mentee.career_goals.first()
    return services.item_add(actor=actor or rel.mentor, relationship=rel, goal_id=goal.pk,
                             kind=kind, title=title, description="Why it matters.",
                             current_level=current, target_level=target)
