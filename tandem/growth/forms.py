from django import forms


class MilestoneForm(forms.Form):
    title = forms.CharField(max_length=400, label="Milestone")
    due_date = forms.DateField(required=False, label="Due",
                               widget=forms.DateInput(attrs={"type": "date"}))
