"""The first steps a new person is shown on their dashboard, each ticked when done.

A mentee: say who they are, write their career goals, find a mentor. A mentor: say who they
are, then say how many mentees they can take and open themselves to requests (the goals step
is a mentee's: "a mentor will ask"). Someone who is both gets every step. Someone who has not
chosen yet gets the mentee's steps, and the profile step asks them to choose. Only the steps of the roles a
person has are listed: a coordinator or staff member who is neither mentee nor mentor is
asked only to say who they are (no role to choose, no goals, no mentor to find).

The checklist reads the profile and two counts; the dashboard passes what it has already
loaded (and whether they have asked a mentor) so showing it costs no query. It disappears once every step is
done, or when the person hides it (``Profile.onboarding_hidden_at``, on every device).
It lives in mentorships, beside the dashboard that shows it, because "find a mentor" is
done once the person has asked one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from tandem.accounts.models import Profile
from tandem.accounts.selectors import runs_the_community
from tandem.mentorships.selectors import has_asked_for_a_mentor


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    hint: str
    url: str
    link_text: str
    done: bool


@dataclass(frozen=True)
class Checklist:
    steps: list[Step]

    @property
    def done_count(self) -> int:
        return sum(1 for step in self.steps if step.done)

    @property
    def complete(self) -> bool:
        return self.done_count == len(self.steps)

    @property
    def next_step(self) -> Step | None:
        return next((step for step in self.steps if not step.done), None)


def profile_basics_done(profile: Profile, *, role_needed: bool = True) -> bool:
    return bool(profile.display_name and profile.headline and len(profile.bio) >= 40
                and (profile.is_mentee or profile.is_mentor or not role_needed))


def checklist_for(user, profile: Profile, *, goal_count: int,
                  asked_for_a_mentor: bool | None = None) -> Checklist:
    """``asked_for_a_mentor``: whether they have asked a mentor, when the caller knows
    (the home asks it with its other probes); else one query."""
    if runs_the_community(user) and not (profile.is_mentee or profile.is_mentor):
        return Checklist(steps=[Step(
            key="profile", title="Tell people who you are",
            hint="Your name, a headline and a few sentences about you and the programs you "
                 "run, so people know who they are talking to.",
            url=reverse("accounts:profile"), link_text="Edit your profile",
            done=profile_basics_done(profile, role_needed=False))])
    steps = [
        Step(
            key="profile",
            title="Tell people who you are",
            hint=("Your name, a headline, a few sentences about you, and whether you want "
                  "a mentor, to mentor, or both."),
            # Until the short set-up is answered (or skipped), it is the quicker way in.
            url=reverse("accounts:profile" if profile.welcomed_at else "accounts:welcome_roles"),
            link_text="Edit your profile" if profile.welcomed_at else "Answer the short set-up",
            done=profile_basics_done(profile),
        ),
    ]
    if profile.is_mentee or not profile.is_mentor:
        steps.append(Step(
            key="goals",
            title="Write down your career goals",
            hint=("What you want to achieve in the next year or two. A mentor will ask; "
                  "you choose which goals each mentor sees."),
            url=reverse("growth:goals"), link_text="Write your goals",
            done=goal_count > 0,
        ))
        steps.append(Step(
            key="find",
            title="Find a mentor and ask them",
            hint=("Search the directory or start from the mentors suggested for you, then "
                  "send a short request saying what you hope to learn."),
            url=reverse("directory:mentors"), link_text="Find a mentor",
            done=(has_asked_for_a_mentor(user) if asked_for_a_mentor is None
                  else bool(asked_for_a_mentor)),
        ))
    if profile.is_mentor:
        steps.append(Step(
            key="capacity",
            title="Say how many mentees you can take, and open to requests",
            hint=("Mentees only see you as available while you have free places and are "
                  "open to requests."),
            url=reverse("accounts:profile") + "#id_mentor_capacity",
            link_text="Set your capacity",
            done=profile.mentor_capacity > 0 and profile.open_to_requests,
        ))
    return Checklist(steps=steps)


def checklist_to_show(request, profile: Profile, *, goal_count: int,
                      asked_for_a_mentor: bool | None = None) -> Checklist | None:
    """The checklist for the dashboard, or None once it is complete or dismissed."""
    if profile.onboarding_hidden_at is not None:
        return None
    checklist = checklist_for(request.user, profile, goal_count=goal_count,
                              asked_for_a_mentor=asked_for_a_mentor)
    return None if checklist.complete else checklist
