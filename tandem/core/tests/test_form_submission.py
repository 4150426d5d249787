"""The one form-submission helper every page uses (issue 17, item 3): validate the form,
run the service, put its refusal on the form's fields, flash the outcome."""

from __future__ import annotations

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from tandem.core.errors import Conflict, ValidationFailed
from tandem.core.forms import apply_errors, submit


class TitleForm(forms.Form):
    title = forms.CharField(max_length=20)
    share = forms.CharField(required=False)


class ValuesForm(TitleForm):
    def values(self) -> dict:
        return {"name": self.cleaned_data["title"].upper()}


class WindowsForm(forms.Form):
    start_0 = forms.CharField(required=False)
    window_fields = {0: "start_0"}


def _request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _flashed(request) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(request)]


def test_it_runs_the_call_with_the_cleaned_data_and_flashes_the_outcome():
    request, form, seen = _request(), TitleForm({"title": "Lead"}), []

    def call(values):
        seen.append(values)
        return "made"

    result = submit(request, form, call, done="Saved.")
    assert result == "made"
    assert seen == [{"title": "Lead", "share": ""}]
    assert _flashed(request) == [("success", "Saved.")]


def test_it_passes_the_forms_own_values_when_it_has_them():
    request, seen = _request(), []
    submit(request, ValuesForm({"title": "Lead"}), lambda v: seen.append(v))
    assert seen == [{"name": "LEAD"}]


def test_it_answers_true_when_the_service_returns_nothing_and_flashes_nothing_unasked():
    request = _request()
    assert submit(request, TitleForm({"title": "Lead"}), lambda v: None) is True
    assert _flashed(request) == []


def test_it_does_not_call_the_service_with_an_invalid_form():
    request, form, seen = _request(), TitleForm({"title": "x" * 21}), []
    assert submit(request, form, lambda v: seen.append(v), done="Saved.") is None
    assert seen == []
    assert "title" in form.errors
    assert _flashed(request) == []


def test_it_puts_every_field_error_of_the_service_on_its_field_or_on_the_form():
    request, form = _request(), TitleForm({"title": "Lead"})

    def refuse(values):
        raise ValidationFailed("Please correct the errors.", errors=[
            {"field": "title", "message": "Taken."},
            {"field": "visibility", "message": "Not one of yours."},
            {"field": "nowhere", "message": "Something else."}])

    assert submit(request, form, refuse, done="Saved.", fields={"visibility": "share"}) is None
    assert form.errors["title"] == ["Taken."]
    assert form.errors["share"] == ["Not one of yours."]
    assert form.non_field_errors() == ["Something else."]
    assert _flashed(request) == []


def test_it_shows_a_refusal_that_names_no_field_above_the_form():
    request, form = _request(), TitleForm({"title": "Lead"})

    def refuse(values):
        raise Conflict("Somebody else changed it first.")

    assert submit(request, form, refuse, done="Saved.") is None
    assert form.non_field_errors() == ["Somebody else changed it first."]
    assert _flashed(request) == []


def test_it_places_an_availability_error_on_the_window_field_that_holds_it():
    form = WindowsForm({"start_0": "09:00"})
    form.is_valid()
    apply_errors(form, ValidationFailed("Ends before it starts.", field="availability[0].end"))
    apply_errors(form, ValidationFailed("Unknown window.", field="availability[3].end"))
    assert form.errors["start_0"] == ["Ends before it starts."]
    assert form.non_field_errors() == ["Unknown window."]


class WeightsForm(forms.Form):
    weight_skills = forms.IntegerField(required=False)
    answer_7 = forms.CharField(required=False)


def _prefixed(field: str | None) -> str | None:
    if field and field.startswith("weights."):
        return "weight_" + field.split(".", 1)[1]
    if field and field.startswith("answers["):
        return "answer_" + field[len("answers["):].rstrip("]")
    return field


def test_it_renames_fields_through_a_function_for_prefixed_names():
    form = WeightsForm({})
    form.is_valid()
    apply_errors(form, ValidationFailed("Please correct the errors.", errors=[
        {"field": "weights.skills", "message": "Between 0 and 10."},
        {"field": "answers[7]", "message": "Required."},
        {"field": "answers[8]", "message": "Not asked."},
        {"field": None, "message": "Something else."}]), fields=_prefixed)
    assert form.errors["weight_skills"] == ["Between 0 and 10."]
    assert form.errors["answer_7"] == ["Required."]
    assert form.non_field_errors() == ["Not asked.", "Something else."]


def test_it_puts_a_domain_refusal_that_is_not_a_validation_above_the_form():
    form = TitleForm({"title": "Lead"})
    form.is_valid()
    apply_errors(form, Conflict("Somebody else changed it first.", field="title"))
    assert form.non_field_errors() == ["Somebody else changed it first."]
    assert "title" not in form.errors
