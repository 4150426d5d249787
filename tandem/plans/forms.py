from __future__ import annotations

from django import forms

from tandem.plans.models import LEVEL_CHOICES, ItemKind, ResourceKind


def _level_field(label: str, initial: int) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(coerce=int, choices=LEVEL_CHOICES, initial=initial,
                                  label=label)


class ItemForm(forms.Form):
    goal_id = forms.TypedChoiceField(coerce=int, label="Goal it serves")
    kind = forms.ChoiceField(choices=ItemKind.choices, label="Kind",
                             help_text="Knowledge to learn, a skill to practise, or an ability "
                                       "to grow.")
    title = forms.CharField(max_length=400, label="Title")
    description = forms.CharField(required=False, max_length=8000, label="Description",
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="Markdown is allowed.")
    current_level = _level_field("Current level", 1)
    target_level = _level_field("Target level", 3)

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal_id"].choices = [(g.pk, g.title) for g in goals]


class _Unique(forms.Form):
    """Forms that share a page get their own element ids (``auto_id``), field names
    unchanged, so every label points at its own input."""

    id_prefix = "id"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class LevelForm(_Unique):
    id_prefix = "level"
    level = _level_field("New current level", 1)


class ActionForm(_Unique):
    id_prefix = "action"
    text = forms.CharField(max_length=600, label="Action")
    due_date = forms.DateField(required=False, label="Due (optional)",
                               widget=forms.DateInput(attrs={"type": "date"}))


class ResourceForm(_Unique):
    id_prefix = "resource"
    kind = forms.ChoiceField(choices=ResourceKind.choices, label="Kind")
    title = forms.CharField(required=False, max_length=400, label="Title",
                            help_text="For a person to meet, their name is enough.")
    url = forms.CharField(required=False, max_length=1000, label="Link (optional)",
                          widget=forms.URLInput, help_text="Starting with https:// or http://")
    person_name = forms.CharField(required=False, max_length=240,
                                  label="Person to meet: name")
    person_why = forms.CharField(required=False, max_length=1000,
                                 label="Person to meet: why")


class TemplateSaveForm(forms.Form):
    name = forms.CharField(max_length=240, label="Template name")
    description = forms.CharField(required=False, max_length=4000, label="Description",
                                  widget=forms.Textarea(attrs={"rows": 3}))


class ApplyTemplateForm(forms.Form):
    template_id = forms.TypedChoiceField(coerce=int, label="Template")
    goal_id = forms.TypedChoiceField(coerce=int, label="Link the new items to the goal")

    def __init__(self, *args, templates, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template_id"].choices = [
            (t.pk, f"{t.name}{' (built in)' if t.is_builtin else ''}") for t in templates]
        self.fields["goal_id"].choices = [(g.pk, g.title) for g in goals]
