"""How a feature app contributes to pages it does not own.

An app registers its ``sections`` module from its ``AppConfig.ready()`` with
``tandem.core.registry.register_sections(label=..., module=..., order=...)``; core never
names an app. The module may define any of:

``relationship_section(*, viewer, relationship) -> dict | None``
    A card in the relationship's workspace: a dict with ``template`` (a partial under
    ``templates/<app>/partials/``) plus whatever that partial needs; None to show nothing.
    ``"tab"`` names the workspace tab it shows on: ``"overview"`` (the default),
    ``"meetings"``, ``"goals"`` (goals and plan), ``"feedback"`` (feedback and reports) or
    ``"notes"`` (notes and journal). ``"lead": True`` shows it first on its tab. Two
    optional lists feed the Overview's "needs your attention" card, whatever the tab:
    ``"attention"``, what waits on the viewer, and ``"glance"``, facts worth a look
    (each item ``{"text": str, "url": str}``; the text is the link); and ``"actions"``,
    the frequent tasks the Overview links to (``{"label": str, "url": str}``).
``RELATIONSHIP_TAB = "<tab>"``
    A constant: the tab the app's ``relationship_section`` always shows on. A tab's own
    page then asks only the apps of that tab (and those that do not say); the Overview
    still asks every app, for its "needs your attention" card.
``relationship_summary(*, viewer, relationship) -> dict | None``
    One fact for the workspace header shown on every page of the relationship (the next
    meeting): ``{"label": str, "text": str, "url": str}``, ``"text"`` empty when there is
    nothing to show (the header then says "none"). It costs at most one query.
``dashboard_section(*, viewer, home=None) -> dict | list[dict] | None``
    Cards for the signed-in person's home page (their own things, open work): each a dict
    like the above, or a list of them. ``home`` (a :class:`Home`, or None when a card is
    asked for on its own) is what the cards of one page share: the answers to every app's
    ``dashboard_probe`` and a memo, so that the person's relationships, goals or
    agreements are read once for the whole page, and a card with nothing to show runs no
    query at all. Two keys order the home: ``urgency`` (an int, see
    :func:`waiting` and the tiers below; the most urgent first, cards of equal urgency
    in the apps' order) and ``lead`` (True: before everything, as the coordinator's
    program status is). ``roles`` names the roles the card serves ("mentee", "mentor",
    "coordinator", "staff"), which the home shows when a person has several.
``dashboard_probe(*, viewer) -> dict[str, QuerySet | Expression]``
    Cheap questions the app's home cards ask before they query: each a queryset (asked as
    "is there any?") or an expression (a count, as a scalar subquery), named
    ``"<app>.<what>"``. The home asks them all in the one query that loads the person's
    profile; the card reads the answers with ``home.probe(name)``.
``dashboard_relationship_figures(*, viewer, home) -> dict[str, Expression]``
    Figures of each of the viewer's relationships that the app's home card needs (unread
    messages...), each an expression on a relationship (``OuterRef("pk")`` in its
    subqueries), named ``<app>_<what>``: annotated on the one query that loads the
    person's relationships for every card (each relationship then has the attribute).
    Return only those the card will read (``home.probe`` says whether).
``program_section(*, viewer, program) -> dict | None``
    A card on a program's overview, for its coordinators (the program app's own page
    cannot import the apps above it): the same shape as ``relationship_section``.
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

from tandem.core import registry


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime  # aware
    kind: str  # a registered timeline kind (timeline_kinds()): what the timeline filters on
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


def timeline_kinds() -> dict[str, str]:
    """{kind: label} of the timeline's events, as the apps registered them (see
    ``tandem.core.registry.register_timeline_kind``), in the filter's order."""
    return registry.timeline_kinds()


def _functions(name: str):
    for _label, function in registry.hooks(name):
        yield function


def relationship_sections(*, viewer, relationship, tab: str | None = None) -> list[dict]:
    """Every app's cards for the relationship's workspace; with ``tab``, only those of
    the apps that show on that tab (see ``RELATIONSHIP_TAB``) are computed."""
    tabs = dict(registry.hooks("RELATIONSHIP_TAB")) if tab else {}
    found = (f(viewer=viewer, relationship=relationship)
             for label, f in registry.hooks("relationship_section")
             if tabs.get(label, tab) == tab)
    return [s for s in found if s]


def relationship_summaries(*, viewer, relationship) -> list[dict]:
    """The facts for the relationship's workspace header (see ``relationship_summary``)."""
    found = (f(viewer=viewer, relationship=relationship)
             for f in _functions("relationship_summary"))
    return [s for s in found if s]


# A dashboard card's urgency: something waits on the viewer (``waiting``: 100 and up, more
# with each item, 200 and up once it is late), something is coming up (``SOON``), a
# picture of how things stand (``STATUS``), a way in to more (``INFO``).
SOON = 90
STATUS = 50
INFO = 10


def waiting(count: int, *, late: bool = False) -> int:
    """The urgency of a card with ``count`` things waiting on the viewer (``late``: one
    of them is overdue or old); 0 when nothing waits."""
    if count <= 0:
        return 0
    return (200 if late else 100) + min(count, 50)


def by_urgency(sections: list[dict]) -> list[dict]:
    """Lead cards first, then the most urgent; a stable sort, so cards of equal urgency
    keep the order they came in (the apps' registered order)."""
    return sorted(sections, key=lambda s: (not s.get("lead"), -int(s.get("urgency") or 0)))


class Home:
    """What the cards of one home page share (see ``dashboard_section``): the answers to
    the apps' probes, and a memo of what more than one card reads."""

    def __init__(self, viewer, answers: dict | None = None):
        self.viewer = viewer
        self.answers = answers  # None: nothing was asked, every probe answers "maybe"
        self._memo: dict = {}

    def probe(self, name: str):
        """The answer to the probe ``name`` (True, a count...); True when it was not
        asked (a card on its own), so the card queries as it would without a home."""
        if self.answers is None or name not in self.answers:
            return True
        return self.answers[name]

    def once(self, key: str, compute):
        """``compute()``, run once per page for ``key`` (``"<app>.<what>"``)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


def count_of(queryset):
    """A probe that counts ``queryset``'s rows (a scalar subquery, 0 when none)."""
    from django.db.models import F, Func, IntegerField, Subquery
    from django.db.models.functions import Coalesce

    counted = queryset.order_by().annotate(
        n=Func(F("pk"), function="COUNT", output_field=IntegerField())).values("n")
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), 0)


def dashboard_probes(*, viewer) -> dict:
    """Every app's probes (``dashboard_probe``), to annotate on one query: Exists() of each
    queryset, each expression as it is. No query is run here."""
    from django.db.models import Exists, QuerySet

    found: dict = {}
    for function in _functions("dashboard_probe"):
        for name, asked in function(viewer=viewer).items():
            found[name] = Exists(asked) if isinstance(asked, QuerySet) else asked
    return found


def dashboard_relationship_figures(*, viewer, home: Home) -> dict:
    """Every app's figures per relationship (``dashboard_relationship_figures``), to
    annotate on the home's one query of the person's relationships. No query is run."""
    found: dict = {}
    for function in _functions("dashboard_relationship_figures"):
        found.update(function(viewer=viewer, home=home))
    return found


def home_memo(home: Home | None, viewer) -> Home:
    """``home``, or a fresh one for a card asked on its own."""
    return home if home is not None else Home(viewer)


def dashboard_sections(*, viewer, home: Home | None = None) -> list[dict]:
    """Every app's dashboard cards, ordered by :func:`by_urgency`."""
    found: list[dict] = []
    home = home_memo(home, viewer)
    for function in _functions("dashboard_section"):
        result = function(viewer=viewer, home=home)
        if isinstance(result, dict):
            found.append(result)
        elif result:
            found.extend(s for s in result if s)
    return by_urgency(found)


def program_sections(*, viewer, program) -> list[dict]:
    found = (f(viewer=viewer, program=program) for f in _functions("program_section"))
    return [s for s in found if s]


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
    return {label: function(user=user) for label, function in registry.hooks("export_data")}


def erase_user(*, user) -> None:
    """Every app's part of erasing ``user`` (see ``erase_user`` above), in order."""
    for function in _functions("erase_user"):
        function(user=user)
