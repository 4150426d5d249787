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
    """Its options are rendered once per process when its choices come from a function
    (``choices=timezone_choices``): such a list must not change while the process runs.
    A page then pays only for joining them (about 0.02 ms for 600) instead of escaping
    every option again (about 5 ms a field)."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = "" if value is None else str(value[0] if isinstance(value, list | tuple)
                                                 and value else value)
        options = "".join(
            f'<option value="{key_html}" selected>{label_html}</option>' if key == chosen
            else plain for key, key_html, label_html, plain in _options(self.choices))
        # Safe: every option's value and label is escaped in _render_options.
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe(options))  # nosec B308 B703


_RENDERED: dict = {}


def _options(choices) -> tuple[tuple[str, str, str, str], ...]:
    source = getattr(choices, "func", None)  # Django's CallableChoiceIterator
    if source is None:
        return _render_options(choices)
    if source not in _RENDERED:
        _RENDERED[source] = _render_options(choices)
    return _RENDERED[source]


def _render_options(choices) -> tuple[tuple[str, str, str, str], ...]:
    """Each option as (value, escaped value, escaped label, its unselected markup)."""
    rendered = []
    for key, label in choices:
        key_html, label_html = str(escape(key)), str(escape(label))
        rendered.append((str(key), key_html, label_html,
                         f'<option value="{key_html}">{label_html}</option>'))
    return tuple(rendered)


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
