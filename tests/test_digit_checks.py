"""A number typed into a query string or a form is checked with ``str.isdecimal()``, never
``str.isdigit()``: "²" and "①" are digits to ``isdigit`` but ``int()`` refuses them, so a
check with ``isdigit`` followed by ``int()`` answers 500 for ``?person=²``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TANDEM = Path(__file__).resolve().parent.parent / "tandem"


def test_no_code_checks_a_number_with_isdigit():
    offenders = [
        f"{path.relative_to(TANDEM.parent)}:{number}"
        for path in TANDEM.rglob("*.py") if "tests" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\.isdigit\(\)", line)
    ]
    assert not offenders, f"use .isdecimal() (int() reads every decimal): {offenders}"


@pytest.mark.django_db
@pytest.mark.parametrize("param", ["person", "relationship", "message"])
@pytest.mark.parametrize("value", ["²", "①", "1²"])
def test_a_superscript_digit_in_the_report_page_address_is_not_found(personas, client_for,
                                                                     param, value):
    response = client_for(personas.mentee).get("/report/", {param: value})
    assert response.status_code == 404
