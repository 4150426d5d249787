"""The thresholds of the relationship health rules (``HealthRules``): a program setting.

The open community uses ``DEFAULT_RULES``; a program carries its own
(``Program.health_rules()``, from its ``health_<name>`` fields). The health app applies
them (``tandem.health.rules``); they live here so that programs need nothing of health.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class HealthRules:
    """Thresholds of the health rules (days unless said otherwise)."""

    # Time since the last held meeting, in agreed intervals (1.5: half an interval late).
    meeting_attention_intervals: float = 1.5
    meeting_risk_intervals: float = 3.0
    # Progress reports overdue (a due date a party has not written for, a week after it
    # fell due) within the last ``report_lookback_days``.
    report_lookback_days: int = 90
    reports_overdue_attention: int = 1
    reports_overdue_risk: int = 3
    # Feedback requests still open after this many days.
    feedback_request_days: int = 14
    # Satisfaction (1-5) in progress reports: the latest compared with the average before.
    satisfaction_drop: float = 1.5
    satisfaction_low: int = 2
    # An agreement nobody has confirmed yet.
    agreement_attention_days: int = 7
    agreement_risk_days: int = 21
    # No activity at all (meetings, reports, feedback, goal comments, notes, agreement).
    inactive_attention_days: int = 30
    inactive_risk_days: int = 60
    # Automatic pause of an active mentorship with no activity, after a notice.
    auto_pause_days: int = 90
    auto_pause_notice_days: int = 7

    def as_dict(self) -> dict:
        return asdict(self)


DEFAULT_RULES = HealthRules()
