from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages

from tandem.core.errors import DomainError, ValidationFailed
from tandem.core.validation import SURROGATE_MESSAGE, UnstorableText, has_surrogate


class AuditSearchForm(forms.Form):
    """The filters of staff's audit-log search (a GET form: the filters are in the URL,
    never a secret)."""

    actor = forms.CharField(label="Who (part of an email address)", required=False,
                            max_length=254)
    action = forms.CharField(label="What (action, or its beginning)", required=False,
                             max_length=100, help_text="For example accounts.login or "
                             "access. for every denied request.")
    target_type = forms.CharField(label="Object type", required=False, max_length=100,
                                  help_text="For example accounts.user or "
                                  "mentorships.relationship.")
    target_id = forms.CharField(label="Object id", required=False, max_length=64)
    since = forms.DateField(label="From (UTC day)", required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="Until (UTC day, included)", required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    ip = forms.GenericIPAddressField(label="From address", required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", "The end date is before the start date.")
        return data


_text_to_python = forms.CharField.to_python


def _to_python_refusing_surrogates(self, value):
    if isinstance(value, UnstorableText) or (isinstance(value, str) and has_surrogate(value)):
        raise forms.ValidationError(SURROGATE_MESSAGE, code="surrogate")
    return _text_to_python(self, value)


def refuse_surrogates_in_forms() -> None:
    """Every text field of every form (``CharField`` and the fields built on it: email,
    URL, slug, regex...) refuses a lone surrogate with an error on the field, as Django's
    own ``CharField`` refuses a NUL character. A browser never sends one, but a multipart
    form may declare its own charset (UTF-7 turns ``+2AA-`` into U+D800), and saving it
    would fail with a UnicodeEncodeError. ``FormTextMiddleware`` has already replaced such
    text in the request by an ``UnstorableText`` that the page can show again. Installed
    once, from ``CoreConfig.ready``, rather than in each of the apps' forms."""
    forms.CharField.to_python = _to_python_refusing_surrogates  # type: ignore[method-assign]


Renames = dict[str, str] | Callable[[str | None], str | None]


def apply_errors(form: forms.Form, exc: DomainError, *, fields: Renames | None = None) -> None:
    """Put each of a service's errors on its field when the form has one, else above the
    form. ``fields`` renames the service's field names to the form's: a dict (a form that
    asks "who can read it" as one choice, where the service has two arguments), or a
    function from the service's name to the form's, for prefixes (``weights.skills`` to
    ``weight_skills``). An ``availability[i]...`` error goes to the field the form lists
    for window ``i`` in its ``window_fields``. A refusal that is not a ``ValidationFailed``
    (a conflict, a rule of the product) goes above the form, whatever field it names."""
    if not isinstance(exc, ValidationFailed):
        form.add_error(None, exc.message)
        return
    rename = fields if callable(fields) else (lambda f: (fields or {}).get(f, f))
    items = exc.errors or [{"field": exc.field, "message": exc.message}]
    for item in items:
        field = rename(item.get("field"))
        name = field if field in form.fields else None
        if name is None and field and field.startswith("availability"):
            match = re.match(r"availability\[(\d+)\]", field)
            name = None if not match else getattr(form, "window_fields", {}).get(int(match[1]))
        form.add_error(name, item["message"])


def submit(request, form: forms.Form, call: Callable[[dict], Any], *, done: str | None = None,
           fields: Renames | None = None) -> Any:
    """A page's form submission: validate ``form``, then run ``call`` (the service write)
    with its values: the form's ``values()`` when it has one (a form that turns its
    fields into the service's arguments), else its ``cleaned_data``.

    When the service refuses, its ``ValidationFailed`` goes onto the fields
    (``apply_errors``, renamed through ``fields``) and any other ``DomainError`` above the
    form, so the view shows the form again (with 400). Otherwise ``done``, when given, is
    flashed. Returns the service's result (``True`` when it returns nothing), or ``None``
    when the form was invalid or the service refused: the view then re-renders or
    redirects as the page needs."""
    if not form.is_valid():
        return None
    values_of = getattr(form, "values", None)
    values = values_of() if callable(values_of) else form.cleaned_data
    try:
        result = call(values)
    except DomainError as exc:
        apply_errors(form, exc, fields=fields)
    else:
        if done:
            messages.success(request, done)
        return True if result is None else result
    return None


def split_tags(text: str) -> list[str]:
    """Tags typed in one box, separated by commas or new lines (skills, interests)."""
    return [part.strip() for part in re.split(r"[,\n]", text or "") if part.strip()]
