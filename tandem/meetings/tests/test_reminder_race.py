"""Two schedulers running the reminder job at the same moment send each reminder once.
PostgreSQL only (SQLite serialises writers); `make test` runs it in its PostgreSQL pass."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.accounts.tests.factories import make_mentee, make_mentor
from tandem.core.tests.concurrency import require_postgres, run_concurrently
from tandem.meetings.models import Meeting, ReminderSent
from tandem.meetings.services import meetings_remind
from tandem.mentorships.services import request_accept, request_create
from tandem.notifications.models import Notification

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_it_sends_each_reminder_once_when_two_schedulers_race(mailoutbox):
    require_postgres()
    mentor = make_mentor(capacity=5)
    for _ in range(3):
        mentee = make_mentee()
        rel = request_accept(actor=mentor, request=request_create(
            actor=mentee, mentor=mentor, message="Hello"))
        Meeting.objects.create(relationship=rel, timezone="UTC",
                               starts_at=timezone.now() + timedelta(hours=20))

    mailoutbox.clear()
    outcomes = run_concurrently([meetings_remind] * 4, refused=())

    assert outcomes == ["done"] * 4
    # Three meetings, two people each, a 24-hour reminder and an empty-agenda nudge.
    assert ReminderSent.objects.count() == 12
    assert Notification.objects.filter(kind="meeting.reminder").count() == 6
    assert Notification.objects.filter(kind="meeting.agenda").count() == 6
    assert len(mailoutbox) == 12  # one email per reminder, not one per scheduler
