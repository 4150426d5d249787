"""The health rules: plain Python over facts gathered in bulk (see ``selectors``).

Each rule looks at one fact of a relationship and, when it is off, gives a ``Reason``: a
level (needs attention or at risk) and a sentence in plain words that the pair and staff
read. The relationship's state is the worst level among its reasons; no reason, healthy.
Only dates, counts, states and ratings are used, never what anyone wrote.

The thresholds are a ``HealthRules`` (``tandem.programs.rules``, a program setting): the
open community uses the defaults; a program carries its own (``rules_for``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from tandem.health.models import HealthState
from tandem.programs.rules import DEFAULT_RULES, HealthRules

CADENCE_DAYS = {"weekly": 7, "biweekly": 14, "monthly": 30}
LEVELS = {HealthState.HEALTHY: 0, HealthState.NEEDS_ATTENTION: 1, HealthState.AT_RISK: 2}


def rules_for(relationship) -> HealthRules:
    """The rules that apply to a relationship. Hook for programs: a relationship in a
    program will use the program's own thresholds (``program.health_rules()``)."""
    program = getattr(relationship, "program", None)
    rules = getattr(program, "health_rules", None) if program is not None else None
    return rules() if callable(rules) else DEFAULT_RULES


@dataclass
class Reason:
    code: str  # meeting, reports, feedback_requests, satisfaction, agreement, inactive
    level: str  # a HealthState other than healthy
    text: str

    @property
    def label(self) -> str:
        return HealthState(self.level).label


@dataclass
class Facts:
    """What the rules read about one relationship (gathered in bulk by ``selectors``)."""

    relationship_id: int
    started_at: datetime
    interval_days: int | None = None  # of the confirmed agreement; None: not agreed yet
    agreement_confirmed: bool = False
    draft_since: datetime | None = None  # the draft waiting while nothing is confirmed
    last_held_at: datetime | None = None
    held_meetings: int = 0
    last_activity_at: datetime | None = None
    old_open_requests: int = 0
    oldest_open_request_at: datetime | None = None
    overdue_reports: list[date] = field(default_factory=list)  # one per (due date, party)
    satisfaction: dict[int, list[int]] = field(default_factory=dict)  # author -> oldest first


ACTIONS = {
    "nudge": "Send a nudge",
    "check_in": "Send a check-in message",
    "rematch": "Talk with both about ending and re-matching",
}


@dataclass
class Health:
    relationship_id: int
    state: str
    reasons: list[Reason]
    facts: Facts
    tracked: bool = True  # False: paused or closed, no rule applies
    inactive_days: int | None = None  # days since the last activity

    @property
    def label(self) -> str:
        return HealthState(self.state).label

    @property
    def level(self) -> int:
        return LEVELS[self.state]

    @property
    def suggested_action(self) -> str | None:
        """nudge (needs attention), check_in (at risk), rematch (at risk because
        satisfaction is low or nothing has happened for long)."""
        if self.state == HealthState.HEALTHY:
            return None
        if self.state == HealthState.NEEDS_ATTENTION:
            return "nudge"
        serious = {r.code for r in self.reasons if r.level == HealthState.AT_RISK}
        return "rematch" if serious & {"satisfaction", "inactive"} else "check_in"

    @property
    def suggested_action_label(self) -> str:
        return ACTIONS.get(self.suggested_action or "", "")


def _days(then: datetime | None, now: datetime) -> int | None:
    return None if then is None else max(0, (now - then).days)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _every(days: int) -> str:
    return {7: "every week", 14: "every two weeks", 30: "every month"}.get(
        days, f"every {_plural(days, 'day')}")


def evaluate(facts: Facts, *, rules: HealthRules = DEFAULT_RULES,
             now: datetime, tracked: bool = True) -> Health:
    reasons: list[Reason] = []
    if tracked:
        for rule in (_meeting, _reports, _requests, _satisfaction, _agreement, _inactive):
            reason = rule(facts, rules, now)
            if reason is not None:
                reasons.append(reason)
    state = max((r.level for r in reasons), key=LEVELS.__getitem__,
                default=HealthState.HEALTHY)
    reasons.sort(key=lambda r: -LEVELS[r.level])
    return Health(relationship_id=facts.relationship_id, state=state, reasons=reasons,
                  facts=facts, tracked=tracked,
                  inactive_days=_days(facts.last_activity_at or facts.started_at, now))


def _meeting(f: Facts, rules: HealthRules, now: datetime) -> Reason | None:
    if not f.agreement_confirmed or not f.interval_days:
        return None
    since = f.last_held_at or f.started_at
    days = _days(since, now)
    every = _every(f.interval_days)
    if days > f.interval_days * rules.meeting_risk_intervals:
        level = HealthState.AT_RISK
    elif days > f.interval_days * rules.meeting_attention_intervals:
        level = HealthState.NEEDS_ATTENTION
    else:
        return None
    if f.last_held_at is None:
        text = (f"No meeting held yet in {_plural(days, 'day')}; "
                f"the agreement says to meet {every}.")
    else:
        text = (f"The last meeting was held {_plural(days, 'day')} ago; "
                f"the agreement says to meet {every}.")
    return Reason("meeting", level, text)


def _reports(f: Facts, rules: HealthRules, now: datetime) -> Reason | None:
    n = len(f.overdue_reports)
    if n >= rules.reports_overdue_risk:
        level = HealthState.AT_RISK
    elif n >= rules.reports_overdue_attention and n > 0:
        level = HealthState.NEEDS_ATTENTION
    else:
        return None
    oldest = min(f.overdue_reports)
    return Reason("reports", level,
                  f"{_plural(n, 'progress report')} overdue (the oldest was due "
                  f"{oldest:%-d %B %Y}).")


def _requests(f: Facts, rules: HealthRules, now: datetime) -> Reason | None:
    if not f.old_open_requests:
        return None
    days = _days(f.oldest_open_request_at, now)
    return Reason("feedback_requests", HealthState.NEEDS_ATTENTION,
                  f"{_plural(f.old_open_requests, 'feedback request')} not answered for "
                  f"more than {rules.feedback_request_days} days (the oldest for "
                  f"{_plural(days, 'day')}).")


def _satisfaction(f: Facts, rules: HealthRules, now: datetime) -> Reason | None:
    worst: Reason | None = None
    for values in f.satisfaction.values():
        if not values:
            continue
        latest = values[-1]
        if latest <= rules.satisfaction_low:
            return Reason("satisfaction", HealthState.AT_RISK,
                          f"A progress report rated satisfaction {latest} out of 5.")
        before = values[:-1]
        if before:
            average = sum(before) / len(before)
            if average - latest >= rules.satisfaction_drop and worst is None:
                worst = Reason("satisfaction", HealthState.NEEDS_ATTENTION,
                               f"Satisfaction dropped to {latest} out of 5 from an average "
                               f"of {average:.1f}.")
    return worst


def _agreement(f: Facts, rules: HealthRules, now: datetime) -> Reason | None:
    if f.agreement_confirmed or f.draft_since is None:
        return None
    days = _days(f.draft_since, now)
    if days > rules.agreement_risk_days:
        level = HealthState.AT_RISK
    elif days > rules.agreement_attention_days:
        level = HealthState.NEEDS_ATTENTION
    else:
        return None
    return Reason("agreement", level,
                  f"The agreement has waited {_plural(days, 'day')} to be confirmed by both.")


def _inactive(f: Facts, rules: HealthRules, now: datetime) -> Reason | None:
    days = _days(f.last_activity_at or f.started_at, now)
    if days > rules.inactive_risk_days:
        level = HealthState.AT_RISK
    elif days > rules.inactive_attention_days:
        level = HealthState.NEEDS_ATTENTION
    else:
        return None
    text = f"Nothing has happened in the mentorship for {_plural(days, 'day')}."
    if days >= rules.auto_pause_days - rules.auto_pause_notice_days:
        text += f" It is paused automatically after {rules.auto_pause_days} days."
    return Reason("inactive", level, text)
