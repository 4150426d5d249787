"""The one text check every service uses (tandem.core.validation.check_texts)."""

import pytest

from tandem.core.errors import FieldErrors, ValidationFailed
from tandem.core.validation import (
    NUL_MESSAGE,
    SINGLE_LINE_MESSAGE,
    TOO_LONG_COUNTED,
    Text,
    check_text,
    check_texts,
)


def test_it_returns_every_field_stripped_when_all_are_good():
    clean = check_texts({"title": Text("  Learn SQL ", 20),
                         "note": Text(None, 20, required=False)})
    assert clean == {"title": "Learn SQL", "note": ""}


def test_it_names_every_bad_field_in_one_error():
    with pytest.raises(ValidationFailed) as caught:
        check_texts({"title": Text("   ", 20), "ok": Text("fine", 20),
                     "body": Text("x" * 21, 20), "kind": Text(["a"], 20)})
    assert caught.value.errors == [
        {"field": "title", "message": "This cannot be empty."},
        {"field": "body", "message": "At most 20 characters."},
        {"field": "kind", "message": "Must be text."},
    ]
    assert caught.value.field == "title"
    assert caught.value.message == "Please correct the errors."


def test_it_keeps_each_callers_wording():
    with pytest.raises(ValidationFailed) as caught:
        check_texts({
            "title": Text("", 20, empty="Give it a title."),
            "body": Text("x" * 1001, 1000, too_long=TOO_LONG_COUNTED),
            "notes": Text("y" * 1001, 1000,
                          too_long="At most {limit:,} characters (this has {length:,})."),
        })
    assert [e["message"] for e in caught.value.errors] == [
        "Give it a title.",
        "At most 1000 characters (this has 1001).",
        "At most 1,000 characters (this has 1,001).",
    ]


def test_it_refuses_nul_and_control_characters_only_when_asked():
    assert check_text("a\x00b", field="t", limit=10) == "a\x00b"
    assert check_text("a\tb", field="t", limit=10) == "a\tb"
    with pytest.raises(ValidationFailed) as caught:
        check_texts({"t": Text("a\x00b", 10, nul=True),
                     "name": Text("a\tb", 10, single_line=True)})
    assert caught.value.errors == [{"field": "t", "message": NUL_MESSAGE},
                                   {"field": "name", "message": SINGLE_LINE_MESSAGE}]


def test_it_checks_empty_before_length_and_length_after_stripping():
    assert check_text("  abc  ", field="t", limit=3) == "abc"
    assert check_text("", field="t", limit=3, required=False) == ""


def test_it_adds_to_a_collector_without_raising_so_other_checks_can_follow():
    errors = FieldErrors()
    assert check_text("", field="title", limit=5, errors=errors) == ""
    assert check_text(7, field="note", limit=5, required=False, errors=errors) == ""
    errors.add("rating", "Rate from 1 to 5.")
    with pytest.raises(ValidationFailed) as caught:
        errors.raise_if_any()
    assert [e["field"] for e in caught.value.errors] == ["title", "note", "rating"]


def test_its_single_field_form_raises_naming_the_field():
    with pytest.raises(ValidationFailed) as caught:
        check_text("x" * 6, field="reason", limit=5)
    assert caught.value.field == "reason"
    assert caught.value.message == "At most 5 characters."
    assert caught.value.errors == [{"field": "reason", "message": "At most 5 characters."}]


def test_the_collectors_text_method_is_the_same_check():
    errors = FieldErrors()
    assert errors.text("  hi ", "a", 5, required=True) == "hi"
    errors.text("", "b", 5, required=True, empty="Write something.")
    errors.text("toolong", "c", 5, required=False)
    assert errors.items == [{"field": "b", "message": "Write something."},
                            {"field": "c", "message": "At most 5 characters."}]
