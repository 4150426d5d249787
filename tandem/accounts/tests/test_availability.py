import logging
from datetime import UTC, datetime

import pytest
from freezegun import freeze_time
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.accounts.models import AvailabilityWindow, Profile
from tandem.accounts.selectors import windows_in_zone
from tandem.accounts.services import (
    availability_replace,
    profile_refresh_offsets,
    profile_update,
)
from tandem.accounts.tests.factories import make_mentor
from tandem.core.errors import ValidationFailed

WINTER = datetime(2026, 1, 15, 12, tzinfo=UTC)
NOVEMBER = datetime(2026, 11, 10, 12, tzinfo=UTC)


def test_it_stores_windows_as_minutes_of_a_utc_week(personas):
    user = personas.outsider
    profile_update(actor=user, profile=user.profile, changes={"timezone": "Asia/Tokyo"})
    availability_replace(actor=user, profile=user.profile,
                         windows=[{"weekday": 0, "start": "08:00", "end": "10:00"}])
    window = AvailabilityWindow.objects.get(profile=user.profile)
    # Monday 08:00 in Tokyo (UTC+9) is Sunday 23:00 UTC: the end of the UTC week.
    assert (window.utc_start, window.utc_end) == (6 * 1440 + 23 * 60, 6 * 1440 + 23 * 60 + 120)


@pytest.mark.parametrize("windows,message", [
    ([{"weekday": 2, "start": "10:00", "end": "09:00"}], "ends before it starts"),
    ([{"weekday": 2, "start": "09:00", "end": "11:00"},
      {"weekday": 2, "start": "10:30", "end": "12:00"}], "overlap"),
    ([{"weekday": 9, "start": "09:00", "end": "11:00"}], "Monday (0) to Sunday (6)"),
    ([{"weekday": 1, "start": "9am", "end": "11:00"}], "not a time like 09:30"),
    ([{"weekday": 1, "start": "24:00", "end": "24:00"}], "not a time of day"),
])
def test_it_refuses_inverted_overlapping_and_malformed_windows(personas, windows, message):
    user = personas.mentor
    before = list(AvailabilityWindow.objects.filter(profile=user.profile).values_list("pk"))
    with pytest.raises(ValidationFailed) as exc:
        availability_replace(actor=user, profile=user.profile, windows=windows)
    assert any(message in e["message"] for e in exc.value.errors)
    after = list(AvailabilityWindow.objects.filter(profile=user.profile).values_list("pk"))
    assert after == before  # the old windows are still there


def test_it_moves_windows_when_the_timezone_changes(personas):
    user = personas.outsider
    availability_replace(actor=user, profile=user.profile,
                         windows=[{"weekday": 2, "start": "12:00", "end": "13:00"}])
    profile_update(actor=user, profile=user.profile, changes={"timezone": "America/Sao_Paulo"})
    window = AvailabilityWindow.objects.get(profile=user.profile)
    assert window.utc_start == 2 * 1440 + 15 * 60  # 12:00 at UTC-3


def test_it_shows_windows_in_the_viewers_timezone_splitting_at_midnight(personas):
    user = personas.outsider
    profile_update(actor=user, profile=user.profile, changes={"timezone": "UTC"})
    availability_replace(actor=user, profile=user.profile,
                         windows=[{"weekday": 0, "start": "22:00", "end": "24:00"}])
    windows = user.profile.availability.all()
    for owner_tz in ("UTC", None):  # from the entered times, and from the stored UTC ones
        shown = windows_in_zone(windows, "Asia/Kolkata", owner_tz=owner_tz, now=WINTER)
        # 22:00-24:00 UTC on Monday is 03:30-05:30 on Tuesday in India.
        assert [(w.day, w.start, w.end) for w in shown] == [("Tuesday", "03:30", "05:30")]
        shown = windows_in_zone(windows, "America/New_York", owner_tz=owner_tz, now=WINTER)
        assert [(w.day, w.start, w.end) for w in shown] == [("Monday", "17:00", "19:00")]
        shown = windows_in_zone(windows, "Europe/Berlin", owner_tz=owner_tz, now=WINTER)
        assert [(w.day, w.start, w.end) for w in shown] == [("Monday", "23:00", "24:00"),
                                                            ("Tuesday", "00:00", "01:00")]


def test_it_keeps_a_window_at_its_local_time_across_daylight_saving(db):
    with freeze_time("2026-07-14 12:00:00"):  # saved in summer, at UTC+2
        mentor = make_mentor(timezone="Europe/Berlin",
                             windows=[{"weekday": 1, "start": "18:00", "end": "20:00"}])
    windows = mentor.profile.availability.all()
    seen = [(w.day, w.start, w.end) for w in windows_in_zone(
        windows, "Europe/Berlin", owner_tz="Europe/Berlin", now=NOVEMBER)]
    assert seen == [("Tuesday", "18:00", "20:00")]  # not 17:00-19:00
    seen = [(w.day, w.start, w.end) for w in windows_in_zone(
        windows, "America/New_York", owner_tz="Europe/Berlin", now=NOVEMBER)]
    assert seen == [("Tuesday", "12:00", "14:00")]
    # Mid-March the US has changed its clocks and Europe has not: 17:00 UTC is 13:00 EDT.
    seen = [(w.day, w.start, w.end) for w in windows_in_zone(
        windows, "America/New_York", owner_tz="Europe/Berlin",
        now=datetime(2026, 3, 17, 12, tzinfo=UTC))]
    assert seen == [("Tuesday", "13:00", "15:00")]


def test_it_refreshes_offsets_and_skips_a_timezone_it_does_not_know(personas, caplog):
    Profile.objects.filter(pk=personas.mentor.profile.pk).update(timezone="Mars/Olympus")
    Profile.objects.filter(pk=personas.mentor2.profile.pk).update(utc_offset_minutes=120)
    with caplog.at_level(logging.WARNING, logger="tandem.accounts.services"):
        changed = profile_refresh_offsets(at=WINTER)
    assert changed >= 1
    assert Profile.objects.get(pk=personas.mentor2.profile.pk).utc_offset_minutes == 60
    assert "Unknown timezone 'Mars/Olympus' on 1 profile(s)" in caplog.text


def test_it_does_not_overwrite_a_timezone_changed_during_the_refresh(personas, monkeypatch):
    from tandem.accounts import services

    berlin = [personas.mentor.profile.pk, personas.mentor2.profile.pk]
    Profile.objects.filter(pk__in=berlin).update(utc_offset_minutes=120)  # stale
    recompute = services._recompute_windows
    moved = []

    def recompute_then_someone_moves(profile):
        recompute(profile)
        if not moved:  # meanwhile, the other Berlin mentor moves to Tokyo
            other = next(pk for pk in berlin if pk != profile.pk)
            profile_update(actor=Profile.objects.get(pk=other).user,
                           profile=Profile.objects.get(pk=other),
                           changes={"timezone": "Asia/Tokyo"})
            moved.append(other)

    monkeypatch.setattr(services, "_recompute_windows", recompute_then_someone_moves)
    assert profile_refresh_offsets(at=WINTER) == 1
    assert Profile.objects.get(pk=moved[0]).utc_offset_minutes == 540
    window = AvailabilityWindow.objects.get(profile_id=moved[0])
    assert window.utc_start == 1 * 1440 + 18 * 60 - 540  # Tuesday 18:00 in Tokyo


def test_it_edits_availability_on_one_page_per_weekday(personas, client_for):
    client = client_for(personas.outsider)
    response = client.post("/profile/availability/", {"day_0": "09:00-10:00, 18:00-19:30",
                                                      "day_4": "12:00-13:00"})
    assert response.status_code == 302
    page = client.get("/profile/availability/").content.decode()
    assert 'value="09:00-10:00, 18:00-19:30"' in page
    response = client.post("/profile/availability/", {"day_0": "09:00-08:00"})
    assert response.status_code == 400
    assert "Monday: the window ends before it starts." in response.content.decode()
    response = client.post("/profile/availability/", {"day_1": "nine to five"})
    assert "is not a range like 09:00-12:00" in response.content.decode()
    assert AvailabilityWindow.objects.filter(profile=personas.outsider.profile).count() == 3


def test_it_replaces_availability_over_the_api(personas, api_client):
    client = api_client(personas.outsider)
    response = client.put("/api/me/availability", [{"weekday": 3, "start": "07:30", "end": "08:15"}])
    assert response.status_code == 200
    assert [(w["weekday"], w["start"], w["end"]) for w in response.json()] == [(3, "07:30", "08:15")]
    response = client.put("/api/me/availability", [{"weekday": 3, "start": "08:00", "end": "07:00"}])
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "availability[0]"


@settings(max_examples=40, deadline=None)
@given(
    tz=st.sampled_from(["UTC", "Asia/Kolkata", "America/Los_Angeles", "Pacific/Auckland",
                        "Asia/Kathmandu", "Pacific/Kiritimati", "Pacific/Pago_Pago"]),
    weekday=st.integers(0, 6), start=st.integers(0, 1439), length=st.integers(1, 1440),
)
def test_it_shows_people_their_own_windows_exactly_as_entered(tz, weekday, start, length):
    """Property: converting to the UTC week and back into the same zone is the identity."""
    from tandem.accounts.services import _to_utc, zone_offset_minutes

    end = min(start + length, 1440)
    utc_start, utc_end = _to_utc(weekday, start, end, zone_offset_minutes(tz, WINTER))
    window = AvailabilityWindow(weekday=weekday, start_minute=start, end_minute=end,
                                utc_start=utc_start, utc_end=utc_end)
    label = AvailabilityWindow.label
    for owner_tz in (tz, None):
        shown = windows_in_zone([window], tz, owner_tz=owner_tz, now=WINTER)
        assert [(w.weekday, w.start, w.end) for w in shown] == [(weekday, label(start), label(end))]
