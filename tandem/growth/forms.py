"""Browser forms for growth: they turn text into values; the services decide validity."""

from __future__ import annotations

from django import forms

from tandem.growth.services import MAX_COMMENT, MAX_ITEMS, MAX_NAME, MAX_NOTE


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
