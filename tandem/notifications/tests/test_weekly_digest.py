"""The weekly summary: on Monday morning, what the person's week holds (meetings, reports
to write, feedback asked of them, requests waiting for their answer), once a week, only
when there is something to say, and never anyone's content."""

from datetime import time, timedelta

import pytest
from django.core import mail

from tandem.feedback.services import feedback_request_create
from tandem.meetings.services import meeting_schedule
from tandem.mentorships.models import Agreement
from tandem.mentorships.services import request_ask_info, request_create
from tandem.notifications.digests import weekly_digests_send
from tandem.notifications.models import DigestSent
from tandem.notifications.services import email_preferences_set
from tandem.notifications.tests.conftest import utc

SECRET = "my-secret-words-about-salary"


@pytest.fixture
def week(personas, mentorship, next_monday):
    """Marta and Mia's week from next Monday: a meeting on Wednesday, a report due on
    Thursday, a feedback request to Marta; Noah's request waits for Marta, Omar asked
    Noah for more information."""
    Agreement.objects.filter(relationship=mentorship).update(
        start_date=next_monday + timedelta(days=3) - timedelta(weeks=4),
        end_date=next_monday + timedelta(weeks=30), report_every_weeks=4)
    meeting = meeting_schedule(actor=personas.mentor, relationship=mentorship,
                               day=next_monday + timedelta(days=2), at=time(10, 0), tz="UTC")
    meeting_schedule(actor=personas.mentor, relationship=mentorship,
                     day=next_monday + timedelta(days=9), at=time(10, 0), tz="UTC")
    feedback_request_create(actor=personas.mentee, relationship=mentorship,
                            topic=f"My talk draft {SECRET}", details=SECRET)
    request_create(actor=personas.mentee2, mentor=personas.mentor, message=SECRET)
    asked = request_create(actor=personas.mentee2, mentor=personas.mentor2, message="Hi")
    request_ask_info(actor=personas.mentor2, request=asked, question=SECRET)
    from tandem.journal.services import note_create

    note_create(actor=personas.mentor, relationship=mentorship, body=SECRET)
    mail.outbox.clear()
    return {"meeting": meeting, "now": utc(next_monday, 9)}


def mail_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_it_tells_the_mentor_what_their_week_holds(personas, week):
    assert weekly_digests_send(now=week["now"]) >= 3
    [message] = mail_to(personas.mentor)
    assert message.subject == ("[Tandem] Your week: 1 meeting, 1 report due, 1 feedback "
                               "request, 1 request waiting")
    body = message.body
    assert "Meetings in the next 7 days" in body and "meeting with Mia Mentee" in body
    assert "(Europe/Berlin)" in body  # her time, said so
    assert f"/meetings/{week['meeting'].pk}/" in body
    assert "Progress reports to write" in body and "your progress report" in body
    assert "Mia Mentee asked for your feedback" in body
    assert "Noah Second asked you to mentor them" in body
    assert "Mia Mentee" in message.alternatives[0][0]


def test_it_tells_the_mentee_and_the_person_asked_for_more_information(personas, week):
    weekly_digests_send(now=week["now"])
    [mia] = mail_to(personas.mentee)
    assert mia.subject == "[Tandem] Your week: 1 meeting, 1 report due"
    assert "meeting with Marta Mentor" in mia.body
    [noah] = mail_to(personas.mentee2)
    assert "Omar Second asked you for more information" in noah.body
    assert mail_to(personas.outsider) == [] and mail_to(personas.coordinator) == []


def test_it_never_emails_anyones_content(personas, week):
    weekly_digests_send(now=week["now"])
    assert mail.outbox
    for message in mail.outbox:
        assert SECRET not in message.body and SECRET not in message.alternatives[0][0]
        assert SECRET not in message.subject


def test_it_sends_once_a_week_on_monday_morning(personas, week):
    now = week["now"]
    assert weekly_digests_send(now=now - timedelta(hours=9)) == 0  # Monday 00:00 UTC
    assert weekly_digests_send(now=now - timedelta(days=1)) == 0  # Sunday
    first = weekly_digests_send(now=now)
    assert first >= 3
    assert weekly_digests_send(now=now) == 0
    assert weekly_digests_send(now=now + timedelta(hours=8)) == 0
    assert DigestSent.objects.filter(key__startswith="weekly:").count() == first
    assert weekly_digests_send(now=now + timedelta(days=7)) >= 1  # the next week


def test_it_respects_the_opt_out(personas, week):
    email_preferences_set(actor=personas.mentor, modes={}, weekly_digest=False)
    weekly_digests_send(now=week["now"])
    assert mail_to(personas.mentor) == [] and mail_to(personas.mentee) != []


def test_it_stays_quiet_when_there_is_nothing_to_say(personas, mentorship, next_monday):
    # An agreement starting later: no report falls due, no meeting, no request.
    Agreement.objects.filter(relationship=mentorship).update(
        start_date=next_monday + timedelta(days=30), end_date=next_monday + timedelta(days=300))
    mail.outbox.clear()
    assert weekly_digests_send(now=utc(next_monday, 9)) == 0
    assert mail.outbox == []


def test_it_gathers_everyones_week_in_a_fixed_number_of_queries(personas, week, mentorship,
                                                                 query_budget):
    from tandem.notifications.digests import local_zone, weekly_contents

    people = {p.pk: (p, week["now"].astimezone(local_zone(p))) for p in (personas.mentee, personas.mentor,
                                               personas.mentee2)}

    def more(n):
        for i in range(n):
            meeting_schedule(actor=personas.mentor, relationship=mentorship,
                             day=week["now"].date() + timedelta(days=1 + i % 5),
                             at=time(6 + i % 12, 5 * (i % 10)), tz="UTC")

    query_budget(make=more, call=lambda: weekly_contents(people=people, now=week["now"]),
                 small=1, large=8)

