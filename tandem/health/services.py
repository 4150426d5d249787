"""Every write of relationship health: a nudge sent by staff (later: a program's
coordinators), and the periodic job that nudges pairs whose health got worse and pauses
mentorships that have been inactive for long, after a week's notice."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tandem.core.audit import audit_log
from tandem.core.errors import Conflict, ValidationFailed
from tandem.core.once import claim, once
from tandem.core.validation import TOO_LONG_COUNTED, check_text
from tandem.health import selectors
from tandem.health.models import HealthEvent, HealthState, Nudge, RelationshipHealth
from tandem.health.rules import LEVELS, Health, rules_for
from tandem.mentorships.models import Relationship
from tandem.notifications.services import notify

MAX_MESSAGE = 1000
STANDARD_NUDGE = (
    "A friendly nudge from the Tandem team: how is your mentorship going? Plan your next "
    "meeting, catch up on your progress reports, or tell each other what is in the way. "
    "The health card on your mentorship's page shows what we noticed.")
# A program's nudge: the same invitation, signed by the program and its coordinator.
PROGRAM_NUDGE = (
    "A friendly nudge: how is your mentorship going? Plan your next meeting, catch up on "
    "your progress reports, or tell each other what is in the way. The health card on your "
    "mentorship's page shows what we noticed.")
AUTO_NUDGE = (
    "Your mentorship's health changed to “{state}”. The health card on your mentorship's "
    "page says why, and what would put it back on track.")


def _check_message(message) -> str:
    return check_text(message, field="message", limit=MAX_MESSAGE, required=False, nul=True,
                      too_long=TOO_LONG_COUNTED)


def _notify_pair(rel: Relationship, *, title: str, body: str, kind: str = "health.nudge"):
    url = reverse("mentorships:detail", args=[rel.pk])
    for person in (rel.mentee, rel.mentor):
        notify(recipient=person, kind=kind, title=title, body=body, url=url)


def _program_words(name: str) -> str:
    """ "the Spring Mentoring program" (not "program program" when the name says it)."""
    return f"the {name}" if name.lower().endswith("program") else f"the {name} program"


def nudge_send(*, actor, relationship: Relationship, message: str = "") -> Nudge:
    """Nudge both parties of an open mentorship: a notification with the sender's message,
    or the standard text when there is none. The message goes to both of them. A program's
    mentorship is nudged by its coordinator: signed by them, for the program; any other
    comes from the Tandem team."""
    message = _check_message(message)
    with transaction.atomic():
        rel = Relationship.objects.select_for_update(of=("self",)).select_related(
            "mentee__profile", "mentor__profile", "program").get(pk=relationship.pk)
        if not rel.is_open:
            raise Conflict("The mentorship has closed, so there is nobody to nudge.")
        nudge = Nudge.objects.create(relationship=rel, sent_by=actor, message=message)
        if rel.program is not None:
            program = _program_words(rel.program.name)
            _notify_pair(rel, title=f"A nudge about your mentorship from {program}"[:200],
                         body=f"{message or PROGRAM_NUDGE}\n\n— {actor.display_name}, for "
                              f"{program}")
        else:
            _notify_pair(rel, title="A nudge about your mentorship from the Tandem team",
                         body=message or STANDARD_NUDGE)
        audit_log(actor=actor, action="health.nudge.sent", target=nudge,
                  data={"relationship": rel.pk, "automatic": False,
                        "standard_text": not message})
    return nudge


# --- The periodic job ------------------------------------------------------------------


def _record_state(health: Health, stored: RelationshipHealth | None, *, now: datetime) -> bool:
    """Store the health state; True when this run claimed a change for the worse (which
    the caller nudges). A change is claimed with a conditional UPDATE (or the insert of
    the first row), so a second scheduler claims nothing."""
    new = health.state
    rel = health.relationship
    try:
        with transaction.atomic():
            if stored is None:
                RelationshipHealth.objects.create(relationship=rel, state=new, changed_at=now)
                worse = new != HealthState.HEALTHY
                since = None
            else:
                if stored.state == new:
                    return False
                if not claim(RelationshipHealth.objects.filter(
                        pk=stored.pk, state=stored.state, changed_at=stored.changed_at),
                        state=new, changed_at=now, updated_at=now):
                    return False
                worse = LEVELS[new] > LEVELS[stored.state]
                since = stored.changed_at
            if not worse:
                return False
            key = f"nudge:{new}:{(since or now).isoformat()}"
            HealthEvent.objects.create(relationship=rel, kind=HealthEvent.Kind.AUTO_NUDGE,
                                       key=key[:120], at=now)
            nudge = Nudge.objects.create(relationship=rel, automatic=True)
            _notify_pair(rel, title="Your mentorship needs a little attention",
                         body=AUTO_NUDGE.format(state=health.label))
            audit_log(actor=None, action="health.nudge.sent", target=nudge,
                      data={"relationship": rel.pk, "automatic": True, "state": new})
    except IntegrityError:
        return False
    return True


def _pause_step(health: Health, *, now: datetime, notices: dict) -> str | None:
    """Notice, then pause, a mentorship with no activity for the rules' period. Keyed by
    the last activity: anything that happens after the notice starts a new period."""
    from tandem.mentorships.services import relationship_pause

    rel = health.relationship
    rules = rules_for(rel)
    days = health.inactive_days or 0
    if days < rules.auto_pause_days - rules.auto_pause_notice_days:
        return None
    since = (health.facts.last_activity_at or rel.started_at).isoformat()
    notice_key = f"pause-notice:{since}"
    notice_at = notices.get((rel.pk, notice_key))
    if notice_at is None:
        with transaction.atomic():
            if not once(HealthEvent, relationship=rel, kind=HealthEvent.Kind.PAUSE_NOTICE,
                        key=notice_key[:120], at=now):
                return None
            when = timezone.localdate(now) + timedelta(
                days=max(rules.auto_pause_notice_days, rules.auto_pause_days - days))
            _notify_pair(rel, kind="health.pause_notice",
                         title=f"Your mentorship will be paused on {when:%-d %B %Y}",
                         body=(f"Nothing has happened in your mentorship for {days} days, so "
                               f"it will be paused on {when:%-d %B %Y}. To keep it active, "
                               "schedule a meeting, write a progress report or leave a note; "
                               "you can resume a paused mentorship at any time."))
            audit_log(actor=None, action="health.pause.noticed", target=rel,
                      data={"inactive_days": days})
        return "notice"
    if days < rules.auto_pause_days or notice_at > now - timedelta(
            days=rules.auto_pause_notice_days):
        return None
    with transaction.atomic():
        if not once(HealthEvent, relationship=rel, kind=HealthEvent.Kind.AUTO_PAUSE,
                    key=f"pause:{since}"[:120], at=now):
            return None
        try:
            relationship_pause(
                actor=None, relationship=rel,
                reason=(f"Nothing had happened in your mentorship for {days} days, so Tandem "
                        "paused it. Either of you can resume it from its page."))
        except Conflict:
            transaction.set_rollback(True)
            return None
        audit_log(actor=None, action="health.pause.applied", target=rel,
                  data={"inactive_days": days})
    return "paused"


def health_checks(*, now: datetime | None = None) -> dict:
    """The periodic job: work out every active mentorship's health, nudge the pairs whose
    health got worse (once per change), and give inactive mentorships a week's notice
    before pausing them (once per quiet period). Safe to run twice, or from two
    schedulers at once."""
    now = now or timezone.now()
    active = Relationship.objects.filter(state=Relationship.State.ACTIVE).order_by("pk")
    healths = selectors.health_for(active, now=now)
    stored = {h.relationship_id: h for h in
              RelationshipHealth.objects.filter(relationship__in=active.values("pk"))}
    notices = {(e.relationship_id, e.key): e.at for e in HealthEvent.objects.filter(
        relationship__in=active.values("pk"), kind=HealthEvent.Kind.PAUSE_NOTICE)}
    counts = {"nudged": 0, "notices": 0, "paused": 0}
    for health in healths:
        if _record_state(health, stored.get(health.relationship_id), now=now):
            counts["nudged"] += 1
        step = _pause_step(health, now=now, notices=notices)
        if step == "notice":
            counts["notices"] += 1
        elif step == "paused":
            counts["paused"] += 1
    return counts


# --- A program's thresholds --------------------------------------------------------------

RULE_LIMITS = {
    "meeting_attention_intervals": (1, 20), "meeting_risk_intervals": (1, 20),
    "reports_overdue_attention": (1, 20), "reports_overdue_risk": (1, 20),
    "feedback_request_days": (1, 365), "inactive_attention_days": (1, 365),
    "inactive_risk_days": (1, 365), "auto_pause_days": (8, 730),
}
RULE_PAIRS = (("meeting_attention_intervals", "meeting_risk_intervals"),
              ("reports_overdue_attention", "reports_overdue_risk"),
              ("inactive_attention_days", "inactive_risk_days"),
              ("inactive_risk_days", "auto_pause_days"))


def program_rules_update(*, actor, program, changes: dict):
    """Set some of a program's health thresholds (the caller has checked that ``actor``
    coordinates it). Every fault is named at once."""
    errors = []
    clean = {}
    for name, value in changes.items():
        if name not in RULE_LIMITS:
            errors.append({"field": name, "message": "Not a health threshold."})
            continue
        low, high = RULE_LIMITS[name]
        whole = name != "meeting_attention_intervals" and name != "meeting_risk_intervals"
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value \
                or (whole and not float(value).is_integer()) or not low <= value <= high:
            kind = "A whole number" if whole else "A number"
            errors.append({"field": name, "message": f"{kind} from {low} to {high}."})
            continue
        clean[name] = int(value) if whole else float(value)
    if not errors:
        merged = {name: clean.get(name, getattr(program, f"health_{name}"))
                  for name in RULE_LIMITS}
        for first, second in RULE_PAIRS:
            if merged[first] > merged[second]:
                errors.append({"field": second, "message": "At least the value above it "
                               f"({merged[first]:g})."})
    if errors:
        message = errors[0]["message"] if len(errors) == 1 else "Please correct the errors."
        raise ValidationFailed(message, field=errors[0]["field"], errors=errors)
    with transaction.atomic():
        for name, value in clean.items():
            setattr(program, f"health_{name}", value)
        program.save(update_fields=[f"health_{n}" for n in clean] + ["updated_at"])
        audit_log(actor=actor, action="health.program_rules.updated", target=program,
                  data={"fields": sorted(clean)})
    return program
