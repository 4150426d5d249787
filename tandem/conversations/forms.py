"""Forms turn posted text into typed values; the services own the rules and messages, so
a page and the API say the same thing."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from tandem.conversations.models import MAX_BODY


class MessageForm(forms.Form):
    body = forms.CharField(
        required=False, max_length=MAX_BODY * 4, label="Message",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Markdown works: **bold**, _italic_, lists and links.")
    reference = forms.ChoiceField(required=False, label="Refer to (optional)")

    def __init__(self, *args, choices: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = choices or {}
        options = [("", "Nothing")]
        if choices.get("goals"):
            options.append(("Goals", [(f"goal:{g.pk}", g.title) for g in choices["goals"]]))
        if choices.get("meetings"):
            options.append(("Meetings", [
                (f"meeting:{m.pk}",
                 timezone.localtime(m.starts_at).strftime("%-d %b %Y, %H:%M")
                 + ("" if m.status == "scheduled" else f" ({m.get_status_display().lower()})"))
                for m in choices["meetings"]]))
        if choices.get("feedback"):
            options.append(("Feedback", [
                (f"feedback:{f.pk}",
                 f"{f.get_kind_display()} feedback, "
                 f"{timezone.localtime(f.created_at).strftime('%-d %b %Y')}")
                for f in choices["feedback"]]))
        self.fields["reference"].choices = options
        if len(options) == 1:
            self.fields["reference"].widget = forms.HiddenInput()

    def service_kwargs(self) -> dict:
        kind, _, pk = (self.cleaned_data.get("reference") or "").partition(":")
        refs = {"goal_id": None, "meeting_id": None, "feedback_id": None}
        if kind in ("goal", "meeting", "feedback") and pk.isdecimal():
            refs[f"{kind}_id"] = int(pk)
        return {"body": self.cleaned_data.get("body") or "", **refs}


class EditForm(forms.Form):
    body = forms.CharField(required=False, max_length=MAX_BODY * 4, label="Message",
                           widget=forms.Textarea(attrs={"rows": 4}))


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search my messages")
