"""Apps register their parts; core reads them in order and names no app."""

import logging
import types

import pytest

from tandem.core import periodic, registry, sections


def test_every_app_that_holds_a_persons_data_registered_its_sections():
    labels = [c.label for c in registry.contributors()]
    assert labels == ["health", "directory", "programs", "growth", "mentorships", "plans",
                      "meetings", "feedback", "journal", "advocacy", "safety",
                      "conversations", "circles", "accounts", "notifications"]


def test_the_timeline_filter_lists_each_registered_kind_in_order():
    assert list(sections.timeline_kinds()) == [
        "agreement", "goal", "plan", "assessment", "feedback", "meeting", "report",
        "journal", "note", "advocacy"]


def test_the_periodic_jobs_run_in_their_registered_order_with_the_digests_last():
    names = list(periodic.periodic_jobs())
    assert names[:3] == ["requests_expired", "request_reminders", "agreement_reminders"]
    assert names[-2:] == ["daily_digests", "weekly_digests"]
    assert len(names) == len(set(names)) == 13


def test_a_different_second_registration_under_one_name_is_refused():
    module = types.ModuleType("tandem.fake.sections")
    with pytest.raises(registry.RegistryError):
        registry.register_sections(label="growth", module=module, order=1)
    with pytest.raises(registry.RegistryError):
        registry.register_job("health_checks", lambda: 0, order=1)
    with pytest.raises(registry.RegistryError):
        registry.register_timeline_kind("goal", "Something else", order=1)


def test_registering_the_same_thing_again_changes_nothing():
    before = registry.contributors()
    growth = next(c for c in before if c.label == "growth")
    registry.register_sections(label="growth", module=growth.module, order=growth.order)
    assert registry.contributors() == before


def test_a_hook_is_looked_up_when_called_so_a_replaced_one_is_used(monkeypatch):
    growth = next(c for c in registry.contributors() if c.label == "growth")
    monkeypatch.setattr(growth.module, "export_data", lambda *, user: {"replaced": True})
    found = dict(registry.hooks("export_data"))
    assert found["growth"](user=None) == {"replaced": True}


def test_each_job_is_timed_and_logged_and_a_failing_one_does_not_stop_the_next(
        monkeypatch, caplog):
    def boom():
        raise RuntimeError("broken job")

    monkeypatch.setattr(periodic, "periodic_jobs",
                        lambda: {"first": boom, "second": lambda: 3})
    with caplog.at_level(logging.INFO, logger="tandem.core.periodic"):
        results = periodic.run_all()
    assert results == {"first": "failed", "second": 3}
    failed, done = caplog.records
    assert failed.levelno == logging.ERROR and "periodic job first failed after" in failed.message
    assert failed.exc_info and "broken job" in str(failed.exc_info[1])
    assert done.levelno == logging.INFO
    assert done.message.startswith("periodic job second: 3 in ") and done.message.endswith(" s")
