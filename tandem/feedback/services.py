"""Writing progress reports, and feedback both ways.

A mentee's report may propose new objectives for the relationship: that opens an
agreement amendment for both to confirm. The mentor gives feedback (positive or
constructive), the mentee asks for it, acknowledges and replies, and gives back: feedback
to the mentor, contributions, and (with consent) kudos on the mentor's public page."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tandem.core.audit import audit_log
from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.core.errors import FieldErrors as _Errors
from tandem.core.validation import Text, check_text, check_texts, is_id, reject_nul_characters
from tandem.feedback import selectors
from tandem.feedback.models import (
    CadenceFit,
    Contribution,
    ContributionKind,
    FeedbackEntry,
    FeedbackKind,
    FeedbackRequest,
    FeedbackRequestStatus,
    GoalStatus,
    MentorFeedback,
    NeedAction,
    ProgressReport,
)
from tandem.mentorships.models import Relationship
from tandem.notifications.services import notify


def _clean(value, field, limit, *, required):
    return check_text(value, field=field, limit=limit, required=required)


def report_submit(*, actor, relationship: Relationship, due_date: date, went_well: str,
                  obstacles: str = "", goal_progress: list[dict] | None = None,
                  needs: list[dict] | None = None, satisfaction: int, cadence_fit: str,
                  proposed_objectives: list[str] | None = None) -> ProgressReport:
    """The actor's report for ``due_date`` (one of the relationship's due dates)."""
    reject_nul_characters({"went_well": went_well, "obstacles": obstacles,
                           "goal_progress": goal_progress, "needs": needs,
                           "proposed_objectives": proposed_objectives})
    texts = check_texts({"went_well": Text(went_well, 4000),
                         "obstacles": Text(obstacles, 4000, required=False)})
    went_well, obstacles = texts["went_well"], texts["obstacles"]
    if isinstance(satisfaction, bool) or not isinstance(satisfaction, int) \
            or not 1 <= satisfaction <= 5:
        raise ValidationFailed("Rate from 1 to 5.", field="satisfaction")
    if cadence_fit not in CadenceFit.values:
        raise ValidationFailed(f"Use one of {', '.join(CadenceFit.values)}.", field="cadence_fit")
    if due_date not in selectors.due_dates(relationship):
        raise ValidationFailed("No report is due on that date in this mentorship.",
                               field="due_date")
    if due_date > timezone.localdate() + timedelta(days=selectors.EARLY_DAYS):
        raise ValidationFailed("That report is not due yet: write it in the week before.",
                               field="due_date")

    goals = {g.pk: g for g in selectors.reportable_goals(relationship)}
    progress, seen = [], set()
    for index, item in enumerate(goal_progress or []):
        field = f"goal_progress[{index}]"
        if not isinstance(item, dict):
            raise ValidationFailed("Give a goal, a status and a percent.", field=field)
        goal = goals.get(item.get("goal_id"))
        if goal is None:
            raise ValidationFailed("Report on the mentee's shared goals only.",
                                   field=f"{field}.goal_id")
        if goal.pk in seen:
            raise ValidationFailed("Report on each goal once.", field=f"{field}.goal_id")
        seen.add(goal.pk)
        status = item.get("status")
        if status not in GoalStatus.values:
            raise ValidationFailed(f"Use one of {', '.join(GoalStatus.values)}.",
                                   field=f"{field}.status")
        percent = item.get("percent")
        if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
            raise ValidationFailed("A whole percent from 0 to 100.", field=f"{field}.percent")
        progress.append({"goal_id": goal.pk, "title": goal.title, "status": status,
                         "percent": percent})
    clean_needs = []
    for index, item in enumerate(needs or []):
        field = f"needs[{index}]"
        if not isinstance(item, dict):
            raise ValidationFailed("Give a need and what to do with it.", field=field)
        text = _clean(item.get("need"), f"{field}.need", 300, required=True)
        if item.get("action") not in NeedAction.values:
            raise ValidationFailed(f"Use one of {', '.join(NeedAction.values)}.",
                                   field=f"{field}.action")
        clean_needs.append({"need": text, "action": item["action"]})
    if len(clean_needs) > 10:
        raise ValidationFailed("At most 10 needs.", field="needs")
    objectives = [_clean(o, f"proposed_objectives[{i}]", 300, required=True)
                  for i, o in enumerate(proposed_objectives or [])]
    if objectives and actor.pk != relationship.mentee_id:
        raise ValidationFailed("The mentee proposes the relationship's objectives.",
                               field="proposed_objectives")
    if len(objectives) > 10:
        raise ValidationFailed("At most 10 objectives.", field="proposed_objectives")
    if not relationship.is_open and not relationship.ended_at:
        raise Conflict("Reports are written for a running mentorship.")

    with transaction.atomic():
        try:
            with transaction.atomic():
                report = ProgressReport.objects.create(
                    relationship=relationship, author=actor, due_date=due_date,
                    goal_progress=progress, went_well=went_well, obstacles=obstacles,
                    needs=clean_needs, satisfaction=satisfaction, cadence_fit=cadence_fit,
                    proposed_objectives=objectives)
        except IntegrityError:
            raise Conflict("You have written your report for this date already.") from None
        audit_log(actor=actor, action="feedback.report.submitted", target=report)
        other = relationship.other_party(actor)
        notify(recipient=other, kind="report.submitted",
               title=f"{actor.display_name} wrote their progress report",
               url=reverse("feedback:report", args=[report.pk]))
        if objectives:
            _propose_objectives(actor=actor, relationship=relationship, texts=objectives)
    return report


def _propose_objectives(*, actor, relationship: Relationship, texts: list[str]) -> None:
    """Add the mentee's new objectives to the agreement's (as a proposed change), keeping
    the ones already agreed."""
    from tandem.mentorships.models import Agreement
    from tandem.mentorships.services import MAX_OBJECTIVES, agreement_propose

    base = (relationship.agreements.filter(status=Agreement.Status.DRAFT).first()
            or relationship.agreements.filter(status=Agreement.Status.CONFIRMED).first())
    current = list(base.objectives) if base else []
    known = {item["text"].casefold() for item in current}
    added = [{"text": text, "goal_id": None} for text in texts if text.casefold() not in known]
    if len(current) + len(added) > MAX_OBJECTIVES:
        raise ValidationFailed(f"The agreement can hold {MAX_OBJECTIVES} objectives; it has "
                               f"{len(current)} already.", field="proposed_objectives")
    if added:
        agreement_propose(actor=actor, relationship=relationship,
                          changes={"objectives": current + added})


def reports_remind(*, today: date | None = None) -> int:
    """Remind each party of a report that is due, and once more when it is overdue.

    Looks only at dates in a bounded window (due in the last week, or overdue within the
    week after that), with every fact read in a few queries, so the job costs the same
    however long the history grows."""
    from tandem.meetings.models import ReminderSent
    from tandem.meetings.services import reminder_send

    today = today or timezone.localdate()
    window_start = today - timedelta(days=2 * selectors.OVERDUE_AFTER_DAYS + 7)
    rels = list(Relationship.objects.filter(state=Relationship.State.ACTIVE)
                .select_related("mentee", "mentor").prefetch_related("agreements"))
    candidates = []
    for rel in rels:
        for due in selectors.due_dates(rel, today=today, agreements=list(rel.agreements.all())):
            if window_start <= due <= today:
                overdue = (today - due).days > selectors.OVERDUE_AFTER_DAYS
                candidates.append((rel, due, "overdue" if overdue else "due"))
    if not candidates:
        return 0
    written = set(ProgressReport.objects.filter(
        relationship__in=[rel for rel, _, _ in candidates], due_date__gte=window_start,
    ).values_list("relationship_id", "due_date", "author_id"))
    keys = {f"report:{rel.pk}:{due.isoformat()}:{stage}" for rel, due, stage in candidates}
    done = set(ReminderSent.objects.filter(key__in=keys).values_list("key", "user_id"))
    sent = 0
    for rel, due, stage in candidates:
        key = f"report:{rel.pk}:{due.isoformat()}:{stage}"
        for person in (rel.mentee, rel.mentor):
            if (rel.pk, due, person.pk) in written or (key, person.pk) in done:
                continue
            sent += reminder_send(
                key=key, user=person, kind=f"report.{stage}",
                title=("Your progress report is overdue" if stage == "overdue" else
                       "Your progress report is due") + f" ({due:%-d %B})",
                url=reverse("feedback:reports", args=[rel.pk]))
    return sent


# --- Feedback both ways ---------------------------------------------------------------

MAX_BODY = 8000
MAX_REPLY = 4000
MAX_TOPIC = 200
MAX_DETAILS = 4000
MAX_LINK = 500
MAX_GIVEBACK = 4000
MAX_CONTRIBUTION = 1000
MAX_OPEN_REQUESTS = 10
REQUEST_HORIZON_DAYS = 2 * 366  # a "by" date up to two years ahead
EARLIEST_CONTRIBUTION = date(2000, 1, 1)


def _object_id(value, field: str, errors: _Errors) -> int | None:
    """A positive id within the database's range, or None (and an error) when not."""
    if value is None or value == "":
        return None
    if not is_id(value):
        errors.add(field, "Not a known id.")
        return None
    return value


def _plain_date(value, field: str, errors: _Errors) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime) or not isinstance(value, date):
        errors.add(field, "A date like 2027-03-01.")
        return None
    return value


def _require_role(actor, relationship: Relationship, role: str) -> None:
    if relationship.role_of(actor) != role or actor.pk not in (relationship.mentee_id,
                                                               relationship.mentor_id):
        raise Forbidden(f"Only the {role} can do this.")


def _require_open(relationship: Relationship, what: str) -> None:
    if not relationship.is_open:
        raise Conflict(f"This mentorship is closed: {what} only while it runs.")


def _feedback_url(relationship: Relationship, anchor: str = "") -> str:
    url = reverse("feedback:overview", args=[relationship.pk])
    return f"{url}#{anchor}" if anchor else url


def meeting_not_held(meeting) -> str:
    """Why feedback cannot be about this meeting ("is still to come", "was cancelled",
    "was missed"), or "" when it took place: marked held, or scheduled and begun."""
    from tandem.meetings.models import Meeting

    if meeting.status == Meeting.Status.CANCELLED:
        return "was cancelled"
    if meeting.status == Meeting.Status.MISSED:
        return "was missed"
    if meeting.status == Meeting.Status.SCHEDULED and meeting.starts_at > timezone.now():
        return "is still to come"
    return ""


def feedback_give(*, actor, relationship: Relationship, kind: str, body: str,
                  goal_id: int | None = None, milestone_id: int | None = None,
                  meeting_id: int | None = None, request_id: int | None = None
                  ) -> FeedbackEntry:
    """The mentor's feedback to the mentee, tied to at most one of a goal the mentor may
    see, a milestone of such a goal, or a meeting of this mentorship. Given with
    ``request_id``, it answers the mentee's open feedback request."""
    from tandem.growth.models import Milestone
    from tandem.growth.selectors import goals_shared_with
    from tandem.meetings.models import Meeting

    _require_role(actor, relationship, "mentor")
    reject_nul_characters({"kind": kind, "body": body})
    errors = _Errors()
    if kind not in FeedbackKind.values:
        errors.add("kind", f"Use one of {', '.join(FeedbackKind.values)}.")
    body = errors.text(body, "body", MAX_BODY, required=True,
                       empty="Write the feedback.")
    ids = {name: _object_id(value, name, errors) for name, value in
           (("goal_id", goal_id), ("milestone_id", milestone_id), ("meeting_id", meeting_id),
            ("request_id", request_id))}
    tied = [name for name in ("goal_id", "milestone_id", "meeting_id") if ids[name]]
    if len(tied) > 1:
        for name in tied:
            errors.add(name, "Tie the feedback to one thing at most: a goal, a milestone or "
                             "a meeting.")
    goal = milestone = meeting = feedback_request = None
    if ids["goal_id"]:
        goal = goals_shared_with(relationship).filter(pk=ids["goal_id"]).first()
        if goal is None:
            errors.add("goal_id", "Pick one of the goals the mentee shares with you.")
    if ids["milestone_id"]:
        milestone = Milestone.objects.filter(
            pk=ids["milestone_id"],
            goal__in=goals_shared_with(relationship).values("pk")).first()
        if milestone is None:
            errors.add("milestone_id", "Pick a milestone of a goal the mentee shares with you.")
    if ids["meeting_id"]:
        meeting = Meeting.objects.filter(pk=ids["meeting_id"], relationship=relationship).first()
        if meeting is None:
            errors.add("meeting_id", "Pick one of this mentorship's meetings.")
        elif not_held := meeting_not_held(meeting):
            errors.add("meeting_id", "Tie feedback to a meeting that has taken place: this "
                                     f"one {not_held}.")
    if ids["request_id"]:
        feedback_request = FeedbackRequest.objects.filter(
            pk=ids["request_id"], relationship=relationship).first()
        if feedback_request is None:
            errors.add("request_id", "Pick one of this mentorship's feedback requests.")
    errors.raise_if_any()
    _require_open(relationship, "feedback is given")

    with transaction.atomic():
        if feedback_request is not None:
            # Conditional on its state, so two answers (or an answer racing a withdrawal)
            # cannot both win.
            closed = FeedbackRequest.objects.filter(
                pk=feedback_request.pk, status=FeedbackRequestStatus.OPEN).update(
                status=FeedbackRequestStatus.ANSWERED, closed_at=timezone.now(),
                updated_at=timezone.now())
            if not closed:
                raise Conflict("That request is no longer open: it was answered or withdrawn.")
        entry = FeedbackEntry.objects.create(
            relationship=relationship, author=actor, kind=kind, body=body, goal=goal,
            milestone=milestone, meeting=meeting, request=feedback_request)
        audit_log(actor=actor, action="feedback.entry.given", target=entry,
                  data={"kind": kind, "request_id": feedback_request.pk
                        if feedback_request else None})
        label = "positive" if kind == FeedbackKind.POSITIVE else "constructive"
        title = (f"{actor.display_name} answered your feedback request" if feedback_request
                 else f"{actor.display_name} gave you {label} feedback")
        notify(recipient=relationship.mentee, kind="feedback.given", title=title,
               url=_feedback_url(relationship, f"feedback-{entry.pk}"))
    return entry


def feedback_acknowledge(*, actor, entry: FeedbackEntry) -> FeedbackEntry:
    """The mentee says "Got it". Acknowledging twice changes nothing."""
    relationship = entry.relationship
    _require_role(actor, relationship, "mentee")
    with transaction.atomic():
        now = timezone.now()
        changed = FeedbackEntry.objects.filter(pk=entry.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=now, updated_at=now)
        if changed:
            audit_log(actor=actor, action="feedback.entry.acknowledged", target=entry)
            notify(recipient=relationship.mentor, kind="feedback.acknowledged",
                   title=f"{actor.display_name} read and acknowledged your feedback",
                   url=_feedback_url(relationship, f"feedback-{entry.pk}"))
    entry.refresh_from_db()
    return entry


def feedback_reply(*, actor, entry: FeedbackEntry, reply: str) -> FeedbackEntry:
    """The mentee's one reply to a feedback entry (replying acknowledges it too). The
    reply can be changed until the mentor has read it."""
    relationship = entry.relationship
    _require_role(actor, relationship, "mentee")
    reject_nul_characters({"reply": reply})
    errors = _Errors()
    reply = errors.text(reply, "reply", MAX_REPLY, required=True, empty="Write your reply.")
    errors.raise_if_any()
    with transaction.atomic():
        now = timezone.now()
        first = not entry.reply
        changed = FeedbackEntry.objects.filter(pk=entry.pk, reply_read_at__isnull=True).update(
            reply=reply, replied_at=now, updated_at=now)
        if not changed:
            raise Conflict(f"{relationship.mentor.display_name} has read your reply already: "
                           "it can no longer be changed.")
        FeedbackEntry.objects.filter(pk=entry.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=now)
        audit_log(actor=actor, action="feedback.entry.replied" if first
                  else "feedback.entry.reply_changed", target=entry)
        notify(recipient=relationship.mentor, kind="feedback.replied",
               title=f"{actor.display_name} replied to your feedback" if first
               else f"{actor.display_name} changed their reply to your feedback",
               url=_feedback_url(relationship, f"feedback-{entry.pk}"))
    entry.refresh_from_db()
    return entry


def feedback_replies_mark_read(*, actor, relationship: Relationship,
                               entry: FeedbackEntry | None = None, before=None) -> int:
    """The mentor has seen the mentee's replies (their feedback page, or ``entry`` alone):
    from now on those replies stay as they are. ``before``: only replies written before
    then (the moment the page started loading them), so a reply changed meanwhile, which
    the mentor may not have seen, stays open."""
    if actor.pk != relationship.mentor_id:
        return 0
    entries = FeedbackEntry.objects.filter(
        relationship=relationship, replied_at__isnull=False, reply_read_at__isnull=True)
    if entry is not None:
        entries = entries.filter(pk=entry.pk)
    if before is not None:
        entries = entries.filter(replied_at__lte=before)
    return entries.update(reply_read_at=timezone.now())


def feedback_request_create(*, actor, relationship: Relationship, topic: str,
                            details: str = "", goal_id: int | None = None, link: str = "",
                            by_date: date | None = None) -> FeedbackRequest:
    """The mentee asks for feedback on a topic, optionally about one of their shared goals,
    with a link to the work (http or https) and a date they would like it by."""
    from django.core.exceptions import ValidationError as DjangoValidationError
    from django.core.validators import URLValidator

    from tandem.growth.selectors import goals_shared_with

    _require_role(actor, relationship, "mentee")
    reject_nul_characters({"topic": topic, "details": details, "link": link})
    errors = _Errors()
    topic = errors.text(topic, "topic", MAX_TOPIC, required=True,
                        empty="Say what you would like feedback on.")
    details = errors.text(details, "details", MAX_DETAILS, required=False)
    link = errors.text(link, "link", MAX_LINK, required=False)
    if link and not any(e["field"] == "link" for e in errors.items):
        try:
            URLValidator(schemes=["http", "https"])(link)
        except DjangoValidationError:
            errors.add("link", "A web address starting with http:// or https://.")
    goal = None
    gid = _object_id(goal_id, "goal_id", errors)
    if gid:
        goal = goals_shared_with(relationship).filter(pk=gid).first()
        if goal is None:
            errors.add("goal_id", "Pick one of your goals shared with your mentor.")
    by_date = _plain_date(by_date, "by_date", errors)
    today = timezone.localdate()
    if by_date is not None:
        if by_date < today:
            errors.add("by_date", "That date has passed: pick today or later.")
        elif by_date > today + timedelta(days=REQUEST_HORIZON_DAYS):
            errors.add("by_date", "At most two years ahead.")
    errors.raise_if_any()
    _require_open(relationship, "feedback is requested")
    with transaction.atomic():
        open_count = FeedbackRequest.objects.filter(
            relationship=relationship, status=FeedbackRequestStatus.OPEN).count()
        if open_count >= MAX_OPEN_REQUESTS:
            raise ValidationFailed(f"You have {MAX_OPEN_REQUESTS} open requests: wait for "
                                   "answers or withdraw one first.", field="topic")
        feedback_request = FeedbackRequest.objects.create(
            relationship=relationship, author=actor, topic=topic, details=details, goal=goal,
            link=link, by_date=by_date)
        audit_log(actor=actor, action="feedback.request.created", target=feedback_request)
        when = f" by {by_date:%-d %B}" if by_date else ""
        notify(recipient=relationship.mentor, kind="feedback.requested",
               title=f"{actor.display_name} asked for your feedback{when}",
               url=_feedback_url(relationship, f"request-{feedback_request.pk}"))
    return feedback_request


def feedback_request_withdraw(*, actor, feedback_request: FeedbackRequest) -> FeedbackRequest:
    relationship = feedback_request.relationship
    _require_role(actor, relationship, "mentee")
    with transaction.atomic():
        now = timezone.now()
        changed = FeedbackRequest.objects.filter(
            pk=feedback_request.pk, status=FeedbackRequestStatus.OPEN).update(
            status=FeedbackRequestStatus.WITHDRAWN, closed_at=now, updated_at=now)
        if not changed:
            raise Conflict("Only an open request can be withdrawn: this one was answered "
                           "or withdrawn already.")
        audit_log(actor=actor, action="feedback.request.withdrawn", target=feedback_request)
        notify(recipient=relationship.mentor, kind="feedback.request_withdrawn",
               title=f"{actor.display_name} withdrew a feedback request",
               url=_feedback_url(relationship))
    feedback_request.refresh_from_db()
    return feedback_request


def mentor_feedback_give(*, actor, relationship: Relationship, what_helped: str = "",
                         could_be_better: str = "", kudos_consent: bool = False
                         ) -> MentorFeedback:
    """Giving back: the mentee tells the mentor what helped and what could be better (at
    least one). With ``kudos_consent``, what helped shows on the mentor's public page with
    the mentee's name. Possible after the mentorship has closed too."""
    _require_role(actor, relationship, "mentee")
    reject_nul_characters({"what_helped": what_helped, "could_be_better": could_be_better})
    errors = _Errors()
    what_helped = errors.text(what_helped, "what_helped", MAX_GIVEBACK, required=False)
    could_be_better = errors.text(could_be_better, "could_be_better", MAX_GIVEBACK,
                                  required=False)
    if not isinstance(kudos_consent, bool):
        errors.add("kudos_consent", "Yes or no (true or false).")
    if not errors.items and not what_helped and not could_be_better:
        errors.add("what_helped", "Say what helped, what could be better, or both.")
        errors.add("could_be_better", "Say what helped, what could be better, or both.")
    if kudos_consent is True and not what_helped and not errors.items:
        errors.add("kudos_consent", "Kudos show what helped: write that to share it.")
    errors.raise_if_any()
    with transaction.atomic():
        item = MentorFeedback.objects.create(
            relationship=relationship, author=actor, what_helped=what_helped,
            could_be_better=could_be_better, kudos_consent=kudos_consent,
            consented_at=timezone.now() if kudos_consent else None)
        audit_log(actor=actor, action="feedback.mentor_feedback.given", target=item,
                  data={"kudos_consent": kudos_consent})
        notify(recipient=relationship.mentor, kind="feedback.mentor_feedback",
               title=f"{actor.display_name} gave you feedback on your mentoring",
               url=_feedback_url(relationship, f"giveback-{item.pk}"))
    return item


def mentor_feedback_set_consent(*, actor, mentor_feedback: MentorFeedback, consent: bool
                                ) -> MentorFeedback:
    """Give or take back consent to show what helped as kudos on the mentor's page."""
    if actor.pk != mentor_feedback.author_id:
        raise Forbidden("Only its author can change this.")
    if not isinstance(consent, bool):
        raise ValidationFailed("Yes or no (true or false).", field="consent")
    if consent and not mentor_feedback.what_helped:
        raise ValidationFailed("Kudos show what helped, and this feedback says nothing "
                               "about that.", field="consent")
    if mentor_feedback.kudos_consent == consent:
        return mentor_feedback
    with transaction.atomic():
        mentor_feedback.kudos_consent = consent
        mentor_feedback.consented_at = timezone.now() if consent else None
        mentor_feedback.save(update_fields=["kudos_consent", "consented_at", "updated_at"])
        audit_log(actor=actor, action="feedback.mentor_feedback.kudos_shared" if consent
                  else "feedback.mentor_feedback.kudos_withdrawn", target=mentor_feedback)
    return mentor_feedback


def contribution_add(*, actor, relationship: Relationship, kind: str, description: str,
                     date: date) -> Contribution:  # noqa: A002 - the field's name
    """Record something the mentee did for the mentor (a resource, an introduction, a
    review). Dated on or before today."""
    day = date
    _require_role(actor, relationship, "mentee")
    reject_nul_characters({"kind": kind, "description": description})
    errors = _Errors()
    if kind not in ContributionKind.values:
        errors.add("kind", f"Use one of {', '.join(ContributionKind.values)}.")
    description = errors.text(description, "description", MAX_CONTRIBUTION, required=True,
                              empty="Say what you did.")
    if day is None:
        errors.add("date", "Give the date.")
    else:
        day = _plain_date(day, "date", errors)
        # A day of slack: "today" on the mentee's clock may be tomorrow on the server's.
        if day is not None and day > timezone.localdate() + timedelta(days=1):
            errors.add("date", "That date is in the future: record what you have done.")
        elif day is not None and day < EARLIEST_CONTRIBUTION:
            errors.add("date", f"On or after {EARLIEST_CONTRIBUTION:%-d %B %Y}.")
    errors.raise_if_any()
    with transaction.atomic():
        item = Contribution.objects.create(relationship=relationship, author=actor, kind=kind,
                                           description=description, date=day)
        audit_log(actor=actor, action="feedback.contribution.added", target=item,
                  data={"kind": kind})
        notify(recipient=relationship.mentor, kind="feedback.contribution",
               title=f"{actor.display_name} recorded a contribution to your mentorship",
               url=_feedback_url(relationship, "giving-back"))
    return item


def contribution_delete(*, actor, contribution: Contribution) -> None:
    if actor.pk != contribution.author_id:
        raise Forbidden("Only its author can remove it.")
    with transaction.atomic():
        audit_log(actor=actor, action="feedback.contribution.deleted", target=contribution)
        contribution.delete()
