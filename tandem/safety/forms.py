"""Forms turn posted text into typed values; the services own the rules and messages, so
a page and the API say the same thing. Lengths here only stop absurd input early."""

from __future__ import annotations

from django import forms

from tandem.safety.models import ActionTaken, Category


class ReportForm(forms.Form):
    # Not required here: the service says what is missing, in the API's words too.
    category = forms.ChoiceField(choices=Category.choices, widget=forms.RadioSelect,
                                 required=False, label="What kind of problem is it?")
    details = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 8}), max_length=20000,
        label="What happened?",
        help_text="When and where it happened, and what was said or done. Up to 5,000 "
                  "characters. Only staff and coordinators read this.")
    wants_contact = forms.BooleanField(required=False, label="I want to be contacted about "
                                       "this report")


class ReviewForm(forms.Form):
    status = forms.ChoiceField(
        required=False, choices=[("in_review", "In review"), ("closed", "Closed")],
        widget=forms.RadioSelect,
        label="Move the report to")
    action_taken = forms.ChoiceField(choices=[("", "Choose when closing"),
                                              *ActionTaken.choices],
                                     required=False, label="Action taken")
    outcome_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=20000,
        label="Outcome note", help_text="What you found and did. Reviewers only: the reporter "
                                        "and the reported person never see it.")


class FreezeForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=10000,
                             required=False,
                             label="Reason", help_text="Kept in the account's history for "
                                                       "staff and coordinators.")
    report_id = forms.TypedChoiceField(coerce=int, required=False, empty_value=None,
                                       label="Because of report (optional)")

    def __init__(self, *args, reports=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report_id"].choices = [("", "No report"), *[
            (r.pk, f"#{r.pk}: {r.get_category_display()} ({r.get_status_display().lower()})")
            for r in reports]]


class UnfreezeForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           max_length=10000, label="Note (optional)")
