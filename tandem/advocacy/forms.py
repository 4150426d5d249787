"""Forms turn posted text into values; the services own the rules, so a page and the API
say the same thing about bad input."""

from __future__ import annotations

from django import forms

from tandem.advocacy.models import (
    IntroductionStatus,
    OpportunityKind,
    OpportunityStatus,
    ResourceKind,
)


class _OwnIds:
    """Several forms share one page: each gets its own element ids."""

    id_prefix = "id"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)

    def values(self) -> dict:
        return dict(self.cleaned_data)


def _area(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class OpportunityForm(_OwnIds, forms.Form):
    id_prefix = "opp"

    kind = forms.ChoiceField(choices=OpportunityKind.choices)
    title = forms.CharField(max_length=400)
    description = forms.CharField(required=False, widget=_area(4), max_length=10000,
                                  help_text="Why it fits, what to prepare. Markdown is allowed.")
    url = forms.CharField(required=False, max_length=1000, label="Link (optional)",
                          widget=forms.URLInput)
    deadline = forms.DateField(required=False, label="Deadline or date (optional)",
                               widget=forms.DateInput(attrs={"type": "date"}))


class OpportunityStatusForm(forms.Form):
    status = forms.ChoiceField(choices=OpportunityStatus.choices)
    reason = forms.CharField(required=False, max_length=2000, widget=_area(2),
                             label="Why is it not for you? (optional)")


class IntroductionForm(_OwnIds, forms.Form):
    id_prefix = "intro"

    contact_name = forms.CharField(max_length=240, label="Who")
    contact_role = forms.CharField(required=False, max_length=400,
                                   label="Role or organisation (optional)")
    contact_url = forms.CharField(required=False, max_length=1000, widget=forms.URLInput,
                                  label="Profile link (optional)")
    why = forms.CharField(widget=_area(3), max_length=4000,
                          label="Why the two of them should meet")
    note = forms.CharField(required=False, widget=_area(2), max_length=4000,
                           label="Note (optional)",
                           help_text="How to reach out, what to mention, when.")


class IntroductionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=IntroductionStatus.choices)
    outcome = forms.CharField(required=False, max_length=4000, widget=_area(2),
                              label="How did it go? (optional)")


class OutcomeForm(_OwnIds, forms.Form):
    id_prefix = "outcome"

    outcome = forms.CharField(required=False, max_length=4000, widget=_area(3),
                              label="How it went")


class ResourceForm(_OwnIds, forms.Form):
    id_prefix = "res"

    kind = forms.ChoiceField(choices=ResourceKind.choices)
    title = forms.CharField(max_length=400)
    url = forms.CharField(required=False, max_length=1000, widget=forms.URLInput,
                          label="Link", help_text="Optional for a book or a person.")
    description = forms.CharField(required=False, widget=_area(3), max_length=8000,
                                  help_text="What it is good for. Markdown is allowed.")
    tags = forms.CharField(required=False, max_length=1000,
                           help_text="Separated by commas, e.g. “system design, interviews”.")
    is_public = forms.BooleanField(
        required=False, label="Share it in the community library",
        help_text="Everyone signed in will see it with your name; never this mentorship.")

    def __init__(self, *args, community: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if community:
            del self.fields["is_public"]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["tags"] = [t for t in data.get("tags", "").split(",") if t.strip()]
        return data

    @classmethod
    def initial_for(cls, resource) -> dict:
        return {"kind": resource.kind, "title": resource.title, "url": resource.url,
                "description": resource.description, "is_public": resource.is_public,
                "tags": ", ".join(tag["name"] for tag in resource.tags)}


class LibraryFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search")
    tag = forms.CharField(required=False, max_length=100)
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *ResourceKind.choices])
