from __future__ import annotations

from django import forms


class NudgeForm(forms.Form):
    message = forms.CharField(
        label="Message to both (optional)", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Both parties read it in their notification. Leave it empty to send the "
                  "standard nudge.")
