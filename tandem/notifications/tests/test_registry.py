"""Apps register their notification kinds and weekly summary sections with notifications."""

import re
from pathlib import Path

from tandem.notifications import registry
from tandem.notifications.models import Group, group_of

TANDEM = Path(__file__).resolve().parents[2]


def kinds_in_the_code() -> set[str]:
    found = set()
    for path in TANDEM.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        found.update(re.findall(r'kind="([a-z_]+\.[a-z_.]+)"', path.read_text()))
    return found


def test_every_kind_the_apps_send_belongs_to_a_registered_group():
    kinds = kinds_in_the_code()
    assert len(kinds) > 50
    assert [kind for kind in sorted(kinds) if group_of(kind) == Group.OTHER] == []


def test_reminders_are_grouped_as_reminders_whatever_their_app():
    for kind in ("meeting.reminder", "meeting.agenda", "meeting.action_due",
                 "request.reminder", "agreement.reminder", "report.due", "report.overdue"):
        assert group_of(kind) == Group.REMINDERS, kind
    assert group_of("meeting.scheduled") == Group.MEETINGS
    assert group_of("circle.invited") == Group.CIRCLES
    assert group_of("nobody.registered.this") == Group.OTHER


def test_the_weekly_summary_has_its_sections_in_order():
    assert [s.key for s in registry.weekly_sections()] == [
        "meetings", "reports", "feedback", "requests"]
    assert registry.weekly_audience() is not None
