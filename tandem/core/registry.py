"""Where apps register what they contribute to the whole, so that core names no app.

Each app registers its parts from its own ``AppConfig.ready()``; core (and the apps that
gather from others) read the registries and never import a feature app:

- :func:`register_sections`: the app's ``sections`` module, whose hooks put cards on the
  relationship and dashboard pages, events on the timeline, sections in the record, data
  in the export, and the app's part of erasing an account (``tandem.core.sections``).
- :func:`register_timeline_kind`: a kind of timeline event and its label, for the
  timeline's filter.
- :func:`register_job`: a periodic job, run by ``tandem scheduler`` through
  ``tandem.core.periodic``.
- :func:`register_lazy_module`: a module that pages import on first use, which each app
  process imports before its first request (``tandem.core.warmup``).
- :func:`register_header_figure`: a figure of the signed-in person that every page's
  header shows (an unread count), as an SQL expression over their user row, cached per
  person (``tandem.core.cache``).

Notification kinds and the weekly summary's sections have their own registries in
``tandem.notifications.registry`` (the notifications app sits just above core).

Every registry keeps its entries in an explicit ``order``, not in the order the apps
happen to be installed, and refuses a different second registration under the same name: a typo
or a copy would otherwise replace another app's entry without a word.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any


class RegistryError(Exception):
    pass


@dataclass(frozen=True)
class Contributor:
    label: str  # the app's label; its key in the data export
    module: ModuleType  # the app's sections module: hooks are looked up when called
    order: int


@dataclass(frozen=True)
class Job:
    name: str
    function: Callable[[], Any]
    order: int


_contributors: dict[str, Contributor] = {}
_timeline_kinds: dict[str, tuple[int, str]] = {}
_jobs: dict[str, Job] = {}
_lazy_modules: list[str] = []
_header_figures: dict[str, tuple[int, Callable[[], Any]]] = {}


def _refuse_twice(table: dict, key: str, what: str, entry) -> bool:
    """False when ``entry`` is already there (a second ``ready()``: nothing to do)."""
    if key not in table:
        return True
    if table[key] == entry:
        return False
    raise RegistryError(f"{what} {key!r} is registered twice")


def register_sections(*, label: str, module: ModuleType, order: int) -> None:
    """Register an app's ``sections`` module (see ``tandem.core.sections`` for its hooks).
    ``order`` places its cards, timeline events and record sections among the others'."""
    entry = Contributor(label=label, module=module, order=order)
    if _refuse_twice(_contributors, label, "sections of app", entry):
        _contributors[label] = entry


def contributors() -> list[Contributor]:
    return sorted(_contributors.values(), key=lambda c: (c.order, c.label))


def hooks(name: str) -> Iterator[tuple[str, Callable[..., Any]]]:
    """(app label, function) for every registered app whose sections define ``name``,
    in order. Looked up at each call, so a hook replaced in a test is the one called."""
    for contributor in contributors():
        function = getattr(contributor.module, name, None)
        if function is not None:
            yield contributor.label, function


def register_timeline_kind(key: str, label: str, *, order: int) -> None:
    if _refuse_twice(_timeline_kinds, key, "timeline kind", (order, label)):
        _timeline_kinds[key] = (order, label)


def timeline_kinds() -> dict[str, str]:
    """{kind: label} in the order the timeline's filter shows them."""
    ordered = sorted(_timeline_kinds.items(), key=lambda item: (item[1][0], item[0]))
    return {key: label for key, (_order, label) in ordered}


def register_job(name: str, function: Callable[[], Any], *, order: int) -> None:
    """A periodic job: idempotent, safe to run twice at once (it claims its rows), and
    returning something short to log (a count, usually). ``order`` is when it runs in
    each round, lowest first."""
    entry = Job(name=name, function=function, order=order)
    if _refuse_twice(_jobs, name, "periodic job", entry):
        _jobs[name] = entry


def jobs() -> list[Job]:
    return sorted(_jobs.values(), key=lambda job: (job.order, job.name))


def register_lazy_module(name: str) -> None:
    if name not in _lazy_modules:
        _lazy_modules.append(name)


def lazy_modules() -> tuple[str, ...]:
    return tuple(_lazy_modules)


def register_header_figure(name: str, expression: Callable[[], Any], *, order: int) -> None:
    """A figure of the page header: ``expression()`` returns a query expression over the
    signed-in person's user row (``OuterRef("pk")`` is their id), such as a count
    subquery. The app that owns the figure also calls ``tandem.core.cache.header_changed``
    whenever a write may change it."""
    if _refuse_twice(_header_figures, name, "header figure", (order, expression)):
        _header_figures[name] = (order, expression)


def header_figures() -> list[tuple[str, Callable[[], Any]]]:
    """(name, expression factory) of every header figure, in order."""
    ordered = sorted(_header_figures.items(), key=lambda item: (item[1][0], item[0]))
    return [(name, expression) for name, (_order, expression) in ordered]
