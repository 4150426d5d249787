"""What the other apps register with notifications, from their ``AppConfig.ready()``, so
that notifications (just above core) names no app:

- :func:`register_kinds`: which group (the "type" people filter by and choose email for)
  a notification kind belongs to, by the kind's prefix (``meeting.`` for
  ``meeting.scheduled``), and which of the app's kinds are reminders (the reminders group).
- :func:`register_weekly_section`: a section of the Monday summary, with the function
  that finds its lines for many people at once.
- :func:`register_weekly_audience`: who may get a summary at all (everyone else is not
  even looked at).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

_prefix_groups: dict[str, str] = {}
_reminder_kinds: set[str] = set()
_weekly_sections: dict[str, WeeklySection] = {}
_weekly_audiences: list[Callable[[], Q]] = []


class RegistryError(Exception):
    pass


def register_kinds(*, prefixes: tuple[str, ...], group: str,
                   reminders: tuple[str, ...] = ()) -> None:
    """Kinds starting with ``prefix.`` are in ``group``; ``reminders`` (full kinds, e.g.
    ``meeting.reminder``) are in the reminders group instead."""
    for prefix in prefixes:
        if _prefix_groups.get(prefix, group) != group:
            raise RegistryError(f"notification kind prefix {prefix!r} is registered twice")
        _prefix_groups[prefix] = group
    _reminder_kinds.update(reminders)


def group_of(kind: str, *, reminders: str, other: str) -> str:
    if kind in _reminder_kinds:
        return reminders
    return _prefix_groups.get(kind.split(".")[0], other)


@dataclass(frozen=True)
class WeeklySection:
    """``lines(people=..., now=...)`` takes {person id: (user, their local now)} and
    returns {person id: [{"text": plain text, "link": a path on this site}]}, in a fixed
    number of queries whatever the number of people. Titles, names and dates only: never
    the content of a note, report, feedback or message."""

    key: str
    label: str  # the section's heading
    short: str  # "3 meetings" in the subject: the singular ...
    short_plural: str  # ... and the plural
    lines: Callable[..., dict[int, list[dict]]]
    order: int


def register_weekly_section(*, key: str, label: str, short: str, short_plural: str,
                            lines: Callable[..., dict[int, list[dict]]], order: int) -> None:
    entry = WeeklySection(key=key, label=label, short=short, short_plural=short_plural,
                          lines=lines, order=order)
    if _weekly_sections.get(key, entry) != entry:
        raise RegistryError(f"weekly summary section {key!r} is registered twice")
    _weekly_sections[key] = entry


def weekly_sections() -> list[WeeklySection]:
    return sorted(_weekly_sections.values(), key=lambda s: (s.order, s.key))


def register_weekly_audience(audience: Callable[[], Q]) -> None:
    """``audience()`` is a ``Q`` on the user model: people who may have something to read
    in a summary (the summary is sent only to those who really do)."""
    if audience not in _weekly_audiences:
        _weekly_audiences.append(audience)


def weekly_audience() -> Q | None:
    found = [audience() for audience in _weekly_audiences]
    if not found:
        return None
    combined = found[0]
    for q in found[1:]:
        combined |= q
    return combined
