"""A select for long, fixed lists (the ~600 timezones).

Django renders each option of a ``Select`` through a template, which costs about 0.15 ms
an option: a page with two timezone fields spent most of its time there. This widget
writes the same markup directly (escaped by ``format_html``)."""

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
