from __future__ import annotations

from django import forms

from tandem.accounts.choices import Channel, timezone_choices
from tandem.core.widgets import LongSelect
from tandem.meetings.models import Frequency


class _OwnIds:
    """Several of these forms share one page: each gets its own element ids, so every
    label points at its own field."""

    id_prefix = "id"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class _When(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Date")
    at = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), label="Time")


class ScheduleForm(_OwnIds, _When):
    id_prefix = "one"

    tz = forms.ChoiceField(widget=LongSelect, choices=timezone_choices, label="Timezone")
    duration_minutes = forms.IntegerField(label="Length (minutes)", initial=60)
    channel = forms.ChoiceField(choices=Channel.choices, label="How")
    place = forms.CharField(required=False, max_length=600, label="Link or place")
    held = forms.BooleanField(required=False, label="This meeting already took place (log it)")


class SeriesForm(_OwnIds, _When):
    id_prefix = "series"

    tz = forms.ChoiceField(widget=LongSelect, choices=timezone_choices, label="Timezone")
    frequency = forms.ChoiceField(choices=Frequency.choices, label="Repeat every … (unit)")
    interval = forms.IntegerField(label="Repeat every (number)", initial=1)
    count = forms.IntegerField(label="Number of meetings", initial=6)
    duration_minutes = forms.IntegerField(label="Length (minutes)", initial=60)
    channel = forms.ChoiceField(choices=Channel.choices, label="How")
    place = forms.CharField(required=False, max_length=600, label="Link or place")


class MoveForm(_OwnIds, _When):
    id_prefix = "move"


class CancelForm(_OwnIds, forms.Form):
    id_prefix = "cancel"

    reason = forms.CharField(max_length=1000, label="Why is it cancelled?")


class TextForm(_OwnIds, forms.Form):
    id_prefix = "agenda"
    text = forms.CharField(max_length=600, label="Agenda item")


class NotesForm(_OwnIds, forms.Form):
    id_prefix = "notes"
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 8}),
                            max_length=40000, label="Notes")


class ActionForm(_OwnIds, forms.Form):
    id_prefix = "action"

    text = forms.CharField(max_length=600, label="Action")
    owner = forms.TypedChoiceField(coerce=int, label="Who")
    due_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}),
                               label="Due")

    def __init__(self, *args, relationship, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [
            (relationship.mentee_id, f"{relationship.mentee.display_name} (mentee)"),
            (relationship.mentor_id, f"{relationship.mentor.display_name} (mentor)")]


class OfferForm(_OwnIds, forms.Form):
    id_prefix = "offer"

    slots = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple,
                                      label="Times to offer (up to three)")
    duration_minutes = forms.IntegerField(initial=60, label="Length (minutes)")

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slots"].choices = [(s.isoformat(), s.isoformat()) for s in slots]
