"""Forms turn text into typed values; the services own the rules and the messages."""

from __future__ import annotations

from django import forms

from tandem.programs.models import WEIGHT_TERMS, JoinRule, Role

WEIGHT_LABELS = {
    "skills": "Skills wanted and offered", "goals": "Goals and expertise (text)",
    "language": "A shared language", "timezone": "Close timezones",
    "availability": "Overlapping free hours", "industry": "Same industry",
    "seniority": "Seniority gap", "preference": "Mentee preferences",
}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ProgramForm(forms.Form):
    name = forms.CharField(max_length=400)
    description = forms.CharField(required=False, max_length=8000,
                                  widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text="Markdown. Shown to people who may join.")
    applications_open = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    applications_close = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    matching_date = forms.DateField(required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    starts_on = forms.DateField(label="Program starts",
                                widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="Program ends", widget=forms.DateInput(attrs={"type": "date"}))
    join_rule = forms.ChoiceField(label="Who may join", choices=JoinRule.choices,
                                  widget=forms.RadioSelect, initial=JoinRule.OPEN)
    email_domain = forms.CharField(required=False, max_length=200,
                                   help_text="For \"email domain\": e.g. example.org")
    mentee_questions = forms.CharField(
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
        label="Questions for mentees", help_text="One per line, at most 10.")
    mentor_questions = forms.CharField(
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
        label="Questions for mentors", help_text="One per line, at most 10.")
    shared_language = forms.BooleanField(required=False, label="Must share a language")
    max_timezone_gap = forms.IntegerField(required=False, min_value=0, max_value=12,
                                          label="Largest timezone gap (hours)",
                                          help_text="Leave empty for no limit.")
    min_overlap_hours = forms.IntegerField(min_value=0, max_value=40, initial=0,
                                           label="Fewest free hours in common each week")
    exclude_same_team = forms.BooleanField(required=False,
                                           label="Never pair two people of the same team")
    min_score = forms.FloatField(required=False, min_value=0, max_value=100,
                                 label="Lowest acceptable score",
                                 help_text="Leave empty for none.")
    default_capacity = forms.IntegerField(min_value=1, max_value=20, initial=2,
                                          label="Mentees per mentor (default)")
    request_expiry_days = forms.IntegerField(min_value=1, max_value=90, initial=14,
                                             label="Days to accept a proposed match")
    report_every_weeks = forms.IntegerField(min_value=1, max_value=26, initial=4,
                                            label="Progress report every (weeks)")
    agreement_objectives = forms.CharField(
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
        label="Agreement template: objectives",
        help_text="One per line; every new mentorship's draft agreement starts with them.")
    approval_required = forms.BooleanField(
        required=False, label="Both people must accept a published match",
        help_text="Otherwise a published match starts the mentorship at once.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for term in WEIGHT_TERMS:
            self.fields[f"weight_{term}"] = forms.IntegerField(
                min_value=0, max_value=10, label=f"Weight: {WEIGHT_LABELS[term]} (0-10)")

    @classmethod
    def initial_from(cls, program) -> dict:
        data = {field: getattr(program, field) for field in (
            "name", "description", "applications_open", "applications_close",
            "matching_date", "starts_on", "ends_on", "join_rule", "email_domain",
            "shared_language", "max_timezone_gap", "min_overlap_hours",
            "exclude_same_team", "min_score", "default_capacity", "request_expiry_days",
            "report_every_weeks", "approval_required")}
        for field in ("mentee_questions", "mentor_questions", "agreement_objectives"):
            data[field] = "\n".join(getattr(program, field) or [])
        for term in WEIGHT_TERMS:
            data[f"weight_{term}"] = program.weight(term)
        return data

    @classmethod
    def defaults(cls) -> dict:
        from tandem.programs.models import DEFAULT_WEIGHTS

        return {f"weight_{t}": v for t, v in DEFAULT_WEIGHTS.items()}

    def weight_fields(self):
        return [self[f"weight_{term}"] for term in WEIGHT_TERMS]

    def values(self) -> dict:
        d = self.cleaned_data
        out = {k: d[k] for k in (
            "name", "description", "applications_open", "applications_close",
            "matching_date", "starts_on", "ends_on", "join_rule", "email_domain",
            "shared_language", "max_timezone_gap", "min_overlap_hours",
            "exclude_same_team", "min_score", "default_capacity", "request_expiry_days",
            "report_every_weeks", "approval_required")}
        for field in ("mentee_questions", "mentor_questions", "agreement_objectives"):
            out[field] = _lines(d[field])
        out["weights"] = {term: d[f"weight_{term}"] for term in WEIGHT_TERMS}
        return out


class ApplyForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, widget=forms.HiddenInput, required=False)
    capacity = forms.IntegerField(required=False, min_value=0, max_value=1000,
                                  label="How many mentees can you take in this program?",
                                  help_text="If your profile leaves fewer places free, "
                                            "its capacity is raised to match.")
    team = forms.CharField(required=False, max_length=200, label="Your team (optional)",
                           help_text="Programs may avoid pairing people of the same team.")

    def __init__(self, *args, questions: list[str], role: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for index, question in enumerate(questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question, max_length=4000, required=False,
                widget=forms.Textarea(attrs={"rows": 3}))
        if role != Role.MENTOR:
            del self.fields["capacity"]

    def values(self) -> dict:
        d = self.cleaned_data
        return {"answers": [d.get(f"answer_{i}", "") for i in range(len(self.questions))],
                "capacity": d.get("capacity"), "team": d.get("team", "")}


class InviteForm(forms.Form):
    email = forms.CharField(max_length=400, label="Email address")
    role = forms.ChoiceField(choices=Role.choices, widget=forms.RadioSelect,
                             initial=Role.MENTEE)
    capacity = forms.IntegerField(required=False, min_value=0, max_value=1000,
                                  label="Capacity (mentors)",
                                  help_text="Empty: the program's default.")


class CoordinatorForm(forms.Form):
    email = forms.CharField(max_length=400, label="Add a coordinator by email")


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV file", help_text="UTF-8, with a header row: see the "
                           "columns below.")


class RunForm(forms.Form):
    mode = forms.ChoiceField(choices=[("optimal", "Optimal: most matched, then best total"),
                                      ("stable", "Stable: no pair would rather swap")],
                             widget=forms.RadioSelect, initial="optimal", label="Mode")


class AddPairForm(forms.Form):
    mentee = forms.TypedChoiceField(coerce=int, label="Mentee")
    mentor = forms.TypedChoiceField(coerce=int, label="Mentor")

    def __init__(self, *args, mentees, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentee"].choices = [(u.pk, u.display_name) for u in mentees]
        self.fields["mentor"].choices = [(u.pk, u.display_name) for u in mentors]


class SwapForm(forms.Form):
    first = forms.TypedChoiceField(coerce=int, label="Swap the mentor of")
    second = forms.TypedChoiceField(coerce=int, label="with the mentor of")

    def __init__(self, *args, pairs, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(p.pk, f"{p.mentee.display_name} (with {p.mentor.display_name})")
                   for p in pairs]
        self.fields["first"].choices = choices
        self.fields["second"].choices = choices


class RematchForm(forms.Form):
    reason = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                             label="Why would a different match help?",
                             help_text="Only the program's coordinators read this.")
