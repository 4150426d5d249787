from __future__ import annotations

from django import forms

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

    def clean(self):
        data = super().clean()
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
    forms.CharField.to_python = _to_python_refusing_surrogates
