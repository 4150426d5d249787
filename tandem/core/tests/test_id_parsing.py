"""One id parser for every access_* function, one id check for every service: the cases
the thirteen copies they replace handled, and the largest id defined once."""

import enum

import pytest

from tandem.core.errors import NotFound
from tandem.core.permissions import parse_id
from tandem.core.validation import ID_MAX, INT64_MAX, integer_bounds, is_id


class Colour(enum.IntEnum):
    RED = 3


@pytest.mark.parametrize("value, expected", [
    (1, 1),
    (42, 42),
    ("42", 42),
    (" 42\n", 42),  # int() strips whitespace, as every copy did
    ("+7", 7),
    (2**63 - 1, 2**63 - 1),
    (str(2**63 - 1), 2**63 - 1),
    (Colour.RED, 3),
    (True, 1),  # int(True): no caller passes a bool, but this is what every copy did
])
def test_it_reads_an_id_as_int_reads_it(value, expected):
    pk = parse_id(value)
    assert pk == expected
    assert type(pk) is int  # never the subclass (a bool, an enum) a caller handed in


@pytest.mark.parametrize("value", [
    None, "", " ", "abc", "4a", "1.5", "1e3", "0x10", "--1", [], {}, object(),
    0, "0", -1, "-1", -(2**63),
    2**63, str(2**63), 10**100, "9" * 5000,  # beyond what int() reads from text, too
    float("inf"), float("nan"),
])
def test_it_finds_nothing_for_what_is_not_an_id(value):
    with pytest.raises(NotFound):
        parse_id(value)


def test_it_has_one_largest_id_the_api_uses_too():
    assert ID_MAX == INT64_MAX == 2**63 - 1
    assert integer_bounds("relationship_id") == (1, ID_MAX)


@pytest.mark.parametrize("value", [1, 42, 2**63 - 1, Colour.RED])
def test_it_accepts_a_whole_number_in_range_as_an_id(value):
    assert is_id(value)


@pytest.mark.parametrize("value", [
    0, -1, 2**63, True, False, None, "", "1", 1.0, [1], object(),
])
def test_it_refuses_anything_else_as_an_id(value):
    # A service's checks take values the form or schema already typed: text or a bool is
    # the wrong type, not an id to read (that is ``parse_id``'s job for access_*).
    assert not is_id(value)
