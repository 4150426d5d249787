"""What the signed-in person's home page shows, most urgent first.

Every app puts its cards on the home page through its ``dashboard_section`` hook
(``tandem.core.sections``); each card says how urgent it is and which roles it serves.
The home adds its own few cards (getting started, the profile, the record) and orders them all with ``core.sections.by_urgency``: a lead card first (a
coordinator's program status), then what waits on the person, then what comes up, then
how things stand. Whatever roles a person has, one list, so several roles mix by
urgency rather than by role.
"""

from __future__ import annotations

from tandem.accounts.selectors import goals_of, profile_completeness, profile_of
from tandem.core.sections import INFO, STATUS, by_urgency, dashboard_sections, waiting
from tandem.mentorships import onboarding


def roles_of(user, profile) -> list[str]:
    """The roles a person has, in the order the home names them."""
    return [name for name, has in (("mentee", profile.is_mentee), ("mentor", profile.is_mentor),
                                   ("coordinator", user.is_coordinator),
                                   ("staff", user.is_staff)) if has]


def home_context(request) -> dict:
    user = request.user
    profile = profile_of(user)
    user.profile = profile  # the apps' cards read it without loading it again
    goals = list(goals_of(user))
    completeness = profile_completeness(profile, goal_count=len(goals))
    checklist = onboarding.checklist_to_show(request, profile, goal_count=len(goals))
    roles = roles_of(user, profile)
    own = []
    if checklist:
        own.append({"template": "mentorships/partials/dashboard_onboarding.html",
                    "onboarding": checklist,
                    "urgency": waiting(len(checklist.steps) - checklist.done_count)})
    if completeness.missing and not checklist:
        own.append({"template": "mentorships/partials/dashboard_profile.html",
                    "completeness": completeness, "urgency": STATUS - 20})
    sections = dashboard_sections(viewer=user)
    own.append({"template": "mentorships/partials/dashboard_record.html",
                "profile": profile, "completeness": completeness, "urgency": INFO - 10})
    return {"profile": profile, "roles": roles, "several_roles": len(roles) > 1,
            "sections": by_urgency(sections + own)}
