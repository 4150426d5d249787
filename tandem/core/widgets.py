"""Widgets of Tandem's forms.

``LongSelect``: a select for long, fixed lists (the ~600 timezones). Django renders each
option of a ``Select`` through a template, which costs about 0.15 ms an option: a page
with two timezone fields spent most of its time there. This widget writes the same markup
directly (escaped by ``format_html``).

``SearchableSelectMultiple``: a plain ``<select multiple>`` that static/js/multiselect.js
turns into a filter box, a list of checkboxes and removable chips, mirrored into the
select, so the form posts the same values with or without JavaScript."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


class LongSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = "" if value is None else str(value[0] if isinstance(value, list | tuple)
                                                 and value else value)
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if str(key) == chosen else ""}>'
            f"{escape(label)}</option>" for key, label in self.choices)
        # Safe: every option's value and label is escaped just above.
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe(options))  # nosec B308 B703


class SearchableSelectMultiple(forms.SelectMultiple):
    """Several choices from a long list (the languages). ``one`` and ``many`` name a
    choice in the script's messages ("No language matches…", "3 languages match").
    The page must include ``{{ form.media }}``: the script and its stylesheet, both from
    'self' as the CSP wants."""

    class Media:
        js = [forms.Script("js/multiselect.js", defer=True)]
        css = {"all": ["css/multiselect.css"]}

    def __init__(self, attrs=None, choices=(), *, one: str = "option", many: str = "options"):
        super().__init__({"size": 12, "data-multiselect": many, "data-multiselect-one": one,
                          **(attrs or {})}, choices)
