"""Browser forms for growth: they turn text into values; the services decide validity."""

from __future__ import annotations

from django import forms

from tandem.accounts.choices import GoalHorizon, GoalStatus, GoalVisibility
from tandem.growth.services import MAX_COMMENT, MAX_ITEMS, MAX_NAME, MAX_NOTE


class GoalForm(forms.Form):
    """A SMART career goal: what, why it matters, how success is measured, by when; its
    status and progress; and who sees it (only me, all my mentors, or chosen mentorships,
    offered from ``relationships``: the person's mentorships as mentee)."""

    title = forms.CharField(max_length=400, help_text="e.g. “Lead a team within a year”.")
    why = forms.CharField(
        label="Why it matters", required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    measure = forms.CharField(
        label="How success is measured", required=False, max_length=2000,
        help_text="How will you know you got there? e.g. “Leading a team of 3 or more”.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    target_date = forms.DateField(
        label="Target date", required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Optional. By when you want to reach it.",
    )
    horizon = forms.ChoiceField(choices=GoalHorizon.choices, initial=GoalHorizon.ONE_YEAR)
    status = forms.ChoiceField(choices=GoalStatus.choices, initial=GoalStatus.NOT_STARTED,
                               required=False)
    progress = forms.IntegerField(
        label="Progress (%)", required=False, min_value=-(10**6), max_value=10**6,
        help_text="Optional, 0 to 100. Leave empty to follow the milestones done.",
    )
    visibility = forms.ChoiceField(
        choices=GoalVisibility.choices, initial=GoalVisibility.MENTORS, label="Who sees it",
        widget=forms.RadioSelect,
    )
    relationship_ids = forms.TypedMultipleChoiceField(
        coerce=int, required=False, label="Mentorships that see it",
        help_text="Used when “Shared with the mentorships I choose” is picked.",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, relationships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relationship_ids"].choices = [
            (rel.pk, f"{rel.mentor.display_name} ({rel.get_state_display().lower()})")
            for rel in relationships]

    def clean_status(self) -> str:
        # A form posted without the field (an older page, a script) keeps the default.
        return self.cleaned_data.get("status") or GoalStatus.NOT_STARTED

    @staticmethod
    def initial_from(goal, chosen_ids) -> dict:
        return {"title": goal.title, "why": goal.why, "measure": goal.measure,
                "target_date": goal.target_date, "horizon": goal.horizon,
                "status": goal.status, "progress": goal.progress_manual,
                "visibility": goal.visibility, "relationship_ids": chosen_ids}


class MilestoneForm(forms.Form):
    title = forms.CharField(max_length=400, label="Milestone")
    due_date = forms.DateField(required=False, label="Due",
                               widget=forms.DateInput(attrs={"type": "date"}))


class CommentForm(forms.Form):
    # The service's limit, so the page's textarea stops where the service would refuse.
    text = forms.CharField(label="Comment", max_length=MAX_COMMENT,
                           error_messages={"required": "Write a comment."},
                           help_text="Markdown: **bold**, *italic*, lists, links.",
                           widget=forms.Textarea(attrs={"rows": 3}))


KINDS = (("strengths", "Strength"), ("growth_areas", "Growth area"))


class AssessmentForm(forms.Form):
    """Rows of name + note for strengths and growth areas, so it works without
    JavaScript: the latest snapshot's items, then a few empty rows (up to the limit)."""

    EXTRA = 3

    def __init__(self, *args, initial_items: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_items = initial_items or {}
        self.rows: dict[str, list[tuple]] = {}
        for kind, label in KINDS:
            existing = initial_items.get(kind, [])
            count = min(MAX_ITEMS, len(existing) + self.EXTRA)
            rows = []
            for index in range(count):
                item = existing[index] if index < len(existing) else None
                name = f"{kind}_{index}_name"
                note = f"{kind}_{index}_note"
                self.fields[name] = forms.CharField(
                    label=f"{label} {index + 1}", required=False, max_length=MAX_NAME * 2,
                    initial=item.name if item else "")
                self.fields[note] = forms.CharField(
                    label=f"Note on {label.lower()} {index + 1}", required=False,
                    max_length=MAX_NOTE * 2, initial=item.note if item else "",
                    widget=forms.Textarea(attrs={"rows": 2}))
                rows.append((self[name], self[note]))
            self.rows[kind] = rows

    def values(self) -> dict:
        data = self.cleaned_data
        result = {}
        for kind, _ in KINDS:
            items = []
            for index in range(len(self.rows[kind])):
                name = data.get(f"{kind}_{index}_name", "").strip()
                note = data.get(f"{kind}_{index}_note", "").strip()
                if name or note:
                    items.append({"name": name, "note": note})
            result[kind] = items
        return result

    def field_for(self, error_field: str | None) -> str | None:
        """``strengths[2].name`` -> the form field of that row (rows are compacted, so
        the n-th non-empty row)."""
        import re

        match = re.match(r"(strengths|growth_areas)\[(\d+)\](?:\.(name|note))?", error_field or "")
        if not match:
            return None
        kind, position, part = match[1], int(match[2]), match[3] or "name"
        filled = [i for i in range(len(self.rows[kind]))
                  if (self.cleaned_data.get(f"{kind}_{i}_name", "").strip()
                      or self.cleaned_data.get(f"{kind}_{i}_note", "").strip())]
        if position < len(filled):
            return f"{kind}_{filled[position]}_{part}"
        return None
