"""Forms turn posted text into typed values; the services own the rules (lengths, dates,
whose goals), so a page and the API say the same thing."""

from __future__ import annotations

from django import forms

from tandem.journal.models import Visibility


class EntryForm(forms.Form):
    entry_date = forms.DateField(label="Date", required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text="The day it happened; today if left empty.")
    title = forms.CharField(max_length=400)
    body = forms.CharField(label="What happened, what I learned", required=False,
                           max_length=40000, widget=forms.Textarea(attrs={"rows": 10}),
                           help_text="Markdown is allowed: **bold**, lists, links.")
    tags = forms.CharField(required=False, max_length=2000,
                           help_text="Separated by commas, e.g. “public speaking, feedback”. "
                                     "Up to 10.")
    goal_ids = forms.TypedMultipleChoiceField(coerce=int, required=False,
                                              widget=forms.CheckboxSelectMultiple,
                                              label="Goals it relates to")
    share = forms.ChoiceField(required=False, widget=forms.RadioSelect, label="Who can read it")

    def __init__(self, *args, goals, relationships, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal_ids"].choices = [(g.pk, g.title) for g in goals]
        self.fields["share"].choices = [("", "Private: only I can read it")] + [
            (str(rel.pk), f"Shared with {rel.other_party(viewer).display_name}: my "
                          f"{'mentor' if rel.mentee_id == viewer.pk else 'mentee'} can read "
                          f"it too (but not change it)")
            for rel in relationships]

    def values(self) -> dict:
        data = self.cleaned_data
        share = data.get("share") or ""
        return {
            "entry_date": data.get("entry_date"), "title": data["title"],
            "body": data.get("body", ""),
            "tags": [t for t in data.get("tags", "").split(",") if t.strip()],
            "goal_ids": list(data.get("goal_ids") or []),
            "visibility": Visibility.SHARED if share else Visibility.PRIVATE,
            "relationship_id": int(share) if share else None,
        }


class NoteForm(forms.Form):
    body = forms.CharField(label="Note", max_length=40000,
                           widget=forms.Textarea(attrs={"rows": 5}),
                           help_text="Markdown is allowed.")
    visibility = forms.ChoiceField(widget=forms.RadioSelect, initial=Visibility.PRIVATE,
                                   label="Who can read it")

    def __init__(self, *args, other_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visibility"].choices = [
            (Visibility.PRIVATE, f"Private: only you. Not {other_name}, not program "
                                 f"coordinators, not administrators."),
            (Visibility.SHARED, f"Shared: {other_name} can read it too (only you can "
                                f"change it)."),
        ]
