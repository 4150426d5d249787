from __future__ import annotations

from django import forms

from tandem.feedback.models import CadenceFit, GoalStatus, NeedAction

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
