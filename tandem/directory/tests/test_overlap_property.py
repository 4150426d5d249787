"""Guard: "overlaps my availability", read from the profiles' hour sets, finds exactly the
mentors the exact minute test over every availability window finds, for random windows
in any UTC offset, on the hour or not, including windows running past the week's end."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.accounts.models import MINUTES_PER_WEEK, AvailabilityWindow, Profile
from tandem.accounts.services import availability_replace
from tandem.directory.selectors import DirectoryQuery, mentor_search, overlap_condition
from tandem.directory.selectors import overlap_filter as hour_set_filter

PEOPLE = 4

# Minutes on the hour half of the time: hours one side covers fully decide it then.
minute = st.one_of(st.integers(0, 24).map(lambda hour: hour * 60), st.integers(0, 1440))
local_window = st.tuples(st.integers(0, 6), minute, minute).filter(lambda w: w[1] != w[2])
# Offsets from UTC, in minutes, that put windows past the week's end too.
offset = st.one_of(st.sampled_from([-720, -300, 0, 60, 330, 840]), st.integers(-720, 840))


@dataclass
class Window:
    utc_start: int
    utc_end: int


# The viewer's windows as the selector receives them: UTC minutes of the week, the end up
# to a day past the week's end.
viewer_window = st.builds(
    lambda start, length: Window(start, start + length),
    st.one_of(st.integers(0, MINUTES_PER_WEEK - 1),
              st.integers(0, 7 * 24 - 1).map(lambda hour: hour * 60),
              st.integers(MINUTES_PER_WEEK - 120, MINUTES_PER_WEEK - 1)),
    st.one_of(st.integers(1, 1440), st.integers(1, 24).map(lambda hours: hours * 60)))


def _without_clashes(windows):
    """Windows a person may save: none ends before it starts, none overlaps another that
    day (availability_replace refuses those)."""
    kept = []
    for day, a, b in windows:
        start, end = min(a, b), max(a, b)
        if start == 1440:
            continue
        if all(d != day or end <= s or e <= start for d, s, e in kept):
            kept.append((day, start, end))
    return [{"weekday": d, "start": f"{s // 60:02d}:{s % 60:02d}",
             "end": f"{e // 60:02d}:{e % 60:02d}"} for d, s, e in kept]


people = st.lists(st.tuples(offset, st.lists(local_window, max_size=4)),
                  min_size=PEOPLE, max_size=PEOPLE)


@pytest.fixture
def profiles(personas):
    from tandem.accounts.tests.factories import make_user

    return [make_user(name=f"Person {i}").profile for i in range(PEOPLE)]


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(people=people, mine=st.lists(viewer_window, max_size=4))
def test_it_finds_exactly_the_profiles_the_exact_minute_test_finds(profiles, people, mine):
    for profile, (minutes, windows) in zip(profiles, people, strict=True):
        Profile.objects.filter(pk=profile.pk).update(utc_offset_minutes=minutes)
        availability_replace(actor=profile.user, profile=profile,
                             windows=_without_clashes(windows))
    ids = [p.pk for p in profiles]
    exact = overlap_condition(mine)
    expected = set() if exact is None else set(
        AvailabilityWindow.objects.filter(exact, profile_id__in=ids).values_list(
            "profile_id", flat=True))
    # The same, counted in Python from the stored rows.
    rows = AvailabilityWindow.objects.filter(profile_id__in=ids).values_list(
        "profile_id", "utc_start", "utc_end")
    assert expected == {pid for pid, start, end in rows for w in mine
                        for shift in (-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK)
                        if start < w.utc_end + shift and w.utc_start + shift < end}
    condition = hour_set_filter(mine)
    found = set() if condition is None else set(
        Profile.objects.filter(condition, pk__in=ids).values_list("pk", flat=True))
    assert found == expected


def test_the_search_uses_the_hour_sets_and_agrees_with_the_exact_test(personas):
    """Through mentor_search: a viewer whose window starts mid-hour (the exact test on the
    windows runs) and one on the hour (the hour sets decide alone)."""
    from tandem.accounts.tests.factories import make_mentor, make_user

    make_mentor(name="Early Bird", timezone="UTC",
                        windows=[{"weekday": 2, "start": "07:00", "end": "07:20"}])
    make_mentor(name="Late Owl", timezone="UTC",
                windows=[{"weekday": 2, "start": "07:40", "end": "09:00"}])
    viewer = make_user(name="Viewer", timezone="UTC")
    for start, end, expected in [("07:00", "07:30", ["Early Bird"]),
                                 ("07:20", "07:40", []),
                                 ("07:30", "08:00", ["Late Owl"]),
                                 ("07:00", "08:00", ["Early Bird", "Late Owl"])]:
        availability_replace(actor=viewer, profile=viewer.profile,
                             windows=[{"weekday": 2, "start": start, "end": end}])
        page = mentor_search(viewer=viewer, query=DirectoryQuery(overlaps_mine=True,
                                                                 sort="name"))
        assert [p.display_name for p in page.results] == expected, (start, end)
