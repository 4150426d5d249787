from __future__ import annotations

from django import forms
from django.utils import timezone

from tandem.feedback.models import (
    CadenceFit,
    ContributionKind,
    FeedbackKind,
    GoalStatus,
    NeedAction,
)

NEED_ROWS = 4


class ReportForm(forms.Form):
    went_well = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=8000,
                                label="What went well")
    obstacles = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                max_length=8000, label="Obstacles")
    satisfaction = forms.TypedChoiceField(
        coerce=int, widget=forms.RadioSelect, choices=[(i, str(i)) for i in range(1, 6)],
        label="How satisfied are you with the mentorship, from 1 to 5?")
    cadence_fit = forms.ChoiceField(choices=CadenceFit.choices, widget=forms.RadioSelect,
                                    label="Do we meet as often as we should?")
    proposed_objectives = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
        label="Propose new objectives for the mentorship (optional, one per line)",
        help_text="This opens a change to your agreement for both of you to confirm.")

    def __init__(self, *args, goals, is_mentee: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.goal_rows = []
        for goal in goals:
            status, percent = f"goal_{goal.pk}_status", f"goal_{goal.pk}_percent"
            self.fields[status] = forms.ChoiceField(choices=GoalStatus.choices,
                                                    label=f"{goal.title}: status")
            self.fields[percent] = forms.IntegerField(label=f"{goal.title}: percent done",
                                                      min_value=0, max_value=100, initial=0)
            self.goal_rows.append((goal, status, percent))
        self.need_rows = []
        for index in range(NEED_ROWS):
            need, action = f"need_{index}", f"need_{index}_action"
            self.fields[need] = forms.CharField(required=False, max_length=600,
                                                label=f"Need {index + 1}")
            self.fields[action] = forms.ChoiceField(choices=NeedAction.choices, required=False,
                                                    label=f"Need {index + 1}: keep, change or add",
                                                    initial=NeedAction.ADD)
            self.need_rows.append((need, action))
        if not is_mentee:
            del self.fields["proposed_objectives"]

    def bound_goals(self):
        return [(goal, self[status], self[percent]) for goal, status, percent in self.goal_rows]

    def bound_needs(self):
        return [(self[need], self[action]) for need, action in self.need_rows]

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "went_well": data["went_well"], "obstacles": data["obstacles"],
            "satisfaction": data["satisfaction"], "cadence_fit": data["cadence_fit"],
            "goal_progress": [{"goal_id": goal.pk, "status": data[status],
                               "percent": data[percent]}
                              for goal, status, percent in self.goal_rows],
            "needs": [{"need": data[need], "action": data[action] or NeedAction.ADD}
                      for need, action in self.need_rows if data.get(need, "").strip()],
            "proposed_objectives": [line.strip() for line in
                                    data.get("proposed_objectives", "").splitlines()
                                    if line.strip()],
        }


# --- Feedback both ways ---------------------------------------------------------------
# Lengths here only stop absurd input early; the services own the rules and the messages.


class FeedbackEntryForm(forms.Form):
    kind = forms.ChoiceField(choices=FeedbackKind.choices, widget=forms.RadioSelect,
                             label="Kind of feedback")
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), max_length=10000,
                           required=False, label="Feedback",
                           help_text="Markdown is allowed. Be specific: what you saw, its "
                                     "effect, and what to keep or change.")
    tied_to = forms.ChoiceField(required=False, label="About")
    request_id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        options: list = [("", "Nothing in particular")]
        if choices["goals"]:
            options.append(("Goals", [(f"goal:{g.pk}", g.title) for g in choices["goals"]]))
        if choices["milestones"]:
            options.append(("Milestones", [(f"milestone:{m.pk}", f"{m.title} ({m.goal.title})")
                                           for m in choices["milestones"]]))
        if choices["meetings"]:
            options.append(("Meetings", [
                (f"meeting:{m.pk}", f"{timezone.localtime(m.starts_at):%-d %B %Y, %H:%M}")
                for m in choices["meetings"]]))
        self.fields["tied_to"].choices = options

    def values(self) -> dict:
        data = self.cleaned_data
        tied = {"goal_id": None, "milestone_id": None, "meeting_id": None}
        if data.get("tied_to"):
            what, _, pk = data["tied_to"].partition(":")
            tied[f"{what}_id"] = int(pk)
        return {"kind": data["kind"], "body": data["body"], "request_id": data.get("request_id"),
                **tied}


TIE_FIELDS = {"goal_id": "tied_to", "milestone_id": "tied_to", "meeting_id": "tied_to",
              "request_id": None}


class ReplyForm(forms.Form):
    reply = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=6000,
                            required=False, label="Your reply",
                            help_text="You can change it until your mentor has read it.")


class FeedbackRequestForm(forms.Form):
    topic = forms.CharField(max_length=400, required=False, label="What would you like "
                            "feedback on?", help_text="A topic, a skill, a piece of work.")
    details = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=6000,
                              required=False, label="Details (optional)",
                              help_text="Markdown is allowed. What kind of feedback helps most?")
    goal_id = forms.TypedChoiceField(coerce=int, required=False, empty_value=None,
                                     label="About one of your goals (optional)")
    link = forms.CharField(max_length=1000, required=False, label="Link to the work (optional)",
                           help_text="A web address starting with https:// or http://.")
    by_date = forms.DateField(required=False, label="Would like it by (optional)",
                              widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal_id"].choices = [("", "No particular goal")] + [
            (g.pk, g.title) for g in goals]


class MentorFeedbackForm(forms.Form):
    what_helped = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=6000,
                                  required=False, label="What helped")
    could_be_better = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}),
                                      max_length=6000, required=False,
                                      label="What could be better")
    kudos_consent = forms.BooleanField(
        required=False, label="Show what helped as kudos on my mentor's public page, with "
                              "my name",
        help_text="Off unless you tick it, and you can take it back at any time. What "
                  "could be better is never shown publicly.")


class ContributionForm(forms.Form):
    kind = forms.ChoiceField(choices=ContributionKind.choices, label="What you did")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                                  required=False, label="Description")
    date = forms.DateField(label="When", widget=forms.DateInput(attrs={"type": "date"}))
