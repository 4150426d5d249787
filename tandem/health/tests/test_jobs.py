"""The periodic job: automatic nudges once per change for the worse, and the automatic
pause of a quiet mentorship after a week's notice."""

from datetime import time, timedelta

from django.utils import timezone

from tandem.core.periodic import periodic_jobs
from tandem.health.models import HealthEvent, Nudge, RelationshipHealth
from tandem.health.services import health_checks
from tandem.health.tests.conftest import later
from tandem.meetings.services import meeting_schedule
from tandem.mentorships.models import Relationship
from tandem.notifications.models import Notification


def nudges_to(user):
    return Notification.objects.filter(recipient=user, kind="health.nudge")


def test_it_runs_with_the_other_periodic_jobs():
    assert periodic_jobs()["health_checks"] is health_checks


def test_it_nudges_both_once_when_health_gets_worse(mentorship):
    assert health_checks(now=later(1)) == {"nudged": 0, "notices": 0, "paused": 0}
    assert RelationshipHealth.objects.get(relationship=mentorship).state == "healthy"
    assert health_checks(now=later(22))["nudged"] == 1
    for person in (mentorship.mentee, mentorship.mentor):
        [note] = nudges_to(person)
        assert note.title == "Your mentorship needs a little attention"
        assert "Needs attention" in note.body
    # A second run, or a second scheduler, sends nothing more for the same change.
    assert health_checks(now=later(23))["nudged"] == 0
    assert Nudge.objects.filter(relationship=mentorship, automatic=True).count() == 1
    assert nudges_to(mentorship.mentee).count() == 1


def test_it_nudges_again_after_it_got_better_and_worse_again(mentorship):
    health_checks(now=later(22))
    Notification.objects.update(read_at=timezone.now())
    meeting_schedule(actor=mentorship.mentee, relationship=mentorship,
                     day=timezone.localdate() - timedelta(days=1), at=time(9, 0), tz="UTC",
                     held=True)
    assert health_checks(now=timezone.now())["nudged"] == 0  # better: no nudge
    assert RelationshipHealth.objects.get(relationship=mentorship).state == "healthy"
    assert health_checks(now=later(25))["nudged"] == 1
    assert Nudge.objects.filter(relationship=mentorship, automatic=True).count() == 2


def test_it_nudges_when_needs_attention_becomes_at_risk(mentorship):
    health_checks(now=later(22))
    assert health_checks(now=later(45))["nudged"] == 1
    assert RelationshipHealth.objects.get(relationship=mentorship).state == "at_risk"


def test_it_gives_a_weeks_notice_then_pauses_a_quiet_mentorship(mentorship):
    assert health_checks(now=later(82))["notices"] == 0
    result = health_checks(now=later(83))
    assert result["notices"] == 1 and result["paused"] == 0
    for person in (mentorship.mentee, mentorship.mentor):
        [notice] = Notification.objects.filter(recipient=person, kind="health.pause_notice")
        assert notice.title.startswith("Your mentorship will be paused on ")
    assert health_checks(now=later(84))["notices"] == 0  # once
    # 90 days quiet, but the notice is not a week old yet.
    assert health_checks(now=later(89.5))["paused"] == 0
    mentorship.refresh_from_db()
    assert mentorship.state == "active"
    assert health_checks(now=later(90.5))["paused"] == 1
    mentorship.refresh_from_db()
    assert mentorship.state == "paused" and mentorship.paused_until is None
    assert Notification.objects.filter(kind="relationship.paused").count() == 2
    assert health_checks(now=later(91))["paused"] == 0
    assert HealthEvent.objects.filter(relationship=mentorship, kind="auto_pause").count() == 1


def test_it_gives_notice_first_even_when_long_past_the_period(mentorship):
    Relationship.objects.filter(pk=mentorship.pk).update(
        started_at=timezone.now() - timedelta(days=200))
    result = health_checks(now=later(200))
    assert result == {"nudged": 1, "notices": 1, "paused": 0}
    assert health_checks(now=later(206))["paused"] == 0
    assert health_checks(now=later(207.5))["paused"] == 1


def test_it_does_not_pause_when_something_happens_after_the_notice(mentorship):
    from tandem.journal.services import note_create

    Relationship.objects.filter(pk=mentorship.pk).update(
        started_at=timezone.now() - timedelta(days=85))
    Relationship.objects.filter(pk=mentorship.pk).update(
        updated_at=timezone.now() - timedelta(days=85))
    from tandem.mentorships.models import Agreement

    Agreement.objects.filter(relationship=mentorship).update(
        updated_at=timezone.now() - timedelta(days=85))
    assert health_checks()["notices"] == 1
    note_create(actor=mentorship.mentee, relationship=mentorship, body="Back on track",
                visibility="shared")
    assert health_checks(now=later(8))["paused"] == 0
    mentorship.refresh_from_db()
    assert mentorship.state == "active"
