"""Inside a circle: the agreement, meetings with agenda, notes and attendance, the
conversation, resources and goals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.circles import services
from tandem.circles.models import Attendance, CircleMeeting, MeetingStatus
from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_agreement_is_versioned_with_who_confirmed_when(personas, circle):
    v1 = services.agreement_propose(actor=personas.mentor, circle=circle,
                                    text="We meet every two weeks.")
    assert [c.user for c in v1.confirmations.all()] == [personas.mentor]
    assert Notification.objects.filter(recipient=personas.mentee2,
                                       kind="circle.agreement").exists()
    services.agreement_confirm(actor=personas.mentee2, circle=circle)
    with pytest.raises(Conflict):
        services.agreement_confirm(actor=personas.mentee2, circle=circle)
    v2 = services.agreement_propose(actor=personas.mentee2, circle=circle,
                                    text="We meet every two weeks. What is said stays here.")
    assert v2.version == 2
    assert v1.confirmations.count() == 2 and v2.confirmations.count() == 1


def test_a_series_is_generated_ahead_every_n_weeks(personas, circle, soon):
    meetings = services.meetings_schedule(actor=personas.mentor, circle=circle, first_at=soon,
                                          count=4, every_weeks=3)
    starts = [m.starts_at for m in CircleMeeting.objects.filter(circle=circle)]
    assert len(meetings) == 4
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert gaps == [timedelta(weeks=3)] * 3
    with pytest.raises(Forbidden):
        services.meetings_schedule(actor=personas.mentee2, circle=circle, first_at=soon)
    with pytest.raises(ValidationFailed) as caught:
        services.meetings_schedule(actor=personas.mentor, circle=circle,
                                   first_at=timezone.now() - timedelta(days=3))
    assert caught.value.field == "first_at"


def test_attendance_is_recorded_once_the_meeting_started(personas, circle, soon):
    meeting = services.meetings_schedule(actor=personas.mentor, circle=circle, first_at=soon,
                                         count=1)[0]
    services.agenda_add(actor=personas.mentee2, meeting=meeting, text="My first 1:1s")
    with pytest.raises(Conflict):
        services.attendance_record(actor=personas.mentor, meeting=meeting, present=[])
    CircleMeeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now()
                                                       - timedelta(hours=1))
    meeting.refresh_from_db()
    with pytest.raises(Forbidden):
        services.attendance_record(actor=personas.mentee2, meeting=meeting, present=[])
    with pytest.raises(ValidationFailed):
        services.attendance_record(actor=personas.mentor, meeting=meeting,
                                   present=[personas.outsider.pk])
    services.attendance_record(actor=personas.mentor, meeting=meeting,
                               present=[personas.mentee2.pk])
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert dict(Attendance.objects.filter(meeting=meeting).values_list("user_id", "present")) \
        == {personas.mentor.pk: False, personas.mentee2.pk: True}


def test_each_member_keeps_their_own_notes(personas, circle, soon):
    meeting = services.meetings_schedule(actor=personas.mentor, circle=circle, first_at=soon,
                                         count=1)[0]
    services.note_save(actor=personas.mentor, meeting=meeting, text="Delegation first.")
    services.note_save(actor=personas.mentee2, meeting=meeting, text="Try a RACI chart.")
    services.note_save(actor=personas.mentee2, meeting=meeting, text="Try a RACI chart!")
    assert sorted(meeting.notes.values_list("text", flat=True)) == [
        "Delegation first.", "Try a RACI chart!"]
    services.note_save(actor=personas.mentee2, meeting=meeting, text="")
    assert meeting.notes.count() == 1


def test_posts_notify_others_once_while_unread_and_never_by_email(personas, circle):
    for n in range(3):
        services.post_add(actor=personas.mentor, circle=circle, body=f"Post {n}")
    notes = Notification.objects.filter(recipient=personas.mentee2, kind="circle.posts")
    assert notes.count() == 1
    assert notes.get().emailed_at is None and not notes.get().awaits_digest
    assert not Notification.objects.filter(recipient=personas.mentor,
                                           kind="circle.posts").exists()
    with pytest.raises(ValidationFailed):
        services.post_add(actor=personas.mentee2, circle=circle, body="   ")
    with pytest.raises(Forbidden):
        services.post_add(actor=personas.outsider, circle=circle, body="Let me in")


def test_members_choose_which_goals_the_circle_sees(personas, circle):
    from tandem.circles import selectors

    services.member_invite(actor=personas.mentor, circle=circle, user=personas.mentee)
    services.invitation_respond(actor=personas.mentee, circle=circle, accept=True)
    goals = list(personas.mentee.career_goals.order_by("title"))
    services.goals_share(actor=personas.mentee, circle=circle, goal_ids=[goals[0].pk])
    shown = selectors.shared_goals(circle)
    assert [(e["user"], [g.title for g in e["goals"]]) for e in shown] == [
        (personas.mentee, [goals[0].title])]
    with pytest.raises(ValidationFailed):
        services.goals_share(actor=personas.mentee2, circle=circle, goal_ids=[goals[1].pk])
    services.circle_leave(actor=personas.mentee, circle=circle)
    assert selectors.shared_goals(circle) == []


def test_resources_are_removed_by_their_adder_or_a_leader(personas, circle):
    resource = services.resource_add(actor=personas.mentee2, circle=circle, title="A book")
    with pytest.raises(ValidationFailed):
        services.resource_add(actor=personas.mentee2, circle=circle, title="Bad",
                              url="javascript:alert(1)")
    services.resource_delete(actor=personas.mentor, resource=resource)
    assert not circle.resources.exists()
