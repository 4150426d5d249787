"""The per-person cache of the header's figures (tandem.core.cache): a figure counted
while a write commits is never served after that write."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.core import cache as header_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def counts(monkeypatch):
    """Replaces the query with a counter: ``counts["now"]`` is what the database holds,
    ``counts["queries"]`` how often it was asked, ``counts["during"]`` runs while a
    count is being made (a write committing meanwhile)."""
    state: dict[str, Any] = {"now": 1, "queries": 0, "during": None}

    def compute(user_id):
        state["queries"] += 1
        seen = state["now"]
        during, state["during"] = state["during"], None
        if during:
            during()
        return {"figure": seen}

    monkeypatch.setattr(header_cache, "_compute", compute)
    return state


def test_it_counts_once_then_serves_from_the_cache(counts):
    assert header_cache.person_figures(7) == {"figure": 1}
    assert header_cache.person_figures(7) == {"figure": 1}
    assert counts["queries"] == 1


def test_a_write_renews_only_the_people_it_names(counts):
    header_cache.person_figures(7)
    header_cache.person_figures(8)
    counts["now"] = 2
    header_cache.header_changed(7, None)
    assert header_cache.person_figures(7) == {"figure": 2}
    assert header_cache.person_figures(8) == {"figure": 1}
    assert counts["queries"] == 3


def test_a_count_made_while_a_write_commits_is_not_served_after_it(counts):
    header_cache.person_figures(7)
    header_cache.header_changed(7)  # the cache is cold for 7

    def write_commits():
        counts["now"] = 5
        header_cache.header_changed(7)

    counts["during"] = write_commits
    assert header_cache.person_figures(7) == {"figure": 1}  # counted before the write
    assert header_cache.person_figures(7) == {"figure": 5}  # not the stale one


def test_a_lost_token_is_a_miss_not_an_old_entry(counts):
    from django.core.cache import cache

    header_cache.person_figures(7)
    counts["now"] = 3
    cache.delete("header:v:7")  # evicted (the file cache drops files when full)
    assert header_cache.person_figures(7) == {"figure": 3}


def test_it_renews_again_when_the_transaction_commits(counts, django_capture_on_commit_callbacks):
    from django.db import transaction

    header_cache.person_figures(7)
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        header_cache.header_changed(7)
        header_cache.person_figures(7)  # a page counting before the commit: the old data
    assert len(callbacks) == 1
    counts["now"] = 9  # what the commit made visible
    callbacks[0]()
    assert header_cache.person_figures(7) == {"figure": 9}
