"""How a feature app contributes to pages it does not own.

Each app listed in ``SECTION_MODULES`` may have a ``sections`` module with any of:

``relationship_section(*, viewer, relationship) -> dict | None``
    A card on the relationship's home page: a dict with ``template`` (a partial under
    ``templates/<app>/partials/``) plus whatever that partial needs; None to show nothing.
``dashboard_section(*, viewer) -> dict | None``
    The same for the signed-in person's home page (their own things, open work).
``timeline_events(*, viewer, relationship) -> list[TimelineEvent]``
    Everything of this app that happened in the relationship, for its timeline. Only what
    ``viewer`` may see (never someone else's private notes or journal).
``record_markdown(*, user) -> str``
    The user's own record, as a Markdown section (``## ...``), for their export.
``export_data(*, user) -> dict``
    Everything ``user`` provided in this app, as JSON-ready data (ISO dates, ids, text),
    for the data export; never another person's private things.
``erase_user(*, user) -> None``
    Account erasure: delete what ``user`` owns in this app and anonymise what must stay
    for the other party (their own content is kept). Runs inside the erasure transaction,
    before the account itself is anonymised.
``mentors_not_suggested(*, mentee) -> QuerySet``
    The user ids (a one-column ``values`` queryset, used as a subquery) of mentors that
    "Suggested for you" leaves out for ``mentee`` because of this app's history, such as
    a program match either of them declined.

Each function costs a fixed number of queries, so the pages that gather them do too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module

# In the order their cards, timeline kinds and record sections appear.
SECTION_MODULES = [
    "tandem.health",
    "tandem.directory",
    "tandem.programs",
    "tandem.growth",
    "tandem.mentorships",
    "tandem.plans",
    "tandem.meetings",
    "tandem.feedback",
    "tandem.journal",
    "tandem.advocacy",
    "tandem.safety",
    "tandem.conversations",
    "tandem.circles",
]


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime  # aware
    kind: str  # one of TIMELINE_KINDS' keys: what the timeline filters on
    title: str  # short, plain text; the page escapes it
    url: str = ""  # where the event can be read, if anywhere
    detail: str = ""  # one line of plain text
    actor: str = ""  # who did it (display name), if anyone
    tags: tuple[str, ...] = field(default_factory=tuple)
    all_day: bool = False  # only the date is known (a journal entry dated another day)


def day_event_time(day, written_at: datetime) -> tuple[datetime, bool]:
    """When to place something dated ``day`` that was written at ``written_at``: at the
    moment it was written when that was on the same day (on the current clock), else at
    noon that day, marked as known to the day only."""
    from datetime import time

    from django.utils import timezone

    if timezone.localtime(written_at).date() == day:
        return written_at, False
    return timezone.make_aware(datetime.combine(day, time(12))), True


TIMELINE_KINDS = {
    "agreement": "Agreement",
    "goal": "Goals and milestones",
    "plan": "Development plan",
    "assessment": "Strengths and growth areas",
    "feedback": "Feedback",
    "meeting": "Meetings",
    "report": "Progress reports",
    "journal": "Journal",
    "note": "Notes",
    "advocacy": "Opportunities, introductions and resources",
}


# Apps without cards or timeline events that still hold a person's data.
EXTRA_DATA_MODULES = ["tandem.accounts", "tandem.notifications", "tandem.record"]


def _function(module_name: str, name: str):
    try:
        module = import_module(f"{module_name}.sections")
    except ModuleNotFoundError as exc:
        if exc.name != f"{module_name}.sections":
            raise
        return None
    return getattr(module, name, None)


def _functions(name: str):
    for module_name in SECTION_MODULES:
        function = _function(module_name, name)
        if function is not None:
            yield function


def relationship_sections(*, viewer, relationship) -> list[dict]:
    found = (f(viewer=viewer, relationship=relationship)
             for f in _functions("relationship_section"))
    return [s for s in found if s]


def dashboard_sections(*, viewer) -> list[dict]:
    return [s for s in (f(viewer=viewer) for f in _functions("dashboard_section")) if s]


def timeline(*, viewer, relationship, kinds: set[str] | None = None) -> list[TimelineEvent]:
    """Every app's events in the relationship, newest first, optionally only some kinds."""
    events = [e for f in _functions("timeline_events")
              for e in f(viewer=viewer, relationship=relationship)
              if not kinds or e.kind in kinds]
    return sorted(events, key=lambda e: e.at, reverse=True)


def mentors_not_suggested(*, mentee) -> list:
    """Every app's subquery of mentors not to suggest to ``mentee`` (no query is run)."""
    return [f(mentee=mentee) for f in _functions("mentors_not_suggested")]


def record_markdown(*, user) -> list[str]:
    return [text for text in (f(user=user) for f in _functions("record_markdown")) if text]


def export_data(*, user) -> dict:
    """Each app's export of ``user``'s data, keyed by the app's label."""
    data = {}
    for module_name in SECTION_MODULES + EXTRA_DATA_MODULES:
        function = _function(module_name, "export_data")
        if function is not None:
            data[module_name.rsplit(".", 1)[1]] = function(user=user)
    return data


def erase_user(*, user) -> None:
    """Every app's part of erasing ``user`` (see ``erase_user`` above)."""
    for module_name in SECTION_MODULES + EXTRA_DATA_MODULES:
        function = _function(module_name, "erase_user")
        if function is not None:
            function(user=user)
