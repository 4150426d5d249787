from __future__ import annotations

from django import forms

from tandem.programs.models import HEALTH_RULE_FIELDS


class NudgeForm(forms.Form):
    message = forms.CharField(
        label="Message to both (optional)", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Both parties read it in their notification. Leave it empty to send the "
                  "standard nudge.")


class HealthRulesForm(forms.Form):
    """A program's health thresholds (``Program.health_*``); saved by
    ``tandem.health.services.program_rules_update``."""

    meeting_attention_intervals = forms.FloatField(
        min_value=1, max_value=20, label="Meetings: needs attention after (agreed intervals)",
        help_text="1.5: no meeting held for half an interval more than the agreement says.")
    meeting_risk_intervals = forms.FloatField(
        min_value=1, max_value=20, label="Meetings: at risk after (agreed intervals)")
    reports_overdue_attention = forms.IntegerField(
        min_value=1, max_value=20, label="Progress reports overdue: needs attention from")
    reports_overdue_risk = forms.IntegerField(
        min_value=1, max_value=20, label="Progress reports overdue: at risk from")
    feedback_request_days = forms.IntegerField(
        min_value=1, max_value=365, label="Feedback requests unanswered for (days)")
    inactive_attention_days = forms.IntegerField(
        min_value=1, max_value=365, label="No activity: needs attention after (days)")
    inactive_risk_days = forms.IntegerField(
        min_value=1, max_value=365, label="No activity: at risk after (days)")
    auto_pause_days = forms.IntegerField(
        min_value=8, max_value=730, label="No activity: pause the mentorship after (days)",
        help_text="The pair gets a week's notice first.")

    @classmethod
    def initial_from(cls, program) -> dict:
        return {name: getattr(program, f"health_{name}") for name in HEALTH_RULE_FIELDS}
