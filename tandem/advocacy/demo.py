"""Demo opportunities, introductions and resources for the demo mentorship (Maya, a
backend engineer preparing for senior interviews and her first meetup talk, mentored by
Marco), and a few public resources from other demo mentors for the community library."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tandem.accounts.models import User
from tandem.advocacy import services
from tandem.advocacy.models import (
    Introduction,
    IntroductionChange,
    Opportunity,
    OpportunityChange,
    Resource,
)


def _backdate(model, pk: int, days: int, **fields) -> None:
    model.objects.filter(pk=pk).update(created_at=timezone.now() - timedelta(days=days),
                                       **fields)


def _backdate_changes(model, field: str, pk: int, days: list[int]) -> None:
    for change, ago in zip(model.objects.filter(**{field: pk}).order_by("id"), days,
                           strict=False):
        model.objects.filter(pk=change.pk).update(at=timezone.now() - timedelta(days=ago))


def demo_records(*, mentee, mentor, relationship) -> dict[str, int]:
    today = timezone.localdate()
    rel = relationship

    # --- Opportunities: one done, one applied, one waiting with a near deadline, one not
    # for her.
    talk = services.opportunity_post(
        actor=mentor, relationship=rel, kind="talk",
        title="Lightning talk slot at the Lisbon Python meetup",
        description="Five minutes, friendly crowd. Your story about **migrating the billing "
                    "service to async workers** would fit well.\n\n- Slides are optional\n"
                    "- I can do a dry run with you the week before",
        url="https://meetup.example.org/lisbon-python/lightning-talks",
        deadline=today + timedelta(days=20))
    services.opportunity_set_status(actor=mentee, opportunity=talk, status="applied")
    services.opportunity_set_status(actor=mentee, opportunity=talk, status="done")
    _backdate(Opportunity, talk.pk, 70, deadline=today - timedelta(days=40))
    _backdate_changes(OpportunityChange, "opportunity", talk.pk, [66, 40])

    job = services.opportunity_post(
        actor=mentor, relationship=rel, kind="job", title="Senior backend engineer, Northwind",
        description="Remote-first, Python and PostgreSQL, a team that writes design docs. "
                    "The hiring manager is a former colleague: say I sent you.",
        url="https://jobs.example.org/northwind/senior-backend",
        deadline=today + timedelta(days=9))
    services.opportunity_set_status(actor=mentee, opportunity=job, status="applied")
    _backdate(Opportunity, job.pk, 21)
    _backdate_changes(OpportunityChange, "opportunity", job.pk, [18])

    services.opportunity_post(
        actor=mentor, relationship=rel, kind="stretch",
        title="Lead the design review for the new ledger service",
        description="Ask your manager to let you run the review: write the doc, invite the "
                    "reviewers, chair the meeting. Exactly the evidence a senior interview "
                    "looks for.", deadline=today + timedelta(days=12))

    conf = services.opportunity_post(
        actor=mentor, relationship=rel, kind="event",
        title="Systems design workshop (two days, Berlin)",
        url="https://events.example.org/systems-design-workshop",
        deadline=today + timedelta(days=45))
    services.opportunity_set_status(actor=mentee, opportunity=conf, status="declined",
                                    reason="Clashes with my sister's wedding; next year!")
    _backdate(Opportunity, conf.pk, 35)
    _backdate_changes(OpportunityChange, "opportunity", conf.pk, [33])

    # --- Introductions: met, made, proposed.
    ines = services.introduction_propose(
        actor=mentor, relationship=rel, contact_name="Inês Carvalho",
        contact_role="Staff engineer, Northwind",
        contact_url="https://www.linkedin.com/in/example-ines",
        why="She went from mid-level to staff in three years and interviews senior "
            "candidates every week.",
        note="She prefers a short email first; mention the async workers project.")
    services.introduction_set_status(actor=mentor, introduction=ines, status="made")
    services.introduction_set_status(
        actor=mentee, introduction=ines, status="met",
        outcome="Forty minutes over video. She walked me through their system design "
                "rubric and offered a mock interview next month.")
    _backdate(Introduction, ines.pk, 50)
    _backdate_changes(IntroductionChange, "introduction", ines.pk, [48, 30])

    tom = services.introduction_propose(
        actor=mentor, relationship=rel, contact_name="Tom Okafor",
        contact_role="Organiser, Lisbon Python meetup",
        why="He is always looking for first-time speakers and gives great feedback on talk "
            "outlines.")
    services.introduction_set_status(actor=mentor, introduction=tom, status="made")
    _backdate(Introduction, tom.pk, 12)
    _backdate_changes(IntroductionChange, "introduction", tom.pk, [10])

    services.introduction_propose(
        actor=mentor, relationship=rel, contact_name="Priya Raman",
        contact_role="Engineering manager, a payments start-up",
        why="To hear how a hiring manager reads a senior CV, from someone who is not "
            "hiring you.")

    # --- The pair's resources, three of them shared with everyone.
    resources = [
        (mentor, "book", "Designing Data-Intensive Applications", "",
         "Chapters 5 to 9 are the core of most system design interviews.",
         ["System design", "Databases"], True),
        (mentor, "article", "How to write a design doc people read",
         "https://blog.example.org/design-docs",
         "Short and practical: context, goals, non-goals, then the decision.",
         ["Writing", "Career growth"], True),
        (mentee, "video", "Async Python in production (conference talk)",
         "https://video.example.org/async-python-production",
         "Maya's pick: the talk that got her started on the workers migration.",
         ["Python", "Async"], True),
        (mentor, "person", "Ask Inês about the Northwind rubric", "",
         "She offered a mock interview; book it two weeks before the real one.",
         ["Interviews"], False),
        (mentee, "tool", "Excalidraw for interview diagrams", "https://excalidraw.com",
         "Practice drawing the boxes and arrows quickly.", ["System design"], False),
        (mentee, "podcast", "Salary negotiation for engineers",
         "https://podcast.example.org/negotiation",
         "Episode 12 has a script for the first call.", ["Negotiation"], False),
    ]
    for index, (actor, kind, title, url, description, tags, public) in enumerate(resources):
        resource = services.resource_add(actor=actor, relationship=rel, kind=kind, title=title,
                                         url=url, description=description, tags=tags,
                                         is_public=public)
        # Added over the weeks of the mentorship, not all today.
        added = timezone.now() - timedelta(days=60 - 9 * index)
        _backdate(Resource, resource.pk, 60 - 9 * index,
                  **({"published_at": added} if public else {}))

    # --- A few recommendations from other mentors, straight to the community library.
    community = [
        ("book", "The Manager's Path", "",
         "For anyone wondering whether to go into management: read the tech lead chapter "
         "first.", ["Leadership", "Career growth"]),
        ("course", "Accessibility fundamentals", "https://course.example.org/a11y",
         "Free, four hours, with exercises on real forms.", ["Accessibility", "Frontend"]),
        ("article", "Your first 90 days as a new engineer",
         "https://blog.example.org/first-90-days",
         "Whom to meet, what to write down, when to ask.", ["Onboarding", "Career growth"]),
        ("podcast", "Staff Eng stories", "https://podcast.example.org/staff-eng",
         "Interviews with staff engineers about the work that got them there.",
         ["Career growth", "Leadership"]),
    ]
    others = list(User.objects.filter(profile__is_mentor=True)
                  .exclude(pk__in=[mentee.pk, mentor.pk]).order_by("id")[:len(community)])
    shared = 0
    for person, (kind, title, url, description, tags) in zip(others, community, strict=False):
        resource = services.resource_add(actor=person, kind=kind, title=title, url=url,
                                         description=description, tags=tags)
        Resource.objects.filter(pk=resource.pk).update(
            published_at=timezone.now() - timedelta(days=10 + 7 * shared))
        shared += 1

    return {"opportunities": 4, "introductions": 3,
            "resources": len(resources) + shared}
