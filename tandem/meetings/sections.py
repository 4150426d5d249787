"""What meetings add to the timeline and to a person's exported record."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from tandem.core.sections import TimelineEvent
from tandem.meetings.models import ActionItem, Meeting
from tandem.mentorships.models import involving_q

RELATIONSHIP_TAB = "meetings"  # where relationship_section shows (tandem.core.sections)


def relationship_section(*, viewer, relationship) -> dict:
    """The Meetings tab's lead card: the meetings ahead (the next one with its agenda) and
    scheduling; the Overview gets the next meeting and the links to schedule and to add to
    its agenda (two queries)."""
    rel = relationship
    upcoming = list(Meeting.objects.filter(
        relationship=rel, status=Meeting.Status.SCHEDULED, starts_at__gt=timezone.now())
        .annotate(agenda_items=Count("agenda")).order_by("starts_at")[:4])
    to_record = Meeting.objects.filter(relationship=rel, status=Meeting.Status.SCHEDULED,
                                       starts_at__lte=timezone.now()).count()
    schedule_url = reverse("meetings:list", args=[rel.pk]) + "#one-title"
    section = {"template": "meetings/partials/relationship_section.html", "lead": True,
               "tab": "meetings", "rel": rel, "upcoming": upcoming,
               "next_meeting": upcoming[0] if upcoming else None, "to_record": to_record,
               "schedule_url": schedule_url, "attention": [], "glance": [], "actions": []}
    if upcoming:
        agenda_url = reverse("meetings:detail", args=[upcoming[0].pk]) + "#agenda-title"
        section["agenda_url"] = agenda_url
        items = upcoming[0].agenda_items
        section["glance"].append({
            "text": f"Next meeting {_when(upcoming[0].starts_at)}: {items} agenda "
                    f"item{'' if items == 1 else 's'}", "url": agenda_url})
        if rel.is_open:
            section["actions"].append({"label": "Add to the agenda", "url": agenda_url})
    elif rel.state == "active":
        section["attention"].append({"text": "No meeting is scheduled: schedule the next one",
                                     "url": schedule_url})
    if to_record:
        section["attention"].append({
            "text": f"{to_record} past meeting{'' if to_record == 1 else 's'} to record",
            "url": reverse("meetings:list", args=[rel.pk]) + "#all-title"})
    if rel.state == "active":
        section["actions"].insert(0, {"label": "Schedule a meeting", "url": schedule_url})
    return section


def relationship_summary(*, viewer, relationship) -> dict:
    """The next meeting, for the workspace header on every page of the relationship."""
    from tandem.meetings.selectors import next_meeting

    meeting = next_meeting(relationship)
    return {"label": "Next meeting", "text": _when(meeting.starts_at) if meeting else "",
            "url": reverse("meetings:detail", args=[meeting.pk]) if meeting else ""}


def _when(at) -> str:
    return date_format(timezone.localtime(at), "D j M, H:i")


def dashboard_relationship_figures(*, viewer, home) -> dict:
    """Each relationship's next meeting (its id and time), for the mentee's card and the
    mentor's "Your mentees" (``selectors.next_meetings_for_home``)."""
    from tandem.meetings.selectors import next_meeting_figures

    return next_meeting_figures()


def dashboard_section(*, viewer, home=None) -> dict | None:
    """For a mentee: the next meeting with each of their mentors, or the way to schedule
    one (a mentor sees theirs on the health app's "Your mentees" card). The home's shared
    relationships and next meetings: at most two queries for the whole page."""
    from tandem.core.sections import SOON, home_memo, waiting
    from tandem.meetings.selectors import next_meetings_for_home
    from tandem.mentorships.models import Relationship
    from tandem.mentorships.selectors import relationships_for_home

    home = home_memo(home, viewer)
    rels = sorted((r for r in relationships_for_home(viewer, home)
                   if r.mentee_id == viewer.pk and r.state == Relationship.State.ACTIVE),
                  key=lambda r: (r.started_at, r.pk))
    if not rels:
        return None
    upcoming = next_meetings_for_home(viewer, home)
    items = [{"relationship": r, "mentor": r.mentor, "meeting": upcoming.get(r.pk)}
             for r in rels]
    unplanned = sum(1 for i in items if i["meeting"] is None)
    return {"template": "meetings/partials/dashboard_section.html", "items": items,
            "roles": ["mentee"], "urgency": waiting(unplanned) or SOON}


def timeline_events(*, viewer, relationship) -> list[TimelineEvent]:
    now = timezone.now()
    events = []
    for meeting in relationship.meetings.all():
        url = reverse("meetings:detail", args=[meeting.pk])
        when = meeting.starts_at
        # In the viewer's timezone (the middleware activates their profile's), as on
        # every other page.
        local = f"{timezone.localtime(when):%-d %b %Y, %H:%M}"
        detail = f"{meeting.duration_minutes} minutes, {meeting.get_channel_display().lower()}"
        if meeting.status == Meeting.Status.HELD:
            events.append(TimelineEvent(at=when, kind="meeting", title="Meeting held",
                                        url=url, detail=detail))
        elif meeting.status == Meeting.Status.MISSED:
            events.append(TimelineEvent(at=when, kind="meeting", title="Meeting missed",
                                        url=url))
        elif meeting.status == Meeting.Status.CANCELLED:
            events.append(TimelineEvent(at=meeting.updated_at, kind="meeting",
                                        title="Meeting cancelled", url=url,
                                        detail=f"It was planned for {local}"))
        elif when > now:
            events.append(TimelineEvent(at=meeting.created_at, kind="meeting",
                                        title="Meeting scheduled", url=url,
                                        detail=f"For {local}, {detail}"))
    actions = ActionItem.objects.filter(meeting__relationship=relationship,
                                        done_at__isnull=False).select_related("owner__profile")
    for action in actions:
        events.append(TimelineEvent(at=action.done_at, kind="meeting", title="Action done",
                                    url=reverse("meetings:detail", args=[action.meeting_id]),
                                    detail=action.text, actor=action.owner.display_name))
    return events


def record_markdown(*, user) -> str:
    """The meetings the person held, with their agenda, notes and actions."""
    meetings = list(
        Meeting.objects.filter(involving_q(user, prefix="relationship__"),
                               status=Meeting.Status.HELD)
        .select_related("relationship__mentee__profile", "relationship__mentor__profile")
        .prefetch_related("agenda", "actions").order_by("starts_at"))
    if not meetings:
        return ""
    lines = ["## Meetings held", ""]
    for meeting in meetings:
        other = meeting.relationship.other_party(user).display_name
        lines.append(f"### {timezone.localtime(meeting.starts_at):%Y-%m-%d} with {other}")
        lines.append("")
        for item in meeting.agenda.all():
            lines.append(f"- Agenda: {item.text}")
        for action in meeting.actions.all():
            done = "done" if action.done_at else "open"
            due = f", due {action.due_date:%Y-%m-%d}" if action.due_date else ""
            lines.append(f"- Action ({done}{due}): {action.text}")
        if meeting.notes.strip():
            lines.extend(["", meeting.notes.strip()])
        lines.append("")
    return "\n".join(lines)


# --- Data rights (tandem.privacy) -------------------------------------------------------


def export_data(*, user) -> dict:
    """The meetings of the person's mentorships (their shared notes are both parties'),
    agenda items they added, their action items, the times they offered, and whether a
    calendar feed exists (never its secret)."""
    from tandem.core.exporting import rows
    from tandem.meetings.models import AgendaItem, CalendarFeed, TimeOffer

    mine = involving_q(user, prefix="relationship__")
    return {
        "meetings": rows(Meeting.objects.filter(mine).order_by("starts_at", "id"), "id",
                         "relationship_id", "starts_at", "duration_minutes", "timezone",
                         "channel", "place", "status", "cancel_reason", "notes"),
        "agenda_items": rows(AgendaItem.objects.filter(author=user), "meeting_id", "text",
                             "created_at"),
        "action_items": rows(ActionItem.objects.filter(owner=user), "meeting_id", "text",
                             "due_date", "done_at", "created_at"),
        "time_offers": rows(TimeOffer.objects.filter(offered_by=user), "relationship_id",
                            "slots", "duration_minutes", "timezone", "channel", "place",
                            "status", "created_at"),
        "calendar_feed": rows(CalendarFeed.objects.filter(user=user), "created_at",
                              "last_fetched_at"),
    }


def erase_user(*, user) -> None:
    """The person's agenda items, action items, time offers, calendar feed and reminder
    log go; the meetings stay for the other party, with their shared notes."""
    from tandem.meetings.models import AgendaItem, CalendarFeed, ReminderSent, TimeOffer

    AgendaItem.objects.filter(author=user).delete()
    ActionItem.objects.filter(owner=user).delete()
    TimeOffer.objects.filter(offered_by=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    ReminderSent.objects.filter(user=user).delete()


# --- The Monday summary (tandem.notifications) ------------------------------------------

WEEK_AHEAD = timedelta(days=7)


def weekly_meetings(*, people: dict, now) -> dict[int, list[dict]]:
    """Meetings in the next 7 days of each of ``people`` ({id: (user, local now)}), in
    their own timezone: one query."""
    from tandem.mentorships.models import Relationship

    ids = list(people)
    lines: dict[int, list[dict]] = defaultdict(list)
    meetings = (Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED, starts_at__gt=now, starts_at__lte=now + WEEK_AHEAD,
        relationship__state=Relationship.State.ACTIVE)
        .filter(Q(relationship__mentee_id__in=ids) | Q(relationship__mentor_id__in=ids))
        .select_related("relationship__mentee__profile", "relationship__mentor__profile")
        .order_by("starts_at", "id"))
    for meeting in meetings:
        rel = meeting.relationship
        for party in (rel.mentee, rel.mentor):
            if party.pk in people:
                at = meeting.starts_at.astimezone(people[party.pk][1].tzinfo)
                lines[party.pk].append({
                    "text": f"{at:%a %-d %b, %H:%M} ({getattr(at.tzinfo, 'key', 'UTC')}): meeting with "
                            f"{rel.other_party(party).display_name}",
                    "link": reverse("meetings:detail", args=[meeting.pk])})
    return lines
