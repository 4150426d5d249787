"""What feedback adds to the relationship page, the dashboard, the timeline and a
person's exported record. Each function costs a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.dateformat import format as date_format

from tandem.core.sections import TimelineEvent, day_event_time
from tandem.feedback import selectors
from tandem.feedback.models import (
    Contribution,
    FeedbackEntry,
    FeedbackKind,
    FeedbackRequest,
    FeedbackRequestStatus,
    MentorFeedback,
    ProgressReport,
)
from tandem.mentorships.models import involving_q

RELATIONSHIP_TAB = "feedback"  # where relationship_section shows (tandem.core.sections)


def relationship_section(*, viewer, relationship) -> dict:
    """The Feedback and reports tab's cards: feedback both ways and the progress reports
    due; the Overview gets what waits on the viewer (feedback to acknowledge, requests to
    answer, a report to write) and the links to give, ask for and write them."""
    rel = relationship
    role = rel.role_of(viewer)
    counts = selectors.feedback_counts(rel)
    due = next((p for p in reversed(selectors.periods(rel, viewer)) if p.writable), None)
    overview = reverse("feedback:overview", args=[rel.pk])
    attention, actions = [], []
    if role == "mentee" and counts["unacknowledged"]:
        n = counts["unacknowledged"]
        attention.append({"text": f"{n} feedback entr{'y' if n == 1 else 'ies'} to "
                                  "acknowledge", "url": overview + "#entries-title"})
    if role == "mentor" and counts["open_requests"]:
        n = counts["open_requests"]
        attention.append({"text": f"{n} feedback request{'' if n == 1 else 's'} to answer",
                          "url": overview + "#requests-title"})
    if role == "mentor" and counts["unread_replies"]:
        n = counts["unread_replies"]
        attention.append({"text": f"{n} new repl{'y' if n == 1 else 'ies'} to your feedback",
                          "url": overview + "#entries-title"})
    report_url = ""
    if due is not None and rel.is_open:
        report_url = reverse("feedback:report_new", args=[rel.pk, due.due_date.isoformat()])
        when = date_format(due.due_date, "j M")
        attention.append({"text": f"Write your progress report due {when}"
                                  + (" (overdue)" if due.overdue else ""), "url": report_url})
        actions.append({"label": "Write the progress report", "url": report_url})
    if rel.is_open:
        if role == "mentor":
            actions.append({"label": "Give feedback",
                            "url": reverse("feedback:entry_new", args=[rel.pk])})
        else:
            actions.append({"label": "Ask for feedback",
                            "url": reverse("feedback:request_new", args=[rel.pk])})
    return {
        "template": "feedback/partials/relationship_card.html", "tab": "feedback",
        "relationship": rel, "role": role, "other": rel.other_party(viewer),
        "counts": counts, "due": due, "report_url": report_url,
        "attention": attention, "actions": actions,
    }

def dashboard_probe(*, viewer) -> dict:
    return {"feedback.requests": selectors.open_requests_for_mentor_q(viewer),
            "feedback.unacknowledged": selectors.unacknowledged_for_mentee_q(viewer)}


def dashboard_section(*, viewer, home=None) -> dict | None:
    """What waits on the viewer: for a mentor, open feedback requests across their
    mentorships, oldest first, the overdue ones marked; for a mentee, feedback they have
    not acknowledged yet and a way to ask each mentor for feedback; for both, the
    progress reports they can write now. At most three queries of its own (the requests,
    the feedback, the reports written), each only when the home's probes say there is
    something, on the relationships and agreements the home's cards share."""
    from tandem.core.sections import STATUS, home_memo, waiting
    from tandem.mentorships.models import Relationship
    from tandem.mentorships.selectors import agreements_for_home, relationships_for_home

    home = home_memo(home, viewer)
    rels = [r for r in relationships_for_home(viewer, home)
            if r.state == Relationship.State.ACTIVE]
    requests = (selectors.open_requests_for_mentor(viewer)
                if home.probe("feedback.requests") else [])
    unacknowledged = (selectors.unacknowledged_for_mentee(viewer)
                      if home.probe("feedback.unacknowledged") else [])
    reports = []
    if rels:
        written = {(rel_id, due) for rel_id, rows in
                   selectors.reports_for_home(viewer, home).items()
                   for author, due, _satisfaction in rows if author == viewer.pk}
        reports = selectors.reports_due(viewer, relationships=rels,
                                        agreements=agreements_for_home(viewer, home),
                                        written=written)
    ask = [r for r in rels if r.mentee_id == viewer.pk]
    if not requests and not unacknowledged and not reports and not ask:
        return None
    count = len(requests) + len(unacknowledged) + len(reports)
    late = (any(r.overdue for r in requests) or any(r["overdue"] for r in reports))
    roles = {r["relationship"].role_of(viewer) for r in reports}
    roles |= {"mentor"} if requests else set()
    roles |= {"mentee"} if unacknowledged or ask else set()
    return {"template": "feedback/partials/dashboard_card.html", "requests": requests,
            "unacknowledged": unacknowledged, "reports": reports, "ask": ask,
            "roles": sorted(roles), "urgency": waiting(count, late=late) or STATUS}


def _label(kind: str) -> str:
    return "Positive" if kind == FeedbackKind.POSITIVE else "Constructive"


def _short(text: str, limit: int = 140) -> str:
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


def timeline_events(*, viewer, relationship) -> list[TimelineEvent]:
    rel = relationship
    names = {rel.mentee_id: rel.mentee.display_name, rel.mentor_id: rel.mentor.display_name}
    mentee, mentor = names[rel.mentee_id], names[rel.mentor_id]
    overview = reverse("feedback:overview", args=[rel.pk])
    events = []
    for entry in selectors.feedback_entries(rel, viewer):
        url = f"{overview}#feedback-{entry.pk}"
        events.append(TimelineEvent(
            at=entry.created_at, kind="feedback",
            title=f"{_label(entry.kind)} feedback from {mentor}", url=url,
            detail=entry.tied_to["label"] if entry.tied_to else "", actor=mentor,
            tags=(entry.kind,)))
        if entry.acknowledged_at:
            events.append(TimelineEvent(at=entry.acknowledged_at, kind="feedback",
                                        title=f"{mentee} acknowledged feedback", url=url,
                                        actor=mentee))
        if entry.replied_at:
            events.append(TimelineEvent(at=entry.replied_at, kind="feedback",
                                        title=f"{mentee} replied to feedback", url=url,
                                        actor=mentee))
    for item in FeedbackRequest.objects.filter(relationship=rel):
        url = f"{overview}#request-{item.pk}"
        events.append(TimelineEvent(at=item.created_at, kind="feedback",
                                    title=f"{mentee} asked for feedback", url=url,
                                    detail=_short(item.topic), actor=mentee))
        if item.closed_at and item.status == FeedbackRequestStatus.ANSWERED:
            events.append(TimelineEvent(at=item.closed_at, kind="feedback",
                                        title=f"{mentor} answered a feedback request",
                                        url=url, detail=_short(item.topic), actor=mentor))
        elif item.closed_at and item.status == FeedbackRequestStatus.WITHDRAWN:
            events.append(TimelineEvent(at=item.closed_at, kind="feedback",
                                        title=f"{mentee} withdrew a feedback request",
                                        url=url, detail=_short(item.topic), actor=mentee))
    for item in MentorFeedback.objects.filter(relationship=rel):
        events.append(TimelineEvent(
            at=item.created_at, kind="feedback", title=f"{mentee} gave {mentor} feedback",
            url=f"{overview}#giveback-{item.pk}", actor=mentee,
            detail="Shared as kudos" if item.kudos_consent else ""))
    for item in Contribution.objects.filter(relationship=rel):
        at, all_day = day_event_time(item.date, item.created_at)
        events.append(TimelineEvent(
            at=at, all_day=all_day, kind="feedback", title=f"{mentee}'s contribution: {item.get_kind_display()}",
            url=f"{overview}#giving-back-title", detail=_short(item.description),
            actor=mentee))
    for report in ProgressReport.objects.filter(relationship=rel):
        author = names.get(report.author_id, "")
        events.append(TimelineEvent(
            at=report.created_at, kind="report",
            title=f"{author} wrote the progress report due {report.due_date:%-d %B %Y}",
            url=reverse("feedback:report", args=[report.pk]), actor=author,
            detail=f"Satisfaction {report.satisfaction} of 5"))
    return events


def _quote(text: str) -> list[str]:
    return [f"  > {line}" if line.strip() else "  >" for line in text.splitlines()]


def record_markdown(*, user) -> str:
    """Feedback the person received, the requests they made, what they gave back (and, as
    a mentor, received from mentees), and their own progress reports' key figures."""
    lines: list[str] = []
    received = list(FeedbackEntry.objects.filter(relationship__mentee=user)
                    .select_related("relationship__mentor__profile", "goal",
                                    "milestone__goal", "meeting")
                    .order_by("created_at", "id"))
    if received:
        lines += ["### Feedback you received", ""]
        for entry in received:
            tie = selectors.tie_of(entry)
            about = f" ({tie['label']})" if tie else ""
            lines.append(f"- {entry.created_at:%Y-%m-%d}, **{_label(entry.kind)}**, from "
                         f"{entry.relationship.mentor.display_name}{about}")
            lines += _quote(entry.body)
            if entry.reply:
                lines.append(f"  - Your reply: {_short(entry.reply, 500)}")
        lines.append("")
    requests = list(FeedbackRequest.objects.filter(author=user)
                    .select_related("relationship__mentor__profile").order_by("created_at"))
    if requests:
        lines += ["### Feedback you asked for", ""]
        for item in requests:
            by = f", wanted by {item.by_date:%Y-%m-%d}" if item.by_date else ""
            lines.append(f"- {item.created_at:%Y-%m-%d}: {item.topic} (to "
                         f"{item.relationship.mentor.display_name}{by}; "
                         f"{item.get_status_display().lower()})")
        lines.append("")
    given = list(MentorFeedback.objects.filter(author=user)
                 .select_related("relationship__mentor__profile").order_by("created_at"))
    contributions = list(Contribution.objects.filter(author=user)
                         .select_related("relationship__mentor__profile").order_by("date"))
    if given or contributions:
        lines += ["### What you gave back", ""]
        for item in given:
            shared = "; shown as kudos" if item.kudos_consent else ""
            lines.append(f"- {item.created_at:%Y-%m-%d}, feedback for "
                         f"{item.relationship.mentor.display_name}{shared}")
            if item.what_helped:
                lines.append(f"  - What helped: {_short(item.what_helped, 1000)}")
            if item.could_be_better:
                lines.append(f"  - What could be better: {_short(item.could_be_better, 1000)}")
        for item in contributions:
            lines.append(f"- {item.date:%Y-%m-%d}, {item.get_kind_display().lower()} for "
                         f"{item.relationship.mentor.display_name}: {_short(item.description)}")
        lines.append("")
    from_mentees = list(MentorFeedback.objects.filter(relationship__mentor=user)
                        .select_related("author__profile").order_by("created_at"))
    if from_mentees:
        lines += ["### Feedback from your mentees", ""]
        for item in from_mentees:
            lines.append(f"- {item.created_at:%Y-%m-%d}, from {item.author.display_name}")
            if item.what_helped:
                lines.append(f"  - What helped: {_short(item.what_helped, 1000)}")
            if item.could_be_better:
                lines.append(f"  - What could be better: {_short(item.could_be_better, 1000)}")
        lines.append("")
    reports = list(ProgressReport.objects.filter(author=user)
                   .filter(involving_q(user, prefix="relationship__"))
                   .select_related("relationship__mentee__profile",
                                   "relationship__mentor__profile").order_by("due_date"))
    if reports:
        # A mentor's report names the mentee's goals as they were shared then; a goal the
        # mentee has since stopped sharing stays out of the mentor's export, as it does
        # out of the report's page.
        from tandem.growth.selectors import shared_goal_pairs

        mentored = {r.relationship_id: r.relationship for r in reports
                    if r.relationship.mentee_id != user.pk}
        visible = shared_goal_pairs(
            mentored.values(), {item.get("goal_id") for r in reports
                                if r.relationship_id in mentored for item in r.goal_progress})
        lines += ["### Your progress reports", ""]
        for report in reports:
            other = report.relationship.other_party(user).display_name
            cadence = report.get_cadence_fit_display().lower()
            lines.append(f"- Due {report.due_date:%Y-%m-%d} (with {other}): satisfaction "
                         f"{report.satisfaction} of 5, meeting cadence {cadence}")
            lines.append(f"  - What went well: {_short(report.went_well, 1000)}")
            for item in report.goal_progress:
                if report.relationship_id in mentored and (
                        item.get("goal_id"), report.relationship_id) not in visible:
                    continue
                lines.append(f"  - {item.get('title', '')}: {item.get('percent', 0)}%")
        lines.append("")
    if not lines:
        return ""
    return "\n".join(["## Feedback and progress reports", "", *lines])


# --- Data rights (tandem.privacy) -------------------------------------------------------


def export_data(*, user) -> dict:
    """Progress reports the person wrote, feedback they gave and received (with their
    replies), their feedback requests, feedback to their mentor and contributions."""
    from tandem.core.exporting import rows
    from tandem.feedback.models import (
        Contribution,
        FeedbackEntry,
        FeedbackRequest,
        MentorFeedback,
        ProgressReport,
    )

    mine = involving_q(user, prefix="relationship__")
    entry_fields = ("id", "relationship_id", "kind", "body", "goal_id", "meeting_id",
                    "acknowledged_at", "reply", "replied_at", "created_at")
    return {
        "progress_reports": rows(
            ProgressReport.objects.filter(author=user), "relationship_id", "due_date",
            "goal_progress", "went_well", "obstacles", "needs", "satisfaction", "cadence_fit",
            "proposed_objectives", "created_at"),
        "feedback_given": rows(FeedbackEntry.objects.filter(author=user), *entry_fields),
        # Written to the person: theirs to keep as much as what they wrote.
        "feedback_received": rows(FeedbackEntry.objects.filter(mine).exclude(author=user),
                                  *entry_fields),
        "feedback_requests": rows(FeedbackRequest.objects.filter(author=user),
                                  "relationship_id", "topic", "details", "goal_id", "link",
                                  "by_date", "status", "created_at", "closed_at"),
        "feedback_to_mentor": rows(MentorFeedback.objects.filter(author=user),
                                   "relationship_id", "what_helped", "could_be_better",
                                   "kudos_consent", "created_at"),
        "contributions": rows(Contribution.objects.filter(author=user), "relationship_id",
                              "kind", "description", "date", "created_at"),
    }


def erase_user(*, user) -> None:
    """What the person wrote goes (reports, feedback, requests, feedback to the mentor,
    contributions, their replies); feedback the other party wrote stays theirs."""
    from tandem.feedback.models import (
        Contribution,
        FeedbackEntry,
        FeedbackRequest,
        MentorFeedback,
        ProgressReport,
    )

    ProgressReport.objects.filter(author=user).delete()
    FeedbackEntry.objects.filter(author=user).delete()
    FeedbackRequest.objects.filter(author=user).delete()
    MentorFeedback.objects.filter(author=user).delete()
    Contribution.objects.filter(author=user).delete()
    (FeedbackEntry.objects.filter(involving_q(user, prefix="relationship__"))
     .exclude(reply="").update(reply="", replied_at=None, reply_read_at=None))


# --- The Monday summary (tandem.notifications) ------------------------------------------

WEEK_AHEAD = timedelta(days=7)
REPORTS_OVERDUE_WINDOW = timedelta(days=21)  # older unwritten reports stop being nagged


def weekly_reports(*, people: dict, now) -> dict[int, list[dict]]:
    """Progress reports each of ``people`` ({id: (user, local now)}) has to write in the
    next 7 days, or is late with (up to 3 weeks): three queries."""
    from tandem.mentorships.models import Relationship

    ids = list(people)
    lines: dict[int, list[dict]] = defaultdict(list)
    rels = list(Relationship.objects.filter(state=Relationship.State.ACTIVE)
                .filter(Q(mentee_id__in=ids) | Q(mentor_id__in=ids))
                .select_related("mentee__profile", "mentor__profile")
                .prefetch_related("agreements"))
    if not rels:
        return lines
    earliest = min(people[pk][1].date() for pk in ids) - REPORTS_OVERDUE_WINDOW
    written = set(ProgressReport.objects.filter(relationship__in=rels, due_date__gte=earliest)
                  .values_list("relationship_id", "due_date", "author_id"))
    for rel in rels:
        agreements = list(rel.agreements.all())
        for party in (rel.mentee, rel.mentor):
            if party.pk not in people:
                continue
            today = people[party.pk][1].date()
            for due in selectors.due_dates(rel, today=today, agreements=agreements):
                if not (today - REPORTS_OVERDUE_WINDOW <= due <= today + WEEK_AHEAD) \
                        or (rel.pk, due, party.pk) in written:
                    continue
                late = " (late)" if due < today else ""
                lines[party.pk].append({
                    "text": f"Due {due:%a %-d %b}{late}: your progress report in the "
                            f"mentorship with {rel.other_party(party).display_name}",
                    "link": reverse("feedback:reports", args=[rel.pk])})
    return lines


def weekly_feedback_asked(*, people: dict, now) -> dict[int, list[dict]]:
    """Open feedback requests of mentees to each of ``people`` who mentors them: one
    query."""
    from django.utils import timezone

    from tandem.mentorships.models import Relationship

    lines: dict[int, list[dict]] = defaultdict(list)
    asked = (FeedbackRequest.objects.filter(
        status=FeedbackRequestStatus.OPEN, relationship__state__in=Relationship.OPEN_STATES,
        relationship__mentor_id__in=list(people))
        .select_related("relationship__mentee__profile", "relationship__mentor")
        .order_by("created_at", "id"))
    for item in asked:
        rel = item.relationship
        by = f", wanted by {item.by_date:%-d %b}" if item.by_date else ""
        since = timezone.localtime(item.created_at, people[rel.mentor_id][1].tzinfo)
        lines[rel.mentor_id].append({
            "text": f"{rel.mentee.display_name} asked for your feedback "
                    f"(since {since:%-d %b}{by})",
            "link": reverse("feedback:overview", args=[rel.pk])})
    return lines
