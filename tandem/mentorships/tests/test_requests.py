from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tandem.accounts.models import Profile
from tandem.accounts.services import profile_update
from tandem.accounts.tests.factories import make_mentor
from tandem.core.errors import Conflict, ValidationFailed
from tandem.mentorships import selectors, services
from tandem.mentorships.models import Agreement, DeclineReason, MentorshipRequest, Relationship
from tandem.notifications.models import Notification


def test_it_sends_a_request_with_goals_and_tells_the_mentor(personas, ask, client_for,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        req = ask()
    assert req.state == "pending" and list(req.goals.all()) == [personas.mentee.career_goals.first()]
    assert req.expires_at > timezone.now() + timedelta(days=13)
    note = Notification.objects.get(recipient=personas.mentor, kind="request.received")
    assert "Mia Mentee asked you" in note.title
    assert mail.outbox[-1].to == ["marta@example.com"]
    assert mail.outbox[-1].alternatives[0][1] == "text/html"
    assert f"/requests/{req.pk}/" in mail.outbox[-1].body
    page = client_for(personas.mentor).get("/requests/").content.decode()
    assert "Waiting for your answer" in page and "Mia Mentee" in page


@pytest.mark.parametrize("case", ["self", "twice", "not_mentor", "closed", "foreign_goal", "empty"])
def test_it_refuses_requests_that_break_the_rules(personas, ask, case):
    if case == "self":
        with pytest.raises(ValidationFailed, match="yourself"):
            ask(mentee=personas.mentor, mentor=personas.mentor, goal_ids=[])
    elif case == "twice":
        ask()
        with pytest.raises(Conflict, match="already have an open request"):
            ask()
    elif case == "not_mentor":
        with pytest.raises(ValidationFailed, match="not a mentor"):
            ask(mentor=personas.outsider)
    elif case == "closed":
        profile_update(actor=personas.mentor, profile=personas.mentor.profile,
                       changes={"open_to_requests": False})
        with pytest.raises(Conflict, match="not taking new requests"):
            ask()
    elif case == "foreign_goal":
        with pytest.raises(ValidationFailed, match="your own list"):
            ask(goal_ids=[personas.mentee2.career_goals.first().pk])
    elif case == "empty":
        with pytest.raises(ValidationFailed, match="cannot be empty"):
            ask(message="   ")
    assert MentorshipRequest.objects.count() == (1 if case == "twice" else 0)


def test_it_limits_a_mentee_to_five_open_requests(personas, ask, settings):
    mentors = [make_mentor() for _ in range(6)]
    for mentor in mentors[:5]:
        ask(mentor=mentor)
    with pytest.raises(Conflict, match="5 open requests"):
        ask(mentor=mentors[5])
    services.request_withdraw(actor=personas.mentee,
                              request=MentorshipRequest.objects.filter(mentee=personas.mentee).first())
    ask(mentor=mentors[5])  # a withdrawn request frees a slot


def test_it_lets_the_mentor_ask_for_more_and_the_mentee_reply(personas, ask):
    req = ask()
    services.request_ask_info(actor=personas.mentor, request=req, question="What is your team size?")
    assert req.state == "info_requested" and req.first_response_at is not None
    with pytest.raises(Conflict):
        services.request_ask_info(actor=personas.mentor, request=req, question="Again?")
    services.request_reply(actor=personas.mentee, request=req, reply="Five people.")
    req.refresh_from_db()
    assert req.state == "pending"
    assert [m.kind for m in req.messages.all()] == ["question", "reply"]
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {"request.info_requested", "request.replied"} <= kinds


def test_it_starts_a_relationship_with_a_prefilled_draft_when_accepted(personas, ask):
    profile_update(actor=personas.mentee, profile=personas.mentee.profile,
                   changes={"feedback_style": "gentle", "feedback_notes": "Examples help."})
    req = ask(cadence="weekly", channel="phone")
    rel = services.request_accept(actor=personas.mentor, request=req)
    assert rel.state == "active" and rel.mentee == personas.mentee
    assert Profile.objects.get(user=personas.mentor).places_taken == 1
    draft = Agreement.objects.get(relationship=rel)
    assert draft.status == "draft" and draft.version == 1
    assert draft.objectives == [{"text": "Lead a team", "goal_id": req.goals.first().pk}]
    assert (draft.cadence, draft.channel) == ("weekly", "phone")
    assert (draft.feedback_style, draft.feedback_notes) == ("gentle", "Examples help.")
    assert 4 <= (draft.end_date - draft.start_date).days / 7 <= 52


def test_it_refuses_to_accept_beyond_capacity_with_a_clear_message(personas, ask, client_for):
    profile_update(actor=personas.mentor, profile=personas.mentor.profile,
                   changes={"mentor_capacity": 1})
    first, second = ask(), ask(mentee=personas.mentee2)
    services.request_accept(actor=personas.mentor, request=first)
    response = client_for(personas.mentor).post(f"/requests/{second.pk}/accept/", follow=True)
    assert response.status_code == 200
    assert "All your places are taken (1 of 1)" in response.content.decode()
    second.refresh_from_db()
    assert second.state == "pending" and Relationship.objects.count() == 1


def test_it_cannot_accept_a_withdrawn_request(personas, ask, client_for, api_client):
    req = ask()
    services.request_withdraw(actor=personas.mentee, request=req)
    page = client_for(personas.mentor).post(f"/requests/{req.pk}/accept/", follow=True)
    assert "This is withdrawn now" in page.content.decode()
    response = api_client(personas.mentor).post(f"/api/requests/{req.pk}/accept")
    assert response.status_code == 409
    assert response.json()["detail"].startswith("This is withdrawn now")
    assert Profile.objects.get(user=personas.mentor).places_taken == 0


def test_it_declines_with_a_kind_reason_and_suggests_other_mentors(personas, ask, client_for):
    req = ask()
    reason = DeclineReason.objects.get(label="Not my area")
    services.request_decline(actor=personas.mentor, request=req, reason_id=reason.pk,
                             text="Try someone in data.")
    page = client_for(personas.mentee).get(f"/requests/{req.pk}/").content.decode()
    assert "outside what I know best" in page and "Try someone in data." in page
    assert "Other mentors who fit" in page
    with pytest.raises(ValidationFailed, match="Pick a reason"):
        services.request_decline(actor=personas.mentor, request=ask(mentee=personas.mentee2))


def test_it_only_lets_each_party_do_their_own_part(personas, ask, api_client):
    req = ask()
    assert api_client(personas.mentee).post(f"/api/requests/{req.pk}/accept").status_code == 403
    assert api_client(personas.mentor).post(f"/api/requests/{req.pk}/withdraw").status_code == 403
    assert api_client(personas.outsider).get(f"/api/requests/{req.pk}").status_code == 404
    assert api_client(personas.mentor2).post(f"/api/requests/{req.pk}/accept").status_code == 404


def test_it_expires_old_requests_after_reminding_the_mentor(personas, ask):
    req = ask()
    soon = req.expires_at - timedelta(days=2)
    assert services.requests_remind(now=soon) == 1
    assert services.requests_remind(now=soon) == 0  # once
    assert Notification.objects.filter(recipient=personas.mentor, kind="request.reminder").exists()
    assert services.requests_expire(now=req.expires_at - timedelta(seconds=1)) == 0
    assert services.requests_expire(now=req.expires_at + timedelta(seconds=1)) == 1
    req.refresh_from_db()
    assert req.state == "expired"
    assert Notification.objects.filter(recipient=personas.mentee, kind="request.expired").exists()


def test_it_measures_how_fast_a_mentor_answers(personas, ask):
    assert selectors.typical_response_time(personas.mentor) is None
    req = ask()
    MentorshipRequest.objects.filter(pk=req.pk).update(created_at=timezone.now() - timedelta(hours=10))
    services.request_decline(actor=personas.mentor, request=req, text="Sorry, too busy.")
    median = selectors.typical_response_time(personas.mentor)
    assert timedelta(hours=9) < median < timedelta(hours=11)


def test_it_marks_mentors_who_leave_requests_unanswered_and_skips_them_in_suggestions(
        personas, ask):
    req = ask(mentee=personas.mentee2)
    MentorshipRequest.objects.filter(pk=req.pk).update(
        created_at=timezone.now() - timedelta(days=31), state="expired")
    assert selectors.is_unresponsive(personas.mentor)
    assert not selectors.is_unresponsive(personas.mentor2)
    suggested = [p.user for p in selectors.suggested_mentors(personas.mentee)]
    assert personas.mentor not in suggested
    # Answering any request makes them responsive again.
    services.request_decline(actor=personas.mentor, request=ask(), text="Busy.")
    assert not selectors.is_unresponsive(personas.mentor)
