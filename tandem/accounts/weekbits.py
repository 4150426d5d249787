"""The hours of the UTC week a person is available, as bit sets the directory can test in
SQL (``F(...).bitand(...)`` works on SQLite and PostgreSQL), and the languages they speak
as one column: the directory's availability and language filters then read the mentors'
index instead of every availability window and language row (bench/directory_search.py
at 100,000 people).

Hour ``h`` of the week (Monday 00:00-01:00 UTC is 0, Sunday 23:00-24:00 is 167) is bit
``h % 56`` of word ``h // 56``: three words of 56 bits, so every word is a positive
BIGINT on every database.

Two sets per person: the hours some window touches (``any``) and the hours windows cover
from the first minute to the last (``full``). Two people's windows overlap if and only
if, for some hour both touch, one of them covers it fully or their windows share a
minute within it; only that last case needs the windows themselves
(``tandem.directory.selectors.overlap_filter``).
"""

from __future__ import annotations

from collections.abc import Iterable

from tandem.accounts.models import MINUTES_PER_WEEK

HOURS_PER_WEEK = 7 * 24
BITS_PER_WORD = 56
WORDS = HOURS_PER_WEEK // BITS_PER_WORD  # 3
ANY_FIELDS = tuple(f"avail_any_{i}" for i in range(WORDS))
FULL_FIELDS = tuple(f"avail_full_{i}" for i in range(WORDS))
FIELDS = (*ANY_FIELDS, *FULL_FIELDS)

Words = tuple[int, ...]


def _merged(windows: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Windows (UTC minutes of the week; the end may pass the week's end) as sorted,
    non-touching intervals within [0, 2 weeks): windows that abut become one, so an hour
    two half-hour windows fill counts as fully covered."""
    spans = []
    for start, end in windows:
        if end <= start:
            continue
        start, end = start % MINUTES_PER_WEEK, start % MINUTES_PER_WEEK + min(
            end - start, MINUTES_PER_WEEK)
        spans.append((start, end))
        if end > MINUTES_PER_WEEK:  # the part past the week's end, at the week's start
            spans.append((0, end - MINUTES_PER_WEEK))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _words(hours: Iterable[int]) -> Words:
    words = [0] * WORDS
    for hour in hours:
        hour %= HOURS_PER_WEEK
        words[hour // BITS_PER_WORD] |= 1 << (hour % BITS_PER_WORD)
    return tuple(words)


def hour_sets(windows: Iterable[tuple[int, int]]) -> tuple[Words, Words]:
    """(hours touched, hours fully covered) of ``windows`` given as (utc_start, utc_end)
    minutes of the week, each as ``WORDS`` integers."""
    touched: set[int] = set()
    full: set[int] = set()
    for start, end in _merged(windows):
        touched.update(range(start // 60, (end - 1) // 60 + 1))
        full.update(range(-(-start // 60), end // 60))
    return _words(touched), _words(full)


def hour_columns(windows: Iterable[tuple[int, int]]) -> dict[str, int]:
    """The profile's availability columns for ``windows`` ((utc_start, utc_end) pairs)."""
    touched, full = hour_sets(windows)
    return {**dict(zip(ANY_FIELDS, touched, strict=True)),
            **dict(zip(FULL_FIELDS, full, strict=True))}


def language_codes_text(codes: Iterable[str]) -> str:
    """The profile's ``language_codes`` column: sorted codes between spaces (" en pt "), so
    a code is found with ``contains=" en "`` and never as part of a longer one."""
    codes = sorted(set(codes))
    return f" {' '.join(codes)} " if codes else ""
