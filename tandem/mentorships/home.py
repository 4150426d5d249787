"""What the signed-in person's home page shows, most urgent first.

Every app puts its cards on the home page through its ``dashboard_section`` hook
(``tandem.core.sections``); each card says how urgent it is and which roles it serves.
The home adds its own few cards (getting started, the profile, the record) and orders them all with ``core.sections.by_urgency``: a lead card first (a
coordinator's program status), then what waits on the person, then what comes up, then
how things stand. Whatever roles a person has, one list, so several roles mix by
urgency rather than by role.

The page costs a fixed, small number of queries: one query loads the profile with how
complete it is and the answers to every app's ``dashboard_probe`` (is there a request
waiting? a draft agreement? unread messages?), so a card with nothing to show runs no
query; and the cards share what several of them read (the person's relationships, their
agreements, their goals) through the page's :class:`~tandem.core.sections.Home`.
"""

from __future__ import annotations

from tandem.accounts.selectors import profile_completeness, profile_with_figures
from tandem.core.sections import (
    INFO,
    STATUS,
    Home,
    by_urgency,
    dashboard_probes,
    dashboard_sections,
    waiting,
)
from tandem.mentorships import onboarding


def roles_of(user, profile) -> list[str]:
    """The roles a person has, in the order the home names them."""
    return [name for name, has in (("mentee", profile.is_mentee), ("mentor", profile.is_mentor),
                                   ("coordinator", user.is_coordinator),
                                   ("staff", user.is_staff)) if has]


def home_context(request) -> dict:
    user = request.user
    probes = list(dashboard_probes(viewer=user).items())
    profile = profile_with_figures(user, **{f"probe_{i}": asked
                                            for i, (_name, asked) in enumerate(probes)})
    home = Home(user, {name: getattr(profile, f"probe_{i}")
                       for i, (name, _asked) in enumerate(probes)})
    user.profile = profile  # the apps' cards read it without loading it again
    completeness = profile_completeness(profile, goal_count=profile.goal_count)
    checklist = onboarding.checklist_to_show(
        request, profile, goal_count=profile.goal_count,
        asked_for_a_mentor=bool(home.probe("mentorships.asked")
                                or home.probe("mentorships.asked_rel")))
    roles = roles_of(user, profile)
    own = []
    if checklist:
        own.append({"template": "mentorships/partials/dashboard_onboarding.html",
                    "onboarding": checklist,
                    "urgency": waiting(len(checklist.steps) - checklist.done_count)})
    if completeness.missing and not checklist:
        own.append({"template": "mentorships/partials/dashboard_profile.html",
                    "completeness": completeness, "urgency": STATUS - 20})
    sections = dashboard_sections(viewer=user, home=home)
    own.append({"template": "mentorships/partials/dashboard_record.html",
                "profile": profile, "completeness": completeness, "urgency": INFO - 10})
    return {"profile": profile, "roles": roles, "several_roles": len(roles) > 1,
            "sections": by_urgency(sections + own)}
