"""Demo email addresses keep accented letters as their plain ASCII letter (issue 16,
item 25)."""

import pytest

from tandem.demo.people import _slug


@pytest.mark.parametrize("name,slug", [
    ("Luca Martín", "luca.martin"),
    ("Diego Hernández", "diego.hernandez"),
    ("Zoë Ødegård-Łukasz", "zoe.odegard-lukasz"),
    ("Ana O'Neil", "ana.oneil"),
])
def test_it_transliterates_names_into_addresses(name, slug):
    assert _slug(name) == slug


def test_it_gives_every_demo_person_a_full_address(demo_data):
    from tandem.accounts.models import User

    for user in User.objects.filter(email__endswith="@demo.tandem.test").select_related(
            "profile"):
        local = user.email.split("@")[0]
        name = user.profile.display_name
        if local in ("mentee", "mentor", "coordinator", "admin", "career.boost"):
            continue
        letters = sum(ch.isalpha() for ch in name)
        assert sum(ch.isalpha() for ch in local) == letters, (name, user.email)
