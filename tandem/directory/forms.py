from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms

from tandem.accounts.choices import LANGUAGE_CHOICES
from tandem.core.widgets import LongSelect
from tandem.directory.selectors import SORTS, DirectoryQuery

WITHIN_CHOICES = [("", "Any timezone"), ("0", "Same offset as mine"), ("1", "Within 1 hour of mine"),
                  ("3", "Within 3 hours of mine"), ("6", "Within 6 hours of mine")]


class SkillSelect(LongSelect):
    """One select on the page, yet the form reads every ``skill`` in the address, like the
    API does (``?skill=python&skill=go``: a mentor must offer both); the select shows the
    first, ``extra_skills`` the others."""

    def value_from_datadict(self, data, files, name):
        getlist = getattr(data, "getlist", None)
        return [v for v in getlist(name) if v] if getlist else (
            [data[name]] if data.get(name) else [])


@dataclass(frozen=True)
class ActiveFilter:
    """One filter a search was made with, and the address of the same search without it."""

    label: str  # "Remove skill: Python"
    url: str


class DirectorySearchForm(forms.Form):
    """The directory's filters as GET parameters; the same names as the API's."""

    q = forms.CharField(required=False, label="Search", max_length=200)
    skill = forms.MultipleChoiceField(required=False, label="Skill", widget=SkillSelect)
    # LongSelect: Django's select renders each of these hundreds of options through a
    # template (about 300 includes a directory page, a third of its rendering time).
    language = forms.ChoiceField(required=False, widget=LongSelect,
                                 choices=[("", "Any language"), *LANGUAGE_CHOICES])
    industry = forms.ChoiceField(required=False, widget=LongSelect)
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
            skills=list(dict.fromkeys(data.get("skill") or [])),
            language=data.get("language") or "",
            industry=data.get("industry") or "",
            within_hours=int(within) if within not in (None, "") else None,
            overlaps_mine=bool(data.get("overlaps_mine")),
            has_free_places=bool(data.get("has_free_places")),
            sort=data.get("sort") or "available",
            page=data.get("page") or 1,
        )

    # The filters a "Remove ..." link is offered for; sort and page only order the list.
    FILTERS = ("q", "skill", "language", "industry", "within_hours", "overlaps_mine",
               "has_free_places")

    def extra_skills(self) -> list[tuple[str, str]]:
        """The skills beyond the first (one select shows only one), as (slug, name)."""
        if not self.is_bound or not self.is_valid():
            return []
        names = dict(self.fields["skill"].choices)
        return [(slug, names[slug]) for slug in
                list(dict.fromkeys(self.cleaned_data.get("skill") or []))[1:]]

    def active_filters(self, path: str) -> list[ActiveFilter]:
        """One "Remove ..." link per filter in use, each to this search without that filter
        alone (a skill given twice is one filter, each different skill its own). Empty when
        the form is unbound or invalid: there is then no search to widen."""
        if not self.is_bound or not self.is_valid():
            return []
        data = self.cleaned_data
        pairs = [(key, value) for key, values in self.data.lists() for value in values
                 if key in self.base_fields and key != "page" and value.strip()]

        def without(key: str, value: str | None = None) -> str:
            kept = [(k, v) for k, v in pairs
                    if not (k == key and (value is None or v == value))]
            return path + (f"?{urlencode(kept)}" if kept else "")

        found: list[ActiveFilter] = []
        for key in self.FILTERS:
            field = self.fields[key]
            if key == "skill":
                names = dict(field.choices)
                found += [ActiveFilter(f"Remove skill: {names[slug]}", without(key, slug))
                          for slug in dict.fromkeys(data.get(key) or [])]
            elif isinstance(field, forms.BooleanField):
                if data.get(key):
                    found.append(ActiveFilter(f"Remove \u201c{field.label}\u201d", without(key)))
            elif data.get(key):
                value = data[key]
                shown = dict(field.choices)[value] if hasattr(field, "choices") \
                    else f"\u201c{value}\u201d"
                label = {"q": "search", "within_hours": "timezone"}.get(key, key)
                found.append(ActiveFilter(f"Remove {label}: {shown}", without(key)))
        return found
