"""Every write of the mentorship lifecycle: requests, relationships, reflections and the
agreement. Each state change is a conditional UPDATE on the current state, so two
conflicting actions at the same moment (an accept and a withdraw, two accepts at full
capacity) can never both succeed, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.choices import (
    WEEKDAYS,
    Channel,
    FeedbackFormat,
    FeedbackStyle,
    FeedbackTiming,
    timezone_names,
)
from tandem.accounts.models import CareerGoal, Profile, User
from tandem.core.audit import audit_log
from tandem.core.errors import Conflict, FieldErrors, ValidationFailed
from tandem.core.once import claim
from tandem.core.validation import (
    TOO_LONG_COUNTED,
    Text,
    check_text,
    check_texts,
    is_id,
    reject_nul_characters,
)
from tandem.mentorships.models import (
    Agreement,
    Cadence,
    DeclineReason,
    MentorshipRequest,
    Reflection,
    Relationship,
    RequestMessage,
)
from tandem.mentorships.selectors import agreement_goals
from tandem.notifications.services import notify

State = MentorshipRequest.State
RState = Relationship.State

MAX_OBJECTIVES = 10
MAX_PAUSE_DAYS = 180
START_WITHIN_DAYS = 365


def _text(value, *, field: str, limit: int, required: bool = True) -> str:
    return check_text(value, field=field, limit=limit, required=required, nul=True,
                      too_long=TOO_LONG_COUNTED)


def _name(user: User) -> str:
    return user.display_name


def _transition(model, obj, *, allowed, to: str, actor, action: str, extra: dict | None = None,
                where: dict | None = None):
    """Move ``obj`` from one of ``allowed`` states to ``to`` with a conditional UPDATE; a
    concurrent change in between makes it a Conflict instead of a lost update. ``where``
    adds conditions the row must still meet."""
    fields = {"state": to, "updated_at": timezone.now(), **(extra or {})}
    changed = model.objects.filter(pk=obj.pk, state__in=allowed, **(where or {})).update(**fields)
    if not changed:
        obj.refresh_from_db(fields=["state"])
        raise Conflict(
            f"This is {obj.get_state_display().lower()} now, so it cannot be changed that way.")
    for key, value in fields.items():
        setattr(obj, key, value)
    audit_log(actor=actor, action=action, target=obj, data={"to": to})
    return obj


# --- Requests -------------------------------------------------------------------------


def request_create(*, actor: User, mentor: User, message: str, goal_ids: list[int] | None = None,
                   cadence: str = Cadence.BIWEEKLY, channel: str = Channel.VIDEO
                   ) -> MentorshipRequest:
    """A mentee asks a mentor. Limits: one open request per pair (a database constraint),
    at most TANDEM_MAX_OPEN_REQUESTS open at once, never to oneself or to someone already
    mentoring them, only to mentors open to requests with a free place."""
    message = _text(message, field="message", limit=4000)
    if cadence not in Cadence.values:
        raise ValidationFailed(f"Use one of {', '.join(Cadence.values)}.", field="cadence")
    if channel not in Channel.values:
        raise ValidationFailed(f"Use one of {', '.join(Channel.values)}.", field="channel")
    if mentor.pk == actor.pk:
        raise ValidationFailed("You cannot ask yourself to be your mentor.", field="mentor")
    goal_ids = goal_ids or []
    if not isinstance(goal_ids, list | tuple) or not all(is_id(pk) for pk in goal_ids):
        raise ValidationFailed("Pick goals from your own list.", field="goal_ids")
    goal_ids = list(dict.fromkeys(goal_ids))
    goals = list(CareerGoal.objects.filter(user=actor, pk__in=goal_ids))
    if len(goals) != len(goal_ids):
        raise ValidationFailed("Pick goals from your own list.", field="goal_ids")

    with transaction.atomic():
        mentor_profile = Profile.objects.get(user=mentor)
        if not mentor_profile.is_mentor or not mentor.is_active:
            raise ValidationFailed("This person is not a mentor.", field="mentor")
        if not mentor_profile.open_to_requests:
            raise Conflict(f"{_name(mentor)} is not taking new requests right now.")
        if mentor_profile.mentor_capacity <= mentor_profile.places_taken:
            raise Conflict(f"{_name(mentor)} has no free places right now.")
        if Relationship.objects.filter(mentee=actor, mentor=mentor,
                                       state__in=Relationship.OPEN_STATES).exists():
            raise Conflict(f"{_name(mentor)} is already your mentor.")
        if MentorshipRequest.objects.filter(mentee=actor, mentor=mentor,
                                            state__in=MentorshipRequest.OPEN_STATES).exists():
            raise Conflict(f"You already have an open request to {_name(mentor)}.")
        open_count = MentorshipRequest.objects.filter(
            mentee=actor, state__in=MentorshipRequest.OPEN_STATES).count()
        limit = settings.TANDEM_MAX_OPEN_REQUESTS
        if open_count >= limit:
            raise Conflict(f"You have {open_count} open requests, the most at once. Wait "
                           "for an answer or withdraw one first.")
        try:
            with transaction.atomic():
                req = MentorshipRequest.objects.create(
                    mentee=actor, mentor=mentor, message=message, proposed_cadence=cadence,
                    proposed_channel=channel,
                    expires_at=timezone.now() + timedelta(days=settings.TANDEM_REQUEST_EXPIRY_DAYS),
                )
        except IntegrityError:  # a concurrent request for the same pair won
            raise Conflict(f"You already have an open request to {_name(mentor)}.") from None
        req.goals.set(goals)
        profile = Profile.objects.get(user=actor)
        if not profile.is_mentee:
            Profile.objects.filter(pk=profile.pk).update(is_mentee=True)
        audit_log(actor=actor, action="mentorships.request.created", target=req)
        notify(recipient=mentor, kind="request.received",
               title=f"{_name(actor)} asked you to be their mentor",
               body="Read their message and answer: accept, decline, or ask for more "
                    "information.", url=reverse("mentorships:request", args=[req.pk]))
    return req


def _first_response(req: MentorshipRequest) -> dict:
    return {} if req.first_response_at else {"first_response_at": timezone.now()}


def request_ask_info(*, actor: User, request: MentorshipRequest, question: str
                     ) -> MentorshipRequest:
    """The mentor asks the mentee for more information; the request goes back to them,
    with a fresh expiry period to answer in (a question asked an hour before the request
    expires must not expire it an hour later)."""
    question = _text(question, field="question", limit=4000)
    with transaction.atomic():
        expires = timezone.now() + timedelta(days=settings.TANDEM_REQUEST_EXPIRY_DAYS)
        _transition(MentorshipRequest, request, allowed=[State.PENDING], to=State.INFO_REQUESTED,
                    actor=actor, action="mentorships.request.info_requested",
                    extra={"expires_at": expires, "reminder_sent_at": None,
                           **_first_response(request)})
        RequestMessage.objects.create(request=request, author=actor,
                                      kind=RequestMessage.Kind.QUESTION, body=question)
        notify(recipient=request.mentee, kind="request.info_requested",
               title=f"{_name(actor)} would like to know more before answering",
               body="Reply on your request to send it back to them.",
               url=reverse("mentorships:request", args=[request.pk]))
    return request


def request_reply(*, actor: User, request: MentorshipRequest, reply: str) -> MentorshipRequest:
    """The mentee answers the mentor's question; the request returns to the mentor with a
    fresh expiry period."""
    reply = _text(reply, field="reply", limit=4000)
    with transaction.atomic():
        expires = timezone.now() + timedelta(days=settings.TANDEM_REQUEST_EXPIRY_DAYS)
        _transition(MentorshipRequest, request, allowed=[State.INFO_REQUESTED], to=State.PENDING,
                    actor=actor, action="mentorships.request.replied",
                    extra={"expires_at": expires, "reminder_sent_at": None})
        RequestMessage.objects.create(request=request, author=actor,
                                      kind=RequestMessage.Kind.REPLY, body=reply)
        notify(recipient=request.mentor, kind="request.replied",
               title=f"{_name(actor)} answered your question",
               url=reverse("mentorships:request", args=[request.pk]))
    return request


def _take_place(mentor: User) -> bool:
    """Take one of the mentor's places, or report that none is left. One conditional
    UPDATE: concurrent accepts serialise on the row and can never overfill it."""
    return bool(Profile.objects.filter(
        user=mentor, places_taken__lt=F("mentor_capacity")
    ).update(places_taken=F("places_taken") + 1))


def _free_place(mentor: User) -> None:
    Profile.objects.filter(user=mentor, places_taken__gt=0).update(
        places_taken=F("places_taken") - 1)


def place_take(*, mentor: User) -> None:
    """Take one of ``mentor``'s places for a mentorship that starts now, or raise
    ``Conflict`` saying none is left (with the count). The same conditional UPDATE as
    accepting a request, so concurrent starts never overfill a mentor. Call it inside the
    transaction that starts the mentorship."""
    if not _take_place(mentor):
        profile = Profile.objects.get(user=mentor)
        raise Conflict(f"{_name(mentor)} has no free place left ({profile.places_taken} of "
                       f"{profile.mentor_capacity} taken).")


AGREEMENT_START_FIELDS = ("objectives", "report_every_weeks", "start_date", "end_date")


def relationship_start(*, mentee: User, mentor: User, program=None,
                       agreement: dict | None = None) -> Relationship:
    """Start a mentorship that no request led to (a program's match): both accounts must be
    active and not in an open mentorship together, and a place of the mentor is taken. A
    draft agreement (version 1) waits for both to confirm it, pre-filled from ``agreement``
    (any of ``AGREEMENT_START_FIELDS``) and the mentee's feedback preferences. Raises
    ``Conflict`` whose message says why it cannot start; nothing is written then."""
    unknown = set(agreement or {}) - set(AGREEMENT_START_FIELDS)
    if unknown:
        raise ValueError(f"unknown agreement fields: {sorted(unknown)}")
    with transaction.atomic():
        for person in (mentee, mentor):
            if not User.objects.filter(pk=person.pk, is_active=True).exists():
                raise Conflict(f"{_name(person)}'s account is not active.")
        open_one = Relationship.objects.filter(mentee=mentee, mentor=mentor,
                                               state__in=Relationship.OPEN_STATES).first()
        if open_one is not None:
            raise Conflict(f"{_name(mentee)} and {_name(mentor)} already have a mentorship "
                           f"(#{open_one.pk}).")
        place_take(mentor=mentor)
        try:
            with transaction.atomic():
                relationship = Relationship.objects.create(
                    mentee=mentee, mentor=mentor, program=program, started_at=timezone.now())
        except IntegrityError:  # started by someone else at the same moment
            raise Conflict(f"{_name(mentee)} and {_name(mentor)} already have a "
                           "mentorship.") from None
        profile = Profile.objects.get(user=mentee)
        start = timezone.localdate()
        fields = {"objectives": [], "start_date": start, "end_date": start + timedelta(weeks=12),
                  **(agreement or {})}
        Agreement.objects.create(
            relationship=relationship, version=1, status=Agreement.Status.DRAFT,
            timezone=profile.timezone, feedback_format=profile.feedback_format,
            feedback_style=profile.feedback_style, feedback_timing=profile.feedback_timing,
            feedback_notes=profile.feedback_notes, **fields)
        audit_log(actor=None, action="mentorships.relationship.started", target=relationship,
                  data={"program": getattr(program, "pk", None)})
    return relationship


def request_accept(*, actor: User, request: MentorshipRequest) -> Relationship:
    """The mentor accepts: a place is taken, the relationship starts, and a draft agreement
    pre-filled from the request and both profiles waits for both to confirm."""
    with transaction.atomic():
        try:
            place_take(mentor=request.mentor)
        except Conflict:  # said to the mentor, who is the one answering
            profile = Profile.objects.get(user=request.mentor)
            raise Conflict(
                f"All your places are taken ({profile.places_taken} of "
                f"{profile.mentor_capacity}). Raise your capacity in your profile, or close "
                "a mentorship first.") from None
        _transition(MentorshipRequest, request, allowed=MentorshipRequest.OPEN_STATES,
                    to=State.ACCEPTED, actor=actor, action="mentorships.request.accepted",
                    extra={"closed_at": timezone.now(), **_first_response(request)})
        try:
            with transaction.atomic():
                relationship = Relationship.objects.create(
                    mentee=request.mentee, mentor=request.mentor, request=request,
                    started_at=timezone.now())
        except IntegrityError:
            raise Conflict("You are already mentoring this person.") from None
        _draft_from_request(relationship, request, actor=actor)
        audit_log(actor=actor, action="mentorships.relationship.started", target=relationship)
        notify(recipient=request.mentee, kind="request.accepted",
               title=f"{_name(actor)} accepted your request",
               body="Next, agree together how you will work: objectives, meetings, "
                    "feedback and confidentiality.",
               url=reverse("mentorships:agreement", args=[relationship.pk]))
    return relationship


def request_decline(*, actor: User, request: MentorshipRequest, reason_id: int | None = None,
                    text: str = "") -> MentorshipRequest:
    text = _text(text, field="text", limit=2000, required=False)
    reason = None
    if reason_id is not None:
        reason = DeclineReason.objects.filter(pk=reason_id, active=True).first()
        if reason is None:
            raise ValidationFailed("Pick one of the offered reasons.", field="reason_id")
    if reason is None and not text:
        raise ValidationFailed("Pick a reason or write a few words.", field="reason_id")
    with transaction.atomic():
        _transition(MentorshipRequest, request, allowed=MentorshipRequest.OPEN_STATES,
                    to=State.DECLINED, actor=actor, action="mentorships.request.declined",
                    extra={"closed_at": timezone.now(), "decline_reason": reason,
                           "decline_text": text, **_first_response(request)})
        notify(recipient=request.mentee, kind="request.declined",
               title=f"{_name(actor)} cannot take you on",
               body="Their answer is on your request, with other mentors who fit.",
               url=reverse("mentorships:request", args=[request.pk]))
    return request


def request_withdraw(*, actor: User, request: MentorshipRequest) -> MentorshipRequest:
    with transaction.atomic():
        _transition(MentorshipRequest, request, allowed=MentorshipRequest.OPEN_STATES,
                    to=State.WITHDRAWN, actor=actor, action="mentorships.request.withdrawn",
                    extra={"closed_at": timezone.now()})
        notify(recipient=request.mentor, kind="request.withdrawn",
               title=f"{_name(actor)} withdrew their request",
               url=reverse("mentorships:request", args=[request.pk]))
    return request


def requests_expire(*, now: datetime | None = None) -> int:
    """Expire open requests past their date (run periodically). Returns how many. The
    notifications say whose turn it was: the mentor's (pending) or the mentee's (the
    mentor had asked a question)."""
    now = now or timezone.now()
    count = 0
    due = MentorshipRequest.objects.filter(state__in=MentorshipRequest.OPEN_STATES,
                                           expires_at__lte=now)
    for req in due.select_related("mentee__profile", "mentor__profile"):
        was = req.state
        with transaction.atomic():
            try:
                # Only from the state read above and only if still due: a reply at the
                # same moment moves the request on and renews its expiry.
                _transition(MentorshipRequest, req, allowed=[was], to=State.EXPIRED,
                            actor=None, action="mentorships.request.expired",
                            extra={"closed_at": now}, where={"expires_at__lte": now})
            except Conflict:
                continue  # answered in the meantime
            url = reverse("mentorships:request", args=[req.pk])
            if was == State.INFO_REQUESTED:
                notify(recipient=req.mentee, kind="request.expired",
                       title=f"Your request to {_name(req.mentor)} expired: you did not "
                             "answer their question in time",
                       body="You can ask them again, or ask another mentor.", url=url)
                notify(recipient=req.mentor, kind="request.expired",
                       title=f"{_name(req.mentee)}'s request expired while waiting for "
                             "their answer", url=url)
            else:
                notify(recipient=req.mentee, kind="request.expired",
                       title=f"Your request to {_name(req.mentor)} expired",
                       body="They did not answer in time. Here are other mentors who fit.",
                       url=url)
                notify(recipient=req.mentor, kind="request.expired",
                       title="A mentoring request to you expired unanswered", url=url)
            count += 1
    return count


def requests_remind(*, now: datetime | None = None) -> int:
    """Remind whoever's turn it is of a request that expires within
    TANDEM_REQUEST_REMINDER_DAYS: the mentor of a pending request, the mentee of one whose
    mentor asked a question. Once per waiting period."""
    now = now or timezone.now()
    soon = now + timedelta(days=settings.TANDEM_REQUEST_REMINDER_DAYS)
    due = MentorshipRequest.objects.filter(state__in=MentorshipRequest.OPEN_STATES,
                                           expires_at__lte=soon, expires_at__gt=now,
                                           reminder_sent_at__isnull=True)
    count = 0
    for req in due.select_related("mentee__profile", "mentor__profile"):
        with transaction.atomic():
            if not claim(MentorshipRequest.objects.filter(
                    pk=req.pk, state=req.state, reminder_sent_at__isnull=True),
                    reminder_sent_at=now):
                continue
            days = max(1, (req.expires_at - now).days)
            in_days = f"{days} day{'s' if days != 1 else ''}"
            url = reverse("mentorships:request", args=[req.pk])
            if req.state == State.INFO_REQUESTED:
                notify(recipient=req.mentee, kind="request.reminder",
                       title=f"{_name(req.mentor)} is waiting for your answer; the request "
                             f"expires in {in_days}", url=url)
            else:
                notify(recipient=req.mentor, kind="request.reminder",
                       title=f"{_name(req.mentee)}'s request expires in {in_days}", url=url)
            count += 1
    return count


# --- Relationships --------------------------------------------------------------------


def _utc_today() -> date:
    """Resume dates are whole dates read in UTC (see relationships_resume_due)."""
    return timezone.localdate(timezone=UTC)


def relationship_pause(*, actor: User | None, relationship: Relationship,
                       until: date | None = None, reason: str = "") -> Relationship:
    """Pause an active mentorship, optionally until a date at most six months ahead.
    Without an actor Tandem pauses it (a long quiet time) and tells both why."""
    reason = _text(reason, field="reason", limit=2000, required=False)
    if until is not None and until <= _utc_today():
        raise ValidationFailed("The resume date must be in the future.", field="until")
    if until is not None and until > _utc_today() + timedelta(days=MAX_PAUSE_DAYS):
        raise ValidationFailed("Pause for at most six months.", field="until")
    with transaction.atomic():
        _transition(Relationship, relationship, allowed=[RState.ACTIVE], to=RState.PAUSED,
                    actor=actor, action="mentorships.relationship.paused",
                    extra={"paused_until": until})
        when = f" until {until:%-d %B %Y}" if until else ""
        recipients = ([relationship.other_party(actor)] if actor
                      else [relationship.mentee, relationship.mentor])
        for person in recipients:
            notify(recipient=person, kind="relationship.paused",
                   title=f"{_name(actor)} paused your mentorship{when}" if actor
                   else f"Your mentorship was paused{when}",
                   body=reason, url=reverse("mentorships:detail", args=[relationship.pk]))
    return relationship


def relationship_resume(*, actor: User | None, relationship: Relationship) -> Relationship:
    with transaction.atomic():
        _transition(Relationship, relationship, allowed=[RState.PAUSED], to=RState.ACTIVE,
                    actor=actor, action="mentorships.relationship.resumed",
                    extra={"paused_until": None})
        recipients = ([relationship.other_party(actor)] if actor
                      else [relationship.mentee, relationship.mentor])
        for person in recipients:
            notify(recipient=person, kind="relationship.resumed",
                   title="Your mentorship is active again" if actor is None
                   else f"{_name(actor)} resumed your mentorship",
                   url=reverse("mentorships:detail", args=[relationship.pk]))
    return relationship


def relationships_resume_due(*, today: date | None = None) -> int:
    """Resume paused relationships whose resume date has come (run periodically).

    A resume date is read in UTC, whatever the server's TIME_ZONE: a mentorship paused
    until 3 March resumes at the first run on or after 3 March 00:00 UTC (which is still
    2 March in the Americas and already late on 3 March in Asia)."""
    today = today or _utc_today()
    count = 0
    for rel in Relationship.objects.filter(state=RState.PAUSED, paused_until__lte=today):
        try:
            relationship_resume(actor=None, relationship=rel)
            count += 1
        except Conflict:
            continue
    return count


def _close(*, actor: User, relationship: Relationship, to: str, reason: str) -> Relationship:
    with transaction.atomic():
        _transition(Relationship, relationship, allowed=Relationship.OPEN_STATES, to=to,
                    actor=actor, action=f"mentorships.relationship.{to}",
                    extra={"ended_at": timezone.now(), "ended_by_id": actor.pk,
                           "end_reason": reason})
        _free_place(relationship.mentor)
        verb = "completed" if to == RState.COMPLETED else "ended"
        url = reverse("mentorships:reflection", args=[relationship.pk])
        notify(recipient=relationship.other_party(actor), kind=f"relationship.{to}",
               title=f"{_name(actor)} {verb} your mentorship",
               body="Take a few minutes for your closing reflection: what you achieved, and "
                    "how it went.", url=url)
        notify(recipient=actor, kind="reflection.due", email=False,
               title="Write your closing reflection", url=url)
    return relationship


def relationship_complete(*, actor: User, relationship: Relationship) -> Relationship:
    """Close a mentorship that ran its course. Frees the mentor's place; both parties are
    asked for a closing reflection."""
    return _close(actor=actor, relationship=relationship, to=RState.COMPLETED, reason="")


def relationship_end_early(*, actor: User, relationship: Relationship, reason: str
                           ) -> Relationship:
    reason = _text(reason, field="reason", limit=2000)
    return _close(actor=actor, relationship=relationship, to=RState.ENDED_EARLY, reason=reason)


def reflection_submit(*, actor: User, relationship: Relationship, achieved: str, rating: int,
                      would_recommend: bool, private_remark: str = "") -> Reflection:
    """A party's closing reflection, once per party, after the mentorship closed."""
    texts = check_texts({
        "achieved": Text(achieved, 4000, nul=True, too_long=TOO_LONG_COUNTED),
        "private_remark": Text(private_remark, 2000, required=False, nul=True,
                               too_long=TOO_LONG_COUNTED),
    })
    achieved, private_remark = texts["achieved"], texts["private_remark"]
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationFailed("Rate from 1 to 5.", field="rating")
    if not isinstance(would_recommend, bool):
        raise ValidationFailed("Answer yes or no.", field="would_recommend")
    if not relationship.is_closed:
        raise Conflict("Reflections are written when the mentorship has closed.")
    with transaction.atomic():
        try:
            with transaction.atomic():
                reflection = Reflection.objects.create(
                    relationship=relationship, author=actor, achieved=achieved, rating=rating,
                    would_recommend=would_recommend, private_remark=private_remark)
        except IntegrityError:
            raise Conflict("You have written your reflection already.") from None
        audit_log(actor=actor, action="mentorships.reflection.submitted", target=relationship)
    return reflection


def become_mentor(*, actor: User, skills: list[str], capacity: int = 1) -> Profile:
    """Pay it forward: add the mentor role, with the skills the person grew pre-filled."""
    from tandem.accounts.services import profile_update

    profile = Profile.objects.get(user=actor)
    return profile_update(actor=actor, profile=profile, changes={
        "is_mentor": True, "skills_offered": skills, "mentor_capacity": capacity,
        "open_to_requests": True})


# --- Agreement ------------------------------------------------------------------------

AGREEMENT_FIELDS = (
    "objectives", "channel", "meeting_place", "cadence", "custom_interval_days", "weekday",
    "meeting_time", "timezone", "duration_minutes", "feedback_format", "feedback_style",
    "feedback_timing", "feedback_notes", "confidentiality", "report_every_weeks",
    "start_date", "end_date",
)
FIELD_LABELS = {
    "objectives": "Objectives", "channel": "How we meet", "meeting_place": "Link or place",
    "cadence": "How often", "custom_interval_days": "Every how many days",
    "weekday": "Day", "meeting_time": "Time", "timezone": "Timezone",
    "duration_minutes": "Length", "feedback_format": "Feedback format",
    "feedback_style": "Feedback style", "feedback_timing": "Feedback timing",
    "feedback_notes": "Feedback notes", "confidentiality": "Confidentiality",
    "report_every_weeks": "Progress reports", "start_date": "Start", "end_date": "End",
}


def _draft_from_request(relationship: Relationship, request: MentorshipRequest, *, actor):
    mentee = Profile.objects.get(user=relationship.mentee)
    start = timezone.localdate()
    objectives = [{"text": goal.title, "goal_id": goal.pk} for goal in request.goals.all()]
    return Agreement.objects.create(
        relationship=relationship, version=1, status=Agreement.Status.DRAFT,
        objectives=objectives, channel=request.proposed_channel, cadence=request.proposed_cadence,
        timezone=mentee.timezone, feedback_format=mentee.feedback_format,
        feedback_style=mentee.feedback_style, feedback_timing=mentee.feedback_timing,
        feedback_notes=mentee.feedback_notes, start_date=start,
        end_date=start + timedelta(weeks=12), proposed_by=actor,
    )


def _clean_agreement(changes: dict, *, relationship: Relationship, base: Agreement) -> dict:
    """Validate a partial change to an agreement against the version it applies to.
    Objectives link only goals the mentor may see (``agreement_goals``); the mentee's
    private goals answer like goals that do not exist."""
    reject_nul_characters(changes)
    errors = FieldErrors()
    err = errors.add

    unknown = set(changes) - set(AGREEMENT_FIELDS)
    for key in sorted(unknown):
        err(key, "Not an agreement field.")
    clean = {}
    if "objectives" in changes:
        items = changes["objectives"]
        if not isinstance(items, list) or len(items) > MAX_OBJECTIVES:
            err("objectives", f"Give a list of at most {MAX_OBJECTIVES} objectives.")
        else:
            goal_ids = {goal.pk for goal in agreement_goals(relationship)}
            result = []
            for index, item in enumerate(items):
                item = {"text": item} if isinstance(item, str) else item
                text = item.get("text") if isinstance(item, dict) else None
                if not isinstance(text, str) or not text.strip():
                    err(f"objectives[{index}]", "An objective needs some text.")
                    continue
                if len(text.strip()) > 300:
                    err(f"objectives[{index}]", "At most 300 characters.")
                    continue
                goal_id = item.get("goal_id")
                if goal_id is not None and (isinstance(goal_id, bool)
                                            or goal_id not in goal_ids):
                    err(f"objectives[{index}].goal_id", "Link one of the mentee's career goals.")
                    continue
                result.append({"text": text.strip(), "goal_id": goal_id})
            clean["objectives"] = result
    choices = {"channel": Channel, "cadence": Cadence, "feedback_format": FeedbackFormat,
               "feedback_style": FeedbackStyle, "feedback_timing": FeedbackTiming}
    for field, enum in choices.items():
        if field in changes:
            if changes[field] not in enum.values:
                err(field, f"Use one of {', '.join(enum.values)}.")
            else:
                clean[field] = changes[field]
    texts = check_texts({field: Text(changes[field] or "", limit, required=False)
                         for field, limit in (("meeting_place", 300), ("feedback_notes", 500),
                                              ("confidentiality", 4000))
                         if field in changes}, errors=errors)
    clean |= {field: value for field, value in texts.items() if not errors.has(field)}
    if "confidentiality" in clean and not clean["confidentiality"]:
        err("confidentiality", "Agree on some confidentiality terms.")

    def int_in(field, low, high, *, nullable=False):
        if field not in changes:
            return
        value = changes[field]
        if value is None and nullable:
            clean[field] = None
        elif isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            err(field, f"A whole number from {low} to {high}.")
        else:
            clean[field] = value

    int_in("custom_interval_days", 1, 90, nullable=True)
    int_in("weekday", 0, 6, nullable=True)
    int_in("duration_minutes", 15, 240)
    int_in("report_every_weeks", 1, 26)
    if "meeting_time" in changes:
        value = changes["meeting_time"]
        if value in (None, ""):
            clean["meeting_time"] = None
        else:
            try:
                parsed = value if isinstance(value, time) else time.fromisoformat(str(value))
            except ValueError:
                err("meeting_time", "A time like 18:30.")
            else:
                # "18:00Z" parses to an aware time, which the database cannot store (and
                # the agreement's timezone field already says where 18:00 is).
                if parsed.tzinfo is not None:
                    err("meeting_time", "A local time like 18:30; the timezone is a separate "
                        "field.")
                else:
                    clean["meeting_time"] = parsed
    if "timezone" in changes:
        if changes["timezone"] not in timezone_names():
            err("timezone", f"Unknown timezone {changes['timezone']!r}.")
        else:
            clean["timezone"] = changes["timezone"]
    for field in ("start_date", "end_date"):
        if field in changes:
            value = changes[field]
            if isinstance(value, date):
                clean[field] = value
            else:
                try:
                    clean[field] = date.fromisoformat(str(value))
                except ValueError:
                    err(field, "A date like 2026-03-01.")
    # Checked only when the start moves, so a long mentorship can still be amended.
    start = clean.get("start_date")
    if start is not None and start != base.start_date and abs(
            (start - timezone.localdate()).days) > START_WITHIN_DAYS:
        err("start_date", "Start within a year of today.")
    elif start is not None and start != base.start_date:
        began = timezone.localtime(relationship.started_at).date()
        if start < began:
            err("start_date", "Start on or after the day the mentorship began "
                f"({began.day} {began:%B %Y}).")
    errors.raise_if_any()

    merged = {field: clean.get(field, getattr(base, field)) for field in AGREEMENT_FIELDS}
    if merged["cadence"] == Cadence.CUSTOM and not merged["custom_interval_days"]:
        err("custom_interval_days", "Say every how many days you meet.")
    weeks = (merged["end_date"] - merged["start_date"]).days / 7
    if merged["end_date"] <= merged["start_date"]:
        err("end_date", "The end comes before the start.")
    elif not 4 <= weeks <= 52:
        err("end_date", f"A mentorship runs 4 to 52 weeks (this is {weeks:.0f}).")
    if errors.items:
        # The first fault's own words, even when there are two (unlike raise_if_any).
        first = errors.items[0]
        raise ValidationFailed(first["message"], field=first["field"], errors=errors.items)
    return clean


def _display(field: str, value) -> str:
    if value in (None, "", []):
        return "—"
    if field == "objectives":
        return "; ".join(item["text"] for item in value)
    if field == "weekday":
        return WEEKDAYS[value]
    if field == "meeting_time":
        return value.strftime("%H:%M")
    if field in ("channel",):
        return Channel(value).label
    if field == "cadence":
        return Cadence(value).label
    if field == "duration_minutes":
        return f"{value} minutes"
    if field == "report_every_weeks":
        return f"every {value} week{'s' if value != 1 else ''}"
    if field in ("start_date", "end_date"):
        return value.isoformat()
    return str(value)


def agreement_differences(old: Agreement, new: Agreement) -> list[dict]:
    """What differs between two versions, field by field, in words."""
    return [
        {"field": field, "label": FIELD_LABELS[field],
         "before": _display(field, getattr(old, field)),
         "after": _display(field, getattr(new, field))}
        for field in AGREEMENT_FIELDS if getattr(old, field) != getattr(new, field)
    ]


def _confirmed(relationship: Relationship) -> Agreement | None:
    return relationship.agreements.filter(status=Agreement.Status.CONFIRMED).first()


def _stamp_field(actor: User, relationship: Relationship) -> str:
    return ("mentee_confirmed_at" if actor.pk == relationship.mentee_id
            else "mentor_confirmed_at")


def agreement_propose(*, actor: User, relationship: Relationship, changes: dict) -> Agreement:
    """Change the agreement. Edits the open draft, or, when only a confirmed version exists,
    starts a new draft (an amendment) from it. Any change asks both to confirm again.

    Saving a draft without changing it (an empty change, a page saved as it was) is not a
    proposal: it confirms the draft for whoever has not confirmed it yet (and puts it in
    force if the other party has), and is refused as "Nothing changed." otherwise. A change
    that makes an amendment equal to the version in force withdraws it: the draft is
    deleted and the confirmed version is returned."""
    if not relationship.is_open:
        raise Conflict("The mentorship has closed; its agreement can no longer change.")
    with transaction.atomic():
        draft = (Agreement.objects.select_for_update()
                 .filter(relationship=relationship, status=Agreement.Status.DRAFT).first())
        confirmed = _confirmed(relationship)
        base = draft or confirmed
        clean = _clean_agreement(changes, relationship=relationship, base=base)
        if draft is not None and all(getattr(draft, f) == v for f, v in clean.items()):
            if getattr(draft, _stamp_field(actor, relationship)):
                raise ValidationFailed("Nothing changed.", field=None)
            return _confirm_draft(draft, actor=actor, relationship=relationship)
        amending = draft is None
        if amending:
            draft = Agreement(relationship=relationship, version=confirmed.version + 1,
                              status=Agreement.Status.DRAFT)
            for field in AGREEMENT_FIELDS:
                setattr(draft, field, getattr(confirmed, field))
        for field, value in clean.items():
            setattr(draft, field, value)
        draft.changes = agreement_differences(confirmed, draft) if confirmed else []
        if confirmed and not draft.changes:
            if amending:
                raise ValidationFailed("That is what you agreed already: change something.",
                                       field=None)
            return _withdraw(draft, actor=actor, relationship=relationship,
                             confirmed=confirmed)
        draft.proposed_by = actor
        # Proposing a text is agreeing to it: the proposer's confirmation is recorded now
        # and only the other party is asked. (Not without objectives: that cannot be
        # confirmed.) Any earlier confirmation of the old text is void.
        now = timezone.now() if draft.objectives else None
        mine_is_mentee = actor.pk == relationship.mentee_id
        draft.mentee_confirmed_at = now if mine_is_mentee else None
        draft.mentor_confirmed_at = None if mine_is_mentee else now
        draft.reminder_sent_at = None
        try:
            with transaction.atomic():
                draft.save()
        except IntegrityError:
            raise Conflict("Someone changed the agreement at the same time; reload and "
                           "try again.") from None
        audit_log(actor=actor, action="mentorships.agreement.proposed", target=draft,
                  data={"version": draft.version, "fields": sorted(clean)})
        what = "a change to" if confirmed else "an update to"
        notify(recipient=relationship.other_party(actor), kind="agreement.proposed",
               title=f"{_name(actor)} proposed {what} your mentorship agreement",
               body="Read it and confirm it, or propose a change.",
               url=reverse("mentorships:agreement", args=[relationship.pk]))
    return draft


def _withdraw(draft: Agreement, *, actor: User, relationship: Relationship,
              confirmed: Agreement) -> Agreement:
    """Delete a proposed amendment; the confirmed version simply stays in force."""
    audit_log(actor=actor, action="mentorships.agreement.withdrawn", target=draft,
              data={"version": draft.version})
    Agreement.objects.filter(pk=draft.pk, status=Agreement.Status.DRAFT).delete()
    notify(recipient=relationship.other_party(actor), kind="agreement.withdrawn",
           title=f"{_name(actor)} withdrew the proposed change to your mentorship agreement",
           body=f"Version {confirmed.version} stays in force.",
           url=reverse("mentorships:agreement", args=[relationship.pk]))
    return confirmed


def agreement_withdraw_draft(*, actor: User, relationship: Relationship) -> Agreement:
    """Withdraw the proposed change to a confirmed agreement (either party may); the
    version in force stays, and is returned. A first draft, with nothing confirmed
    before it, cannot be withdrawn: it is changed until both agree."""
    if not relationship.is_open:
        raise Conflict("The mentorship has closed; its agreement can no longer change.")
    with transaction.atomic():
        draft = (Agreement.objects.select_for_update()
                 .filter(relationship=relationship, status=Agreement.Status.DRAFT).first())
        confirmed = _confirmed(relationship)
        if confirmed is None:
            raise Conflict("The first version of the agreement cannot be withdrawn; change "
                           "it until you both agree.")
        if draft is None:
            raise Conflict("There is no proposed change to withdraw.")
        return _withdraw(draft, actor=actor, relationship=relationship, confirmed=confirmed)


def _mark_confirmed_if_both(draft: Agreement, relationship: Relationship, *, actor, now):
    """Put the draft in force once both parties have confirmed it."""
    if not (draft.mentee_confirmed_at and draft.mentor_confirmed_at):
        return False
    Agreement.objects.filter(relationship=relationship,
                             status=Agreement.Status.CONFIRMED).update(
        status=Agreement.Status.SUPERSEDED)
    draft.status = Agreement.Status.CONFIRMED
    draft.confirmed_at = now
    notify(recipient=relationship.other_party(actor), kind="agreement.confirmed",
           title=f"Your mentorship agreement (version {draft.version}) is confirmed",
           body=f"{_name(actor)} confirmed it too; it is now in force.",
           url=reverse("mentorships:agreement", args=[relationship.pk]))
    return True


def _confirm_draft(draft: Agreement, *, actor: User, relationship: Relationship) -> Agreement:
    """Record ``actor``'s confirmation of the (locked) draft; in force if both have."""
    if not draft.objectives:
        raise ValidationFailed("Write at least one objective before confirming.",
                               field="objectives")
    stamp_field = _stamp_field(actor, relationship)
    now = timezone.now()
    setattr(draft, stamp_field, now)
    update = [stamp_field, "updated_at"]
    audit_log(actor=actor, action="mentorships.agreement.confirmed", target=draft,
              data={"version": draft.version})
    if _mark_confirmed_if_both(draft, relationship, actor=actor, now=now):
        update += ["status", "confirmed_at"]
    else:
        notify(recipient=relationship.other_party(actor), kind="agreement.awaiting",
               title=f"{_name(actor)} confirmed the agreement: your turn",
               url=reverse("mentorships:agreement", args=[relationship.pk]))
    draft.save(update_fields=update)
    return draft


def agreement_confirm(*, actor: User, relationship: Relationship, version: int) -> Agreement:
    """Confirm the draft ``version`` (naming it guards against confirming a text that
    changed since it was read). When both have confirmed it is in force."""
    with transaction.atomic():
        draft = (Agreement.objects.select_for_update()
                 .filter(relationship=relationship, status=Agreement.Status.DRAFT).first())
        if draft is None or draft.version != version:
            raise Conflict("This version is no longer the one waiting for confirmation; "
                           "reload to read the current one.")
        if not relationship.is_open:
            raise Conflict("The mentorship has closed.")
        if draft.objectives and getattr(draft, _stamp_field(actor, relationship)):
            raise Conflict("You have confirmed this version already.")
        return _confirm_draft(draft, actor=actor, relationship=relationship)


def agreements_remind(*, now: datetime | None = None) -> int:
    """Remind both parties of a draft that has waited for confirmation for
    TANDEM_AGREEMENT_REMINDER_DAYS (at most once per period). Run periodically."""
    now = now or timezone.now()
    period = timedelta(days=settings.TANDEM_AGREEMENT_REMINDER_DAYS)
    count = 0
    drafts = Agreement.objects.filter(
        status=Agreement.Status.DRAFT, updated_at__lte=now - period,
        relationship__state__in=Relationship.OPEN_STATES,
    ).select_related("relationship__mentee", "relationship__mentor")
    for draft in drafts:
        if draft.reminder_sent_at and draft.reminder_sent_at > now - period:
            continue
        with transaction.atomic():
            if not claim(Agreement.objects.filter(
                    pk=draft.pk, reminder_sent_at=draft.reminder_sent_at), reminder_sent_at=now):
                continue
            rel = draft.relationship
            for person, stamp in ((rel.mentee, draft.mentee_confirmed_at),
                                  (rel.mentor, draft.mentor_confirmed_at)):
                if stamp is None:
                    notify(recipient=person, kind="agreement.reminder",
                           title="Your mentorship agreement is waiting for your confirmation",
                           url=reverse("mentorships:agreement", args=[rel.pk]))
            count += 1
    return count
