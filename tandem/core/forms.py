from __future__ import annotations

from django import forms


class AuditSearchForm(forms.Form):
    """The filters of staff's audit-log search (a GET form: the filters are in the URL,
    never a secret)."""

    actor = forms.CharField(label="Who (part of an email address)", required=False,
                            max_length=254)
    action = forms.CharField(label="What (action, or its beginning)", required=False,
                             max_length=100, help_text="For example accounts.login or "
                             "access. for every denied request.")
    target_type = forms.CharField(label="Object type", required=False, max_length=100,
                                  help_text="For example accounts.user or "
                                  "mentorships.relationship.")
    target_id = forms.CharField(label="Object id", required=False, max_length=64)
    since = forms.DateField(label="From (UTC day)", required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="Until (UTC day, included)", required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    ip = forms.GenericIPAddressField(label="From address", required=False)

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", "The end date is before the start date.")
        return data
