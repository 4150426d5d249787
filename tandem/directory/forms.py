from __future__ import annotations

from django import forms

from tandem.accounts.choices import LANGUAGE_CHOICES
from tandem.directory.selectors import SORTS, DirectoryQuery

WITHIN_CHOICES = [("", "Any timezone"), ("0", "Same offset as mine"), ("1", "Within 1 hour of mine"),
                  ("3", "Within 3 hours of mine"), ("6", "Within 6 hours of mine")]


class DirectorySearchForm(forms.Form):
    """The directory's filters as GET parameters; the same names as the API's."""

    q = forms.CharField(required=False, label="Search", max_length=200)
    skill = forms.ChoiceField(required=False, label="Skill")
    language = forms.ChoiceField(required=False, choices=[("", "Any language"), *LANGUAGE_CHOICES])
    industry = forms.ChoiceField(required=False)
    within_hours = forms.ChoiceField(required=False, choices=WITHIN_CHOICES, label="Timezone")
    overlaps_mine = forms.BooleanField(required=False, label="Available when I am")
    has_free_places = forms.BooleanField(required=False, label="Has free places")
    sort = forms.ChoiceField(required=False, choices=[(k, v[0]) for k, v in SORTS.items()])
    page = forms.IntegerField(required=False, min_value=1, max_value=500)

    def __init__(self, *args, facets: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = [("", "Any skill")] + [
            (t["slug"], t["name"]) for t in facets["skills"]]
        self.fields["industry"].choices = [("", "Any industry")] + [
            (t["slug"], t["name"]) for t in facets["industries"]]

    @staticmethod
    def base_query() -> DirectoryQuery:
        return DirectoryQuery()

    def to_query(self) -> DirectoryQuery:
        data = self.cleaned_data
        within = data.get("within_hours")
        return DirectoryQuery(
            q=data.get("q") or "",
            skills=[data["skill"]] if data.get("skill") else [],
            language=data.get("language") or "",
            industry=data.get("industry") or "",
            within_hours=int(within) if within not in (None, "") else None,
            overlaps_mine=bool(data.get("overlaps_mine")),
            has_free_places=bool(data.get("has_free_places")),
            sort=data.get("sort") or "available",
            page=data.get("page") or 1,
        )
