from datetime import timedelta

from django.utils import timezone

from tandem.notifications.demo import demo_records
from tandem.notifications.models import Notification
from tandem.notifications.services import email_settings_of, notify


def test_it_fills_the_demo_with_daily_digests_and_a_mix_of_read(personas, mentorship):
    from tandem.notifications.demo import UNREAD_KEPT

    old = notify(recipient=mentorship.mentee, kind="test", title="Old news", email=False)
    Notification.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=10))
    for n in range(UNREAD_KEPT):
        notify(recipient=mentorship.mentee, kind=f"test{n}", title="Fresh", url=f"/x/{n}/",
               email=False)
    counts = demo_records(mentee=mentorship.mentee, mentor=mentorship.mentor,
                          relationship=mentorship)
    assert counts["older notifications marked read"] >= 1
    assert email_settings_of(mentorship.mentor)["reminders"] == "daily"
    old.refresh_from_db()
    assert old.read_at is not None
    unread = Notification.objects.filter(recipient=mentorship.mentee, read_at__isnull=True)
    assert unread.count() == UNREAD_KEPT
    assert old.created_at < min(n.created_at for n in unread)
