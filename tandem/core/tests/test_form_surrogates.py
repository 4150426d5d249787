"""A lone surrogate (half of a UTF-16 pair) cannot be stored: every form refuses it with
an error on the field, as Django's forms refuse a NUL character (issue 16, item 29).

Browsers never send one, but a multipart form may declare its own charset, and Django
decodes the fields with it: ``+2AA-`` in UTF-7 is U+D800."""

from __future__ import annotations

import pytest
from django import forms

from tandem.core.validation import SURROGATE_MESSAGE


def _multipart(fields: dict[str, bytes]) -> bytes:
    parts = [b"--xx\r\nContent-Disposition: form-data; name=\"" + name.encode() + b"\"\r\n\r\n"
             + value + b"\r\n" for name, value in fields.items()]
    return b"".join(parts) + b"--xx--\r\n"


def test_it_refuses_a_lone_surrogate_on_a_page_form_naming_the_field(personas, client_for):
    from tandem.accounts.models import CareerGoal

    before = CareerGoal.objects.count()
    client = client_for(personas.mentee)
    # The horizon is a choice: its usual error, and the page still renders.
    body = _multipart({"title": b"Lead +2AA- a team", "horizon": b"+2AA-"})
    response = client.generic("POST", "/goals/", body,
                              content_type="multipart/form-data; boundary=xx; charset=utf-7")
    assert response.status_code == 400  # the page shows the form again with its errors
    form = response.context["form"]
    assert form.errors["title"] == [SURROGATE_MESSAGE]
    assert "horizon" in form.errors
    assert "Lead \ufffd a team" in response.content.decode()  # shown again, safely
    assert CareerGoal.objects.count() == before


@pytest.mark.parametrize("field", [forms.CharField(), forms.CharField(strip=False),
                                   forms.EmailField(), forms.URLField(assume_scheme="https"), forms.SlugField(),
                                   forms.RegexField(r".*")])
def test_every_text_field_refuses_a_lone_surrogate(field):
    with pytest.raises(forms.ValidationError) as raised:
        field.clean("https://ex\udfffample.com")
    assert SURROGATE_MESSAGE in raised.value.messages or field.__class__ in (
        forms.EmailField, forms.SlugField)


def test_text_without_surrogates_is_untouched():
    assert forms.CharField().clean("  Grüße 👋 ") == "Grüße 👋"
