"""Forms parse; the services decide what is valid (see core.forms.apply_errors)."""

from __future__ import annotations

from django import forms

from tandem.accounts.choices import (
    WEEKDAYS,
    Channel,
    FeedbackFormat,
    FeedbackStyle,
    FeedbackTiming,
    timezone_choices,
)
from tandem.core.widgets import LongSelect
from tandem.mentorships.models import Cadence, DeclineReason
from tandem.mentorships.services import MAX_OBJECTIVES

OBJECTIVE_ROWS = 6  # rows shown at least; one more than the objectives, up to MAX_OBJECTIVES


def objective_rows(count: int) -> int:
    return min(MAX_OBJECTIVES, max(OBJECTIVE_ROWS, count + 1))


class RequestForm(forms.Form):
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), max_length=8000,
        help_text="Who you are, what you hope to get from a mentorship, and why this mentor.")
    goals = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple,
        label="Which of your career goals do you want help with?")
    cadence = forms.ChoiceField(choices=Cadence.choices, initial=Cadence.BIWEEKLY,
                                label="How often would you like to meet?")
    channel = forms.ChoiceField(choices=Channel.choices, initial=Channel.VIDEO,
                                label="How would you like to meet?")

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].choices = [(str(g.pk), g.title) for g in goals]

    def values(self) -> dict:
        data = self.cleaned_data
        return {"message": data["message"], "goal_ids": [int(g) for g in data["goals"]],
                "cadence": data["cadence"], "channel": data["channel"]}


class AskInfoForm(forms.Form):
    question = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=8000,
                               label="What would you like to know?")


class ReplyForm(forms.Form):
    reply = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=8000,
                            label="Your answer")


class DeclineForm(forms.Form):
    reason_id = forms.TypedChoiceField(coerce=int, required=False, widget=forms.RadioSelect,
                                       label="Reason", empty_value=None)
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=4000, label="A personal note (optional)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason_id"].choices = [
            (r.pk, r.label) for r in DeclineReason.objects.filter(active=True)]


class PauseForm(forms.Form):
    until = forms.DateField(required=False, label="Resume on (optional)",
                            widget=forms.DateInput(attrs={"type": "date"}),
                            help_text="It resumes by itself that day; at most six months "
                                      "ahead. Leave it empty to resume it yourselves.")
    reason = forms.CharField(required=False, max_length=4000, label="Why (optional)",
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="Sent to the other person with the news.")


class EndEarlyForm(forms.Form):
    reason = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                             label="Why are you ending the mentorship early?",
                             help_text="The other person sees it on the mentorship's page.")


class ReflectionForm(forms.Form):
    achieved = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=8000,
                               label="What was achieved?")
    rating = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect,
                                    choices=[(i, str(i)) for i in range(1, 6)],
                                    label="How did it go, from 1 (poorly) to 5 (very well)?")
    would_recommend = forms.TypedChoiceField(
        coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No")],
        label="Would you recommend a mentorship like this to others?")
    private_remark = forms.CharField(
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}),
        label="A private remark for the program coordinator (optional)",
        help_text="The other party never sees this.")


class BecomeMentorForm(forms.Form):
    skills = forms.CharField(label="Skills you can offer", max_length=2000,
                             help_text="Comma-separated. Pre-filled with what you worked on.")
    capacity = forms.IntegerField(label="Mentees you can take at once", initial=1)


class AgreementForm(forms.Form):
    """The whole agreement on one page. Objectives are fixed rows (text + optional link to
    one of the mentee's shared goals) so the page works without JavaScript: one more row
    than the agreement has objectives (at least six, at most MAX_OBJECTIVES), so saving
    the page never drops any."""

    channel = forms.ChoiceField(choices=Channel.choices, label="How we meet")
    meeting_place = forms.CharField(required=False, max_length=600, label="Link or place",
                                    help_text="A video link, a phone number or an address.")
    cadence = forms.ChoiceField(choices=Cadence.choices, label="How often")
    custom_interval_days = forms.IntegerField(required=False, label="Every how many days",
                                              help_text="Only for a custom interval.")
    weekday = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Preferred day",
        choices=[("", "No fixed day")] + [(i, d) for i, d in enumerate(WEEKDAYS)])
    meeting_time = forms.TimeField(required=False, label="Preferred time",
                                   widget=forms.TimeInput(attrs={"type": "time"}))
    timezone = forms.ChoiceField(widget=LongSelect, choices=timezone_choices, label="Timezone of that time")
    duration_minutes = forms.IntegerField(label="Typical length (minutes)")
    feedback_format = forms.ChoiceField(choices=FeedbackFormat.choices)
    feedback_style = forms.ChoiceField(choices=FeedbackStyle.choices)
    feedback_timing = forms.ChoiceField(choices=FeedbackTiming.choices)
    feedback_notes = forms.CharField(required=False, max_length=1000,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    confidentiality = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=8000)
    report_every_weeks = forms.IntegerField(label="Progress report every (weeks)")
    start_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, goals, objectives: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        goal_choices = [("", "Not linked to a goal")] + [(str(g.pk), g.title) for g in goals]
        rows = objective_rows(objectives)
        if self.is_bound:
            # Read every row that was posted, even if the agreement shrank meanwhile.
            posted = [i for i in range(MAX_OBJECTIVES) if f"objective_{i}" in self.data]
            rows = max([rows] + [i + 1 for i in posted])
        self.objective_rows = []
        for index in range(rows):
            text = f"objective_{index}"
            goal = f"objective_{index}_goal"
            self.fields[text] = forms.CharField(required=False, max_length=600,
                                                label=f"Objective {index + 1}")
            self.fields[goal] = forms.TypedChoiceField(
                required=False, coerce=int, empty_value=None, choices=goal_choices,
                label="Linked career goal")
            self.objective_rows.append((text, goal))

    @classmethod
    def initial_from(cls, agreement) -> dict:
        from tandem.mentorships.services import AGREEMENT_FIELDS

        initial = {f: getattr(agreement, f) for f in AGREEMENT_FIELDS if f != "objectives"}
        for index, item in enumerate(agreement.objectives[:MAX_OBJECTIVES]):
            initial[f"objective_{index}"] = item["text"]
            initial[f"objective_{index}_goal"] = item.get("goal_id")
        return initial

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        objectives = []
        for text, goal in self.objective_rows:
            value = data.pop(text, "").strip()
            goal_id = data.pop(goal, None)
            if value:
                objectives.append({"text": value, "goal_id": goal_id})
        data["objectives"] = objectives
        return data

    def bound_objectives(self):
        return [(self[text], self[goal]) for text, goal in self.objective_rows]
