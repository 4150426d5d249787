"""Joining, the size limit, leaving and closing."""

from __future__ import annotations

import pytest

from tandem.circles import services
from tandem.circles.models import Circle, CircleState, Membership, MemberStatus
from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _join(circle, leader, user):
    services.member_invite(actor=leader, circle=circle, user=user)
    return services.invitation_respond(actor=user, circle=circle, accept=True)


def test_it_lets_a_mentor_lead_and_anyone_start_a_peer_circle(personas):
    led = services.circle_create(actor=personas.mentor, topic="Python careers", mentor_led=True)
    peer = services.circle_create(actor=personas.outsider, topic="Job hunting", mentor_led=False)
    assert not led.is_peer and led.member_count == 0  # mentors take no member place
    assert peer.is_peer and peer.organiser == personas.outsider and peer.member_count == 1
    with pytest.raises(ValidationFailed) as caught:
        services.circle_create(actor=personas.outsider, topic="Led by me", mentor_led=True)
    assert caught.value.field == "mentor_led"


def test_it_names_every_bad_field(personas):
    with pytest.raises(ValidationFailed) as caught:
        services.circle_create(actor=personas.mentor, topic=" ", mentor_led=True, size_limit=99,
                               join_mode="magic", meeting_channel="pigeon")
    fields = {e["field"] for e in caught.value.errors}
    assert {"topic", "size_limit", "join_mode", "meeting_channel"} <= fields


def test_it_enforces_the_size_limit(personas, circle):
    # Size 3: Noah is in; Mia joins; the third place goes to Oscar, then the circle is full.
    _join(circle, personas.mentor, personas.mentee)
    _join(circle, personas.mentor, personas.outsider)
    circle.refresh_from_db()
    assert circle.member_count == 3 and circle.state == CircleState.FULL
    services.member_invite(actor=personas.mentor, circle=circle, user=personas.coordinator)
    with pytest.raises(Conflict, match="full"):
        services.invitation_respond(actor=personas.coordinator, circle=circle, accept=True)
    assert Membership.objects.get(circle=circle, user=personas.coordinator).status == "invited"
    with pytest.raises(ValidationFailed):
        services.circle_update(actor=personas.mentor, circle=circle, changes={"size_limit": 2})


def test_a_place_given_back_opens_the_circle_again(personas, circle):
    _join(circle, personas.mentor, personas.mentee)
    _join(circle, personas.mentor, personas.outsider)
    services.circle_leave(actor=personas.outsider, circle=Circle.objects.get(pk=circle.pk))
    circle.refresh_from_db()
    assert circle.member_count == 2 and circle.state == CircleState.OPEN


def test_requests_need_a_circle_that_takes_them_and_a_leader_to_answer(personas, circle):
    request = services.membership_request(actor=personas.mentee, circle=circle, message="Hi!")
    assert Notification.objects.filter(recipient=personas.mentor, kind="circle.request").exists()
    with pytest.raises(Forbidden):
        services.request_decide(actor=personas.mentee2, membership=request, accept=True)
    services.request_decide(actor=personas.mentor, membership=request, accept=True)
    request.refresh_from_db()
    assert request.status == MemberStatus.ACTIVE
    assert Notification.objects.filter(recipient=personas.mentee,
                                       kind="circle.request_answer").exists()
    with pytest.raises(Conflict):
        services.request_decide(actor=personas.mentor, membership=request, accept=False)
    services.circle_update(actor=personas.mentor, circle=circle,
                           changes={"join_mode": "invitation"})
    with pytest.raises(Conflict, match="does not take requests"):
        services.membership_request(actor=personas.outsider, circle=circle)


def test_only_leaders_invite_and_a_second_mentor_needs_the_role(personas, circle):
    with pytest.raises(Forbidden):
        services.member_invite(actor=personas.mentee2, circle=circle, user=personas.mentee)
    with pytest.raises(ValidationFailed) as caught:
        services.member_invite(actor=personas.mentor, circle=circle, user=personas.mentee,
                               role="mentor")
    assert caught.value.field == "role"
    services.member_invite(actor=personas.mentor, circle=circle, user=personas.mentor2,
                           role="mentor")
    services.invitation_respond(actor=personas.mentor2, circle=circle, accept=True)
    circle.refresh_from_db()
    assert circle.member_count == 1  # Noah only: the second mentor takes no member place
    services.member_invite(actor=personas.mentor2, circle=circle, user=personas.mentee)


def test_a_removed_member_cannot_ask_again_but_can_be_invited(personas, circle):
    noah = Membership.objects.get(circle=circle, user=personas.mentee2)
    services.member_remove(actor=personas.mentor, membership=noah)
    assert Notification.objects.filter(recipient=personas.mentee2, kind="circle.removed").exists()
    with pytest.raises(Conflict, match="removed"):
        services.membership_request(actor=personas.mentee2, circle=circle)
    _join(circle, personas.mentor, personas.mentee2)
    noah.refresh_from_db()
    assert noah.status == MemberStatus.ACTIVE


def test_the_last_mentor_names_who_runs_the_circle_next(personas, circle):
    with pytest.raises(ValidationFailed) as caught:
        services.circle_leave(actor=personas.mentor, circle=circle)
    assert caught.value.field == "successor"
    services.circle_leave(actor=personas.mentor, circle=circle, successor=personas.mentee2.pk)
    circle.refresh_from_db()
    assert circle.is_peer and circle.organiser == personas.mentee2
    assert circle.state == CircleState.OPEN
    # Noah now runs it: he can invite.
    services.member_invite(actor=personas.mentee2, circle=circle, user=personas.mentee)


def test_the_last_member_leaving_closes_the_circle(personas):
    peer = services.circle_create(actor=personas.outsider, topic="Alone", mentor_led=False)
    services.circle_leave(actor=personas.outsider, circle=peer)
    peer.refresh_from_db()
    assert peer.state == CircleState.CLOSED


def test_a_closed_circle_is_read_only(personas, circle, soon):
    services.membership_request(actor=personas.mentee, circle=circle)
    services.circle_close(actor=personas.mentor, circle=circle)
    circle.refresh_from_db()
    assert circle.state == CircleState.CLOSED
    # The open request was declined with the close.
    assert Membership.objects.get(circle=circle, user=personas.mentee).status == "declined"
    assert Notification.objects.filter(recipient=personas.mentee2, kind="circle.closed").exists()
    for call in (
        lambda: services.post_add(actor=personas.mentee2, circle=circle, body="Hello?"),
        lambda: services.meetings_schedule(actor=personas.mentor, circle=circle,
                                           first_at=soon),
        lambda: services.agreement_propose(actor=personas.mentee2, circle=circle, text="x"),
        lambda: services.circle_leave(actor=personas.mentee2, circle=circle),
        lambda: services.member_invite(actor=personas.mentor, circle=circle,
                                       user=personas.outsider),
    ):
        with pytest.raises(Conflict):
            call()


def test_only_leaders_close(personas, circle):
    with pytest.raises(Forbidden):
        services.circle_close(actor=personas.mentee2, circle=circle)


def test_it_finds_a_persons_circles_only_while_their_membership_is_active(personas, circle):
    noah, mia = personas.mentee2, personas.mentee
    services.membership_request(actor=mia, circle=circle, message="May I join?")
    assert Membership.objects.member(noah, circle).get().role == "member"
    assert Membership.objects.member(personas.mentor, circle).get().role == "mentor"
    assert not Membership.objects.member(mia, circle).exists()  # a request waiting
    assert list(Circle.objects.with_member(noah)) == [circle]
    assert not Circle.objects.with_member(mia).exists()
    assert sorted(m.user_id for m in Membership.objects.active().filter(circle=circle)) == \
        sorted([noah.pk, personas.mentor.pk])
    services.circle_leave(actor=noah, circle=circle)
    assert not Membership.objects.member(noah, circle).exists()
    assert not Circle.objects.with_member(noah).exists()
