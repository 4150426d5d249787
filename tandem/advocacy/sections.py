"""What advocacy adds to the relationship page, the dashboard, the timeline and a person's
exported record. Each function costs a fixed number of queries."""

from __future__ import annotations

from django.urls import reverse

from tandem.advocacy import selectors
from tandem.advocacy.models import (
    Introduction,
    IntroductionChange,
    Opportunity,
    OpportunityChange,
    Resource,
)
from tandem.core.sections import TimelineEvent
from tandem.mentorships.models import involving_q

RELATIONSHIP_TAB = "goals"  # where relationship_section shows (tandem.core.sections)


def relationship_section(*, viewer, relationship) -> dict | None:
    return {
        "template": "advocacy/partials/relationship_section.html", "tab": "goals",
        "relationship": relationship,
        "is_mentor": relationship.mentor_id == viewer.pk,
        "opportunities": selectors.open_opportunities(relationship),
        "introductions": selectors.introductions_in_progress(relationship),
        "resource_count": selectors.resource_count(relationship),
        "url": reverse("advocacy:home", args=[relationship.pk]),
    }


def dashboard_probe(*, viewer) -> dict:
    return {"advocacy.deadlines": selectors.deadlines_soon_q(viewer),
            "advocacy.introductions": selectors.introductions_to_follow_up_q(viewer)}


def dashboard_section(*, viewer, home=None) -> dict | None:
    """For a mentee: deadlines in the next two weeks and introductions to follow up, with
    the way to the community library. Nothing for whom neither waits (a coordinator, a
    mentor, a mentee with nothing coming up): the library is in the menu."""
    from tandem.core.sections import home_memo

    home = home_memo(home, viewer)
    deadlines = (selectors.deadlines_soon(viewer) if home.probe("advocacy.deadlines")
                 else [])
    introductions = (selectors.introductions_to_follow_up(viewer)
                     if home.probe("advocacy.introductions") else [])
    if not (deadlines or introductions):
        return None
    from tandem.core.sections import STATUS

    return {"template": "advocacy/partials/dashboard_section.html",
            "deadlines": deadlines, "introductions": introductions,
            "days": selectors.FOLLOW_UP_DAYS, "urgency": STATUS - 10}


def _name(user) -> str:
    return user.display_name if user is not None else ""


def timeline_events(*, viewer, relationship) -> list[TimelineEvent]:
    events = []
    opportunities = (Opportunity.objects.filter(relationship=relationship)
                     .select_related("posted_by__profile"))
    for o in opportunities:
        events.append(TimelineEvent(
            at=o.created_at, kind="advocacy", title=f"Opportunity shared: {o.get_kind_display()}",
            url=reverse("advocacy:opportunity", args=[o.pk]), detail=o.title,
            actor=_name(o.posted_by)))
    changes = (OpportunityChange.objects.filter(opportunity__relationship=relationship)
               .select_related("opportunity", "actor__profile"))
    for c in changes:
        events.append(TimelineEvent(
            at=c.at, kind="advocacy", title=f"Opportunity: {c.get_to_status_display()}",
            url=reverse("advocacy:opportunity", args=[c.opportunity_id]),
            detail=c.opportunity.title, actor=_name(c.actor)))
    introductions = (Introduction.objects.filter(relationship=relationship)
                     .select_related("introduced_by__profile"))
    for i in introductions:
        events.append(TimelineEvent(
            at=i.created_at, kind="advocacy", title="Introduction proposed",
            url=reverse("advocacy:introduction", args=[i.pk]), detail=i.contact_name,
            actor=_name(i.introduced_by)))
    intro_changes = (IntroductionChange.objects.filter(introduction__relationship=relationship)
                     .select_related("introduction", "actor__profile"))
    for c in intro_changes:
        events.append(TimelineEvent(
            at=c.at, kind="advocacy", title=f"Introduction: {c.get_to_status_display()}",
            url=reverse("advocacy:introduction", args=[c.introduction_id]),
            detail=c.introduction.contact_name, actor=_name(c.actor)))
    resources = Resource.objects.filter(relationship=relationship).select_related(
        "added_by__profile")
    for r in resources:
        events.append(TimelineEvent(
            at=r.created_at, kind="advocacy", title=f"Resource added: {r.get_kind_display()}",
            url=reverse("advocacy:home", args=[relationship.pk]) + f"#resource-{r.pk}",
            detail=r.title, actor=_name(r.added_by),
            tags=tuple(tag["name"] for tag in r.tags)))
    return events


def _line(text: str) -> str:
    return " ".join((text or "").split())


def record_markdown(*, user) -> str:
    """The opportunities and introductions the person received or made, and the resources
    they added (their own; the other party's stay in the other party's record)."""
    mine = involving_q(user, prefix="relationship__")
    opportunities = list(Opportunity.objects.filter(mine).select_related(
        "relationship__mentee__profile", "relationship__mentor__profile")
        .order_by("created_at", "id"))
    introductions = list(Introduction.objects.filter(mine).select_related(
        "relationship__mentee__profile", "relationship__mentor__profile")
        .order_by("created_at", "id"))
    resources = list(Resource.objects.filter(added_by=user).order_by("created_at", "id"))
    if not (opportunities or introductions or resources):
        return ""
    lines = ["## Opportunities, introductions and resources", ""]
    if opportunities:
        lines += ["### Opportunities", ""]
        for o in opportunities:
            rel = o.relationship
            who = (f"from {rel.mentor.display_name}" if rel.mentee_id == user.pk
                   else f"for {rel.mentee.display_name}")
            deadline = f", deadline {o.deadline:%Y-%m-%d}" if o.deadline else ""
            link = f" <{o.url}>" if o.url else ""
            lines.append(f"- {o.created_at:%Y-%m-%d} {o.get_kind_display()} {who}: "
                         f"**{_line(o.title)}**{link} ({o.get_status_display()}{deadline})")
            if o.decline_reason:
                lines.append(f"  - Not for me: {_line(o.decline_reason)}")
        lines.append("")
    if introductions:
        lines += ["### Introductions", ""]
        for i in introductions:
            rel = i.relationship
            who = (f"by {rel.mentor.display_name}" if rel.mentee_id == user.pk
                   else f"of {rel.mentee.display_name}")
            role = f" ({_line(i.contact_role)})" if i.contact_role else ""
            lines.append(f"- {i.created_at:%Y-%m-%d} to **{_line(i.contact_name)}**{role}, "
                         f"{who}: {i.get_status_display()}")
            lines.append(f"  - Why: {_line(i.why)}")
            if i.outcome:
                lines.append(f"  - How it went: {_line(i.outcome)}")
        lines.append("")
    if resources:
        lines += ["### Resources I added", ""]
        for r in resources:
            link = f" <{r.url}>" if r.url else ""
            public = ", in the community library" if r.is_public else ""
            tags = f" [{', '.join(t['name'] for t in r.tags)}]" if r.tags else ""
            lines.append(f"- {r.get_kind_display()}: **{_line(r.title)}**{link}{tags}{public}")
        lines.append("")
    return "\n".join(lines)


# --- Data rights (tandem.privacy) -------------------------------------------------------


def export_data(*, user) -> dict:
    """Opportunities and introductions in the person's mentorships (both parties see
    them) and the resources they added, community ones included."""
    from tandem.core.exporting import rows

    mine = involving_q(user, prefix="relationship__")
    return {
        "opportunities": rows(Opportunity.objects.filter(mine), "relationship_id", "kind",
                              "title", "description", "url", "deadline", "status",
                              "decline_reason", "posted_by_id", "created_at"),
        "introductions": rows(Introduction.objects.filter(mine), "relationship_id",
                              "contact_name", "contact_role", "contact_url", "why", "note",
                              "status", "outcome", "introduced_by_id", "created_at"),
        "resources": rows(Resource.objects.filter(added_by=user), "relationship_id", "kind",
                          "title", "url", "description", "tags", "is_public", "created_at"),
    }


def erase_user(*, user) -> None:
    """What the person posted, introduced or added goes, community resources included;
    where they were the mentee, their answers on the mentor's posts (why they declined,
    how a meeting went) are removed and the posts stay the mentor's."""
    Opportunity.objects.filter(posted_by=user).delete()
    Introduction.objects.filter(introduced_by=user).delete()
    Resource.objects.filter(added_by=user).delete()
    Opportunity.objects.filter(relationship__mentee=user).exclude(decline_reason="").update(
        decline_reason="")
    Introduction.objects.filter(relationship__mentee=user).exclude(outcome="").update(
        outcome="")
