"""Forms turn posted text into values; the services own the rules."""

from __future__ import annotations

from django import forms

from tandem.circles.models import MAX_SIZE, MIN_SIZE, Channel, JoinMode


def _area(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class _OwnIds:
    """Several forms share one page: each gets its own element ids."""

    id_prefix = "id"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class CircleForm(forms.Form):
    topic = forms.CharField(max_length=240)
    description = forms.CharField(required=False, widget=_area(5), max_length=8000,
                                  help_text="What the circle is for and who it suits. "
                                            "Markdown is allowed.")
    size_limit = forms.IntegerField(min_value=MIN_SIZE, max_value=MAX_SIZE, initial=6,
                                    label="Members at most",
                                    help_text="Mentors are not counted.")
    join_mode = forms.ChoiceField(choices=JoinMode.choices, label="How people join")
    meeting_every_weeks = forms.IntegerField(min_value=1, max_value=8, initial=2,
                                             label="Meet every how many weeks")
    meeting_minutes = forms.IntegerField(min_value=15, max_value=240, initial=60,
                                         label="How long (minutes)")
    meeting_channel = forms.ChoiceField(choices=Channel.choices, label="How you meet")
    meeting_where = forms.CharField(required=False, max_length=600,
                                    label="Where, or the call link (optional)")


class CreateForm(CircleForm):
    kind = forms.ChoiceField(choices=[("mentor", "Mentor-led: I mentor the circle"),
                                      ("peer", "Peer circle: we learn from each other")],
                             widget=forms.RadioSelect, label="Kind of circle", initial="peer")
    program = forms.TypedChoiceField(required=False, coerce=int, empty_value=None,
                                     label="Program (optional)")

    field_order = ["kind", "topic", "description", "program"]

    def __init__(self, *args, programs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = [("", "Not part of a program"),
                                          *((p.pk, p.name) for p in programs)]
        if not programs:
            del self.fields["program"]


class InviteForm(forms.Form):
    email = forms.EmailField(label="Their email address")
    role = forms.ChoiceField(choices=[("member", "Member"), ("mentor", "Second mentor")],
                             initial="member")
    message = forms.CharField(required=False, widget=_area(2), max_length=2000,
                              label="A note (optional)")

    def __init__(self, *args, peer=False, **kwargs):
        super().__init__(*args, **kwargs)
        if peer:
            del self.fields["role"]


class RequestForm(forms.Form):
    message = forms.CharField(required=False, widget=_area(2), max_length=2000,
                              label="Why you would like to join (optional)")


class AgreementForm(forms.Form):
    text = forms.CharField(widget=_area(8), max_length=12000, label="The agreement",
                           help_text="How often you meet, what you keep confidential, how "
                                     "you give feedback. Markdown is allowed.")


class ScheduleForm(_OwnIds, forms.Form):
    id_prefix = "schedule"
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="First meeting")
    at = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), label="At")
    count = forms.IntegerField(min_value=1, max_value=26, initial=6,
                               label="How many meetings to plan")
    every_weeks = forms.IntegerField(min_value=1, max_value=8, label="Every how many weeks")


class AgendaForm(_OwnIds, forms.Form):
    id_prefix = "agenda"
    text = forms.CharField(max_length=600, label="Add a topic to the agenda")


class NoteForm(_OwnIds, forms.Form):
    id_prefix = "note"
    text = forms.CharField(required=False, widget=_area(6), max_length=12000,
                           label="Your notes",
                           help_text="The whole circle reads them. Markdown is allowed.")


class PostForm(_OwnIds, forms.Form):
    id_prefix = "post"
    body = forms.CharField(widget=_area(3), max_length=10000, label="Write to the circle",
                           help_text="Markdown is allowed.")


class ResourceForm(_OwnIds, forms.Form):
    id_prefix = "resource"
    title = forms.CharField(max_length=400)
    url = forms.CharField(required=False, max_length=1000, widget=forms.URLInput,
                          label="Link (optional)")
    note = forms.CharField(required=False, widget=_area(2), max_length=4000,
                           label="Why it helps (optional)")


class LeaveForm(forms.Form):
    successor = forms.TypedChoiceField(required=False, coerce=int, empty_value=None,
                                       label="Who runs the circle after you")

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        if candidates:
            self.fields["successor"].choices = [(u.pk, u.display_name) for u in candidates]
            self.fields["successor"].required = True
        else:
            del self.fields["successor"]


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Search open circles by topic")
