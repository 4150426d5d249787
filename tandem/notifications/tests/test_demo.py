from datetime import timedelta

from django.utils import timezone

from tandem.notifications.demo import demo_records
from tandem.notifications.models import Notification
from tandem.notifications.services import email_settings_of, notify


def test_it_fills_the_demo_with_daily_digests_and_a_mix_of_read(personas, mentorship):
    old = notify(recipient=mentorship.mentee, kind="test", title="Old news", email=False)
    Notification.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=10))
    fresh = notify(recipient=mentorship.mentee, kind="test", title="Fresh", url="/x/",
                   email=False)
    counts = demo_records(mentee=mentorship.mentee, mentor=mentorship.mentor,
                          relationship=mentorship)
    assert counts["old notifications marked read"] >= 1
    assert email_settings_of(mentorship.mentor)["reminders"] == "daily"
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.read_at is not None and fresh.read_at is None
