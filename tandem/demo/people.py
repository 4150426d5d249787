"""Demo data: about 40 varied people and the fixed demo logins, made through the real
services so the demo shows exactly what a user would have made."""

from __future__ import annotations

import random
import unicodedata

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from tandem.accounts.models import User
from tandem.accounts.services import (
    availability_replace,
    profile_update,
    user_create,
)
from tandem.growth.services import goal_create

# (timezone, languages beyond English, sample names)
REGIONS = [
    ("Europe/London", [], ["Amelia Hughes", "Oliver Bennett", "Priya Raman"]),
    ("Europe/Berlin", ["de"], ["Lena Fischer", "Jonas Weber", "Mehmet Yilmaz"]),
    ("Europe/Madrid", ["es", "ca"], ["Lucía Martín", "Pau Serra"]),
    ("Europe/Warsaw", ["pl"], ["Zofia Nowak", "Piotr Kowalczyk"]),
    ("Africa/Lagos", ["yo", "ig"], ["Chiamaka Okafor", "Tunde Adeyemi", "Ngozi Eze"]),
    ("Africa/Nairobi", ["sw"], ["Wanjiru Kamau", "Otieno Odhiambo"]),
    ("Asia/Kolkata", ["hi", "ta"], ["Ananya Iyer", "Rohan Mehta", "Kavya Nair"]),
    ("Asia/Tokyo", ["ja"], ["Haruto Sato", "Yui Tanaka"]),
    ("Asia/Singapore", ["zh", "ms"], ["Wei Ling Tan", "Arjun Pillai"]),
    ("Australia/Sydney", [], ["Charlotte Nguyen", "Jack Thompson"]),
    ("America/New_York", ["es"], ["Maya Johnson", "Daniel Rivera", "Aisha Brooks"]),
    ("America/Chicago", [], ["Ethan Miller", "Grace Kim"]),
    ("America/Los_Angeles", ["zh", "vi"], ["Sofia Chen", "Minh Tran", "Noah Garcia"]),
    ("America/Sao_Paulo", ["pt"], ["Beatriz Souza", "Rafael Lima", "Camila Alves"]),
    ("America/Mexico_City", ["es"], ["Valentina Cruz", "Diego Hernández"]),
    ("Asia/Dubai", ["ar"], ["Omar Haddad", "Layla Mansour"]),
]

TRACKS = [
    ("Backend engineer", ["Python", "Django", "PostgreSQL", "System design", "APIs"],
     ["Software"], "backend systems that stay up"),
    ("Frontend engineer", ["JavaScript", "TypeScript", "Accessibility", "CSS", "React"],
     ["Software", "E-commerce"], "interfaces people enjoy using"),
    ("Data scientist", ["Python", "Statistics", "Machine learning", "SQL", "Experimentation"],
     ["Healthcare", "Finance"], "turning messy data into decisions"),
    ("Engineering manager", ["Leadership", "Hiring", "Feedback", "Career growth", "1:1s"],
     ["Software", "Fintech"], "growing teams and the people in them"),
    ("Product manager", ["Product strategy", "User research", "Roadmaps", "Stakeholder management"],
     ["SaaS", "Education"], "deciding what to build and why"),
    ("UX designer", ["User research", "Prototyping", "Accessibility", "Design systems"],
     ["Public sector", "SaaS"], "design that includes everyone"),
    ("DevOps engineer", ["Kubernetes", "CI/CD", "Linux", "Observability", "Terraform"],
     ["Cloud", "Telecoms"], "shipping safely and often"),
    ("Security engineer", ["Application security", "Threat modelling", "Python", "Incident response"],
     ["Finance", "Government"], "keeping people's data safe"),
]

WANTS = [
    (["Public speaking", "Leadership"], "Give a talk at a conference",
     "Speaking up is the skill that holds me back in meetings."),
    (["System design", "APIs"], "Pass a senior engineer interview",
     "I want to design systems, not only implement tickets."),
    (["Career growth", "Feedback"], "Become a team lead within a year",
     "I enjoy helping others and want to do it as my job."),
    (["Python", "Machine learning"], "Move from analytics into machine learning",
     "Models interest me more than dashboards."),
    (["Accessibility", "CSS"], "Make our product pass WCAG 2.2 AA",
     "Nobody on my team knows how, and users are locked out."),
    (["Product strategy", "User research"], "Switch from engineering into product management",
     "I keep asking why we build things; I want to answer it."),
]

# Coordinators and staff must use two-factor authentication: the demo's coordinator and
# staff have an authenticator with this published key (add it to an authenticator app, or
# print the current code with `tandem demo --code`).
DEMO_TOTP_SECRET = "KRAW4RDFNVXVIT2UKBAXGZLDOJSXIMZS"

DEMO_LOGINS = [
    ("mentee@demo.tandem.test", "Maya Mentee", "mentee"),
    ("mentor@demo.tandem.test", "Marco Mentor", "mentor"),
    ("coordinator@demo.tandem.test", "Carla Coordinator", "coordinator"),
    ("admin@demo.tandem.test", "Sam Staff", "staff"),
]


# Letters that Unicode does not decompose into a base letter and a mark.
_UNDECOMPOSED = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ß": "ss", "æ": "ae",
                               "œ": "oe", "þ": "th", "ı": "i"})


def _slug(name: str) -> str:
    """The local part of a demo address: "Lucía Martín" -> "lucia.martin" (accents
    dropped, not the letters that carry them)."""
    text = unicodedata.normalize("NFKD", name.lower().translate(_UNDECOMPOSED))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace(" ", ".")
    return "".join(ch for ch in text if ch.isascii() and (ch.isalnum() or ch in ".-"))


def _windows(rng: random.Random) -> list[dict]:
    days = rng.sample(range(5), k=rng.randint(2, 4))
    windows = []
    for day in sorted(days):
        start = rng.choice([7, 8, 12, 17, 18, 19])
        windows.append({"weekday": day, "start": f"{start:02d}:00",
                        "end": f"{start + rng.choice([1, 2]):02d}:00"})
    if rng.random() < 0.4:
        windows.append({"weekday": 5, "start": "10:00", "end": "12:00"})
    return windows


def _person(rng: random.Random, *, email: str, name: str, tz: str, langs: list[str],
            mentor: bool, mentee: bool, track, want) -> User:
    title, skills, industries, passion = track
    user = user_create(email=email, password=None, display_name=name, verified=True)
    years = rng.randint(6, 25) if mentor else rng.randint(0, 5)
    first = name.split()[0]
    bio = (f"{first} is a {title.lower()} with {years} years of experience, who cares about "
           f"{passion}.\n\n")
    if mentor:
        bio += ("**How I mentor:** I ask a lot of questions, share what went wrong for me as "
                "well as what went right, and expect you to drive our agenda.\n")
    if mentee:
        bio += f"**What I am working on:** {want[1].lower()}.\n"
    profile = user.profile
    capacity = rng.randint(1, 4) if mentor else 0
    profile_update(actor=user, profile=profile, changes={
        "headline": f"{title}{', ' + str(years) + ' years' if mentor else ''}",
        "bio": bio,
        "is_mentor": mentor,
        "is_mentee": mentee,
        "skills_offered": rng.sample(skills, k=min(4, len(skills))) if mentor else [],
        "skills_wanted": want[0] if mentee else [],
        "industries": industries,
        "interests": rng.sample(["Open source", "Writing", "Teaching", "Climbing",
                                 "Photography", "Music", "Chess"], k=2),
        "languages": ["en", *langs],
        "timezone": tz,
        "location": tz.split("/")[-1].replace("_", " "),
        "experience_years": years,
        "mentor_capacity": capacity,
        "open_to_requests": mentor and rng.random() < 0.85,
        "meeting_channels": rng.sample(["video", "phone", "in_person", "chat"], k=2),
        "feedback_format": rng.choice(["written", "spoken", "either"]),
        "feedback_style": rng.choice(["direct", "gentle"]),
        "feedback_timing": rng.choice(["in_the_moment", "at_meetings"]),
    })
    availability_replace(actor=user, profile=profile, windows=_windows(rng))
    if mentee:
        goal_create(actor=user, title=want[1], why=want[2], horizon="1y")
    return user


@transaction.atomic
def demo_populate(*, seed: int = 2026) -> dict:
    """Fill an empty database. Returns counts and the demo logins."""
    rng = random.Random(seed)
    people = 0
    for index, (tz, langs, names) in enumerate(REGIONS):
        for offset, name in enumerate(names):
            role = (index + offset) % 3  # 0 mentor, 1 mentee, 2 both
            _person(rng, email=f"{_slug(name)}@demo.tandem.test", name=name, tz=tz,
                    langs=langs, mentor=role in (0, 2), mentee=role in (1, 2),
                    track=TRACKS[(index + offset) % len(TRACKS)],
                    want=WANTS[(index * 2 + offset) % len(WANTS)])
            people += 1

    mentee = _person(rng, email=DEMO_LOGINS[0][0], name=DEMO_LOGINS[0][1], tz="Europe/Lisbon",
                     langs=["pt"], mentor=False, mentee=True, track=TRACKS[0], want=WANTS[1])
    goal_create(actor=mentee, title="Give a talk at a local meetup",
                why="Practice explaining my work to people outside my team.", horizon="6m")
    _person(rng, email=DEMO_LOGINS[1][0], name=DEMO_LOGINS[1][1], tz="Europe/Rome",
            langs=["it", "es"], mentor=True, mentee=False, track=TRACKS[0], want=WANTS[0])
    coordinator = user_create(email=DEMO_LOGINS[2][0], password=None,
                              display_name=DEMO_LOGINS[2][1], verified=True)
    coordinator.is_coordinator = True
    coordinator.save(update_fields=["is_coordinator"])
    profile_update(actor=coordinator, profile=coordinator.profile, changes={
        "headline": "Mentoring programs coordinator",
        "bio": "I run the cohort programs: matching, check-ins and the occasional nudge. "
               "Write to me about anything that gets in the way of your mentorship."})
    staff = user_create(email=DEMO_LOGINS[3][0], password=None,
                        display_name=DEMO_LOGINS[3][1], verified=True)
    staff.is_staff = True
    staff.is_superuser = True
    staff.save(update_fields=["is_staff", "is_superuser"])
    # One hash for everyone: hashing 44 passwords one by one takes ten seconds.
    User.objects.filter(email__endswith="@demo.tandem.test").update(
        password=make_password(settings.TANDEM_DEMO_PASSWORD))
    return {"people": people + 4, "logins": DEMO_LOGINS,
            "password": settings.TANDEM_DEMO_PASSWORD}


def demo_authenticators() -> None:
    """The demo coordinator and staff get their authenticator (two-factor is required)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    for email, _, role in DEMO_LOGINS:
        if role not in ("coordinator", "staff"):
            continue
        user = User.objects.get(email=email)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)


def demo_totp_code(at: float | None = None) -> str:
    """The demo authenticator's code at ``at`` (now by default)."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(at or time.time()) // 30))
