"""The profile's directory columns (the hours of the UTC week a person is available, the
languages they speak) stay equal to their windows and language rows after every write:
otherwise the directory's "overlaps my availability" and language filters would show the
wrong mentors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tandem.accounts.models import AvailabilityWindow, Profile, ProfileLanguage
from tandem.accounts.services import (
    ImportedPerson,
    accounts_create_imported,
    availability_replace,
    profile_refresh_offsets,
    profile_update,
)
from tandem.accounts.tests.test_admin import form_data
from tandem.accounts.weekbits import (
    FIELDS,
    hour_columns,
    hour_sets,
    language_codes_text,
)

WINTER = datetime(2026, 1, 15, 12, tzinfo=UTC)


def recomputed(profile_id: int) -> dict:
    """The columns as the rows say they should be."""
    windows = AvailabilityWindow.objects.filter(profile_id=profile_id).values_list(
        "utc_start", "utc_end")
    codes = ProfileLanguage.objects.filter(profile_id=profile_id).values_list("code", flat=True)
    return {**hour_columns(windows), "language_codes": language_codes_text(codes)}


def stored(profile_id: int) -> dict:
    return Profile.objects.filter(pk=profile_id).values(*FIELDS, "language_codes").get()


def assert_in_step(*profile_ids: int) -> None:
    for profile_id in profile_ids:
        assert stored(profile_id) == recomputed(profile_id), profile_id


def test_it_counts_hours_touched_and_covered_across_the_weeks_end():
    # Sunday 23:15 to Monday 01:10 UTC: touches hours 167, 0 and 1 of the week, covers 0.
    touched, full = hour_sets([(10080 - 45, 10080 + 70)])
    assert touched == (0b11, 0, 1 << 55) and full == (0b1, 0, 0)
    # Two windows that meet cover the hour between them.
    assert hour_sets([(60, 90), (90, 120)]) == ((0b10, 0, 0), (0b10, 0, 0))
    assert hour_sets([]) == ((0, 0, 0), (0, 0, 0))
    assert language_codes_text(["pt", "en", "pt"]) == " en pt " and language_codes_text([]) == ""


def test_it_keeps_the_columns_when_availability_is_replaced(personas):
    profile_update(actor=personas.outsider, profile=personas.outsider.profile,
                   changes={"timezone": "Europe/Berlin"})
    profile = personas.outsider.profile
    availability_replace(actor=personas.outsider, profile=profile, windows=[
        {"weekday": 0, "start": "00:30", "end": "01:45"},  # Berlin: Sunday 23:30 UTC on
        {"weekday": 3, "start": "09:00", "end": "12:00"}])
    assert stored(profile.pk)["avail_any_2"] != 0  # Sunday evening in UTC: hour 167
    assert_in_step(profile.pk)
    availability_replace(actor=personas.outsider, profile=profile, windows=[])
    assert_in_step(profile.pk)
    assert not any(stored(profile.pk)[name] for name in FIELDS)


def test_it_keeps_the_columns_when_languages_or_the_timezone_change(personas):
    profile = personas.mentor.profile  # Berlin, Tuesday 18:00-20:00
    before = stored(profile.pk)
    profile_update(actor=personas.mentor, profile=profile,
                   changes={"languages": ["de", "fil", "en"], "timezone": "Asia/Tokyo"})
    assert_in_step(profile.pk)
    after = stored(profile.pk)
    assert after["language_codes"] == " de en fil "
    assert after["avail_any_0"] != before["avail_any_0"]  # 9 hours earlier in UTC
    profile_update(actor=personas.mentor, profile=profile, changes={"languages": []})
    assert_in_step(profile.pk)


def test_it_keeps_the_columns_when_offsets_are_refreshed_for_daylight_saving(personas):
    berlin = personas.mentor.profile
    Profile.objects.filter(pk=berlin.pk).update(utc_offset_minutes=120)  # stale: summer
    AvailabilityWindow.objects.filter(profile=berlin).update(utc_start=1 * 1440 + 16 * 60,
                                                             utc_end=1 * 1440 + 18 * 60)
    assert profile_refresh_offsets(at=WINTER) >= 1
    assert_in_step(berlin.pk)
    assert stored(berlin.pk)["avail_full_0"] == (1 << (24 + 17)) | (1 << (24 + 18))


def test_it_keeps_the_columns_when_staff_edit_only_the_languages(personas, client_for):
    profile = personas.mentor.profile
    client = client_for(personas.staff)
    url = f"/admin/accounts/profile/{profile.pk}/change/"
    data = form_data(client.get(url))
    count = int(data["languages-TOTAL_FORMS"])
    data.update({"languages-TOTAL_FORMS": str(count + 1), f"languages-{count}-code": "sw",
                 f"languages-{count}-profile": profile.pk})
    assert client.post(url, data).status_code == 302
    assert "sw" in stored(profile.pk)["language_codes"].split()
    assert_in_step(profile.pk)

    data = form_data(client.get(url))
    data.update({f"languages-{i}-DELETE": "on" for i in range(count + 1)})
    assert client.post(url, data).status_code == 302
    assert stored(profile.pk)["language_codes"] == ""
    assert_in_step(profile.pk)


def test_it_keeps_the_columns_when_staff_change_the_timezone(personas, client_for):
    profile = personas.mentor.profile
    client = client_for(personas.staff)
    url = f"/admin/accounts/profile/{profile.pk}/change/"
    before = stored(profile.pk)
    data = form_data(client.get(url))
    assert client.post(url, {**data, "timezone": "America/Sao_Paulo"}).status_code == 302
    assert stored(profile.pk) != before
    assert_in_step(profile.pk)


def test_it_fills_the_columns_of_imported_accounts(personas):
    [ines] = accounts_create_imported(actor=personas.coordinator, people=[ImportedPerson(
        email="ines@example.com", display_name="Inês Costa", mentor=True, mentor_capacity=2,
        timezone="Europe/Lisbon", languages=("pt", "en", "pt"))])
    profile = Profile.objects.get(user=ines)
    assert stored(profile.pk)["language_codes"] == " en pt "
    assert_in_step(profile.pk)


@pytest.mark.parametrize("erased", ["mentee", "mentor2"])
def test_it_clears_the_columns_when_an_account_is_erased(personas, erased):
    from tandem.mentorships.services import request_create
    from tandem.privacy.services import account_erase

    # A request between them: each account is then anonymised, not deleted.
    request_create(actor=personas.mentee, mentor=personas.mentor2, message="Hello")
    person = getattr(personas, erased)
    profile_update(actor=person, profile=person.profile, changes={"languages": ["en", "ja"]})
    availability_replace(actor=person, profile=person.profile,
                         windows=[{"weekday": 4, "start": "08:10", "end": "09:20"}])
    assert stored(person.profile.pk)["language_codes"]
    assert account_erase(actor=person, confirmation=person.email) == "anonymised"
    assert_in_step(person.profile.pk)
    assert stored(person.profile.pk) == {**hour_columns(()), "language_codes": ""}


def test_the_accounts_erasure_section_clears_the_hours(personas):
    from tandem.accounts.sections import erase_user

    profile = personas.mentor.profile
    assert stored(profile.pk)["avail_any_0"]
    erase_user(user=personas.mentor)
    assert_in_step(profile.pk)
