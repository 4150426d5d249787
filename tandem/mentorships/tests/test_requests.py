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


def _make_request(mentee, mentor, *, days_ago, answered_after_hours=None, state=None):
    """A request ``days_ago`` days old, answered that many hours after it came (or never)."""
    req = services.request_create(actor=mentee, mentor=mentor, message="Hello!")
    created = timezone.now() - timedelta(days=days_ago)
    fields = {"created_at": created, "state": state or "expired", "closed_at": created}
    if answered_after_hours is not None:
        fields.update(state=state or "declined",
                      first_response_at=created + timedelta(hours=answered_after_hours))
    MentorshipRequest.objects.filter(pk=req.pk).update(**fields)
    return req


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


def test_it_judges_responsiveness_by_the_latest_old_request(personas):
    from tandem.accounts.tests.factories import make_mentee

    mentor = personas.mentor
    # One request left unanswered 80 days ago, then several answered promptly.
    _make_request(make_mentee(), mentor, days_ago=80)
    for days in (60, 55, 50):
        _make_request(make_mentee(), mentor, days_ago=days, answered_after_hours=3)
    assert not selectors.is_unresponsive(mentor)
    # A newer request (still 30 days or more old) that nobody answered counts again...
    silent = _make_request(make_mentee(), mentor, days_ago=40)
    assert selectors.is_unresponsive(mentor)
    # ...unless a later request was answered since it came in.
    _make_request(make_mentee(), mentor, days_ago=10, answered_after_hours=2)
    assert not selectors.is_unresponsive(mentor)
    # A request the mentee withdrew says nothing about the mentor.
    MentorshipRequest.objects.exclude(pk=silent.pk).delete()
    MentorshipRequest.objects.filter(pk=silent.pk).update(state="withdrawn")
    assert not selectors.is_unresponsive(mentor)
    # Requests younger than 30 days are not a silence yet.
    MentorshipRequest.objects.all().delete()
    _make_request(make_mentee(), mentor, days_ago=20)
    assert not selectors.is_unresponsive(mentor)


def test_it_suggests_mentors_with_a_constant_query_count(personas, query_budget):
    def make(n):
        for _ in range(n):
            mentor = make_mentor(skills=["Python"])
            _make_request(personas.mentee2, mentor, days_ago=40)
            _make_request(personas.mentee2, mentor, days_ago=35, answered_after_hours=1)

    query_budget(make=make, call=lambda: selectors.suggested_mentors(personas.mentee),
                 small=2, large=8)


def test_it_refuses_goal_ids_beyond_what_a_database_can_hold(personas, api_client):
    for goal_id in (2**63, 2**63 - 1, 0, -1):
        response = api_client(personas.mentee).post("/api/requests", {
            "mentor_profile_id": personas.mentor.profile.pk, "message": "Hello!",
            "goal_ids": [goal_id]})
        assert response.status_code == 422
        # Not an id at all (issue 16, item 30), or not one of hers.
        assert response.json()["errors"] == ([{"field": "goal_ids",
                                               "message": "Pick goals from your own list."}]
                                             if goal_id == 2**63 - 1 else
                                             [{"field": "goal_ids.0", "message": "Must be an "
                                               "id: a whole number from 1 to 9223372036854775807."}])
    assert not MentorshipRequest.objects.exists()


def test_it_refuses_a_request_to_a_mentor_without_free_places(personas, ask, api_client,
                                                              client_for):
    Profile.objects.filter(user=personas.mentor).update(mentor_capacity=2, places_taken=2)
    with pytest.raises(Conflict, match="Marta Mentor has no free places right now."):
        ask()
    response = api_client(personas.mentee).post("/api/requests", {
        "mentor_profile_id": personas.mentor.profile.pk, "message": "Hello!"})
    assert response.status_code == 409
    assert response.json()["detail"] == "Marta Mentor has no free places right now."
    page = client_for(personas.mentee).post(
        f"/people/{personas.mentor.profile.pk}/ask/",
        {"message": "Hello!", "cadence": "weekly", "channel": "video"})
    assert page.status_code == 400
    assert "Marta Mentor has no free places right now." in page.content.decode()
    assert not MentorshipRequest.objects.exists()


def test_it_gives_the_mentee_time_to_answer_a_question(personas, ask, settings):
    req = ask()
    # The mentor asks a question an hour before the request would expire.
    first_expiry = timezone.now() + timedelta(hours=1)
    MentorshipRequest.objects.filter(pk=req.pk).update(
        created_at=first_expiry - timedelta(days=settings.TANDEM_REQUEST_EXPIRY_DAYS),
        expires_at=first_expiry, reminder_sent_at=timezone.now() - timedelta(days=1))
    req.refresh_from_db()
    services.request_ask_info(actor=personas.mentor, request=req, question="Team size?")
    req.refresh_from_db()
    assert req.expires_at > timezone.now() + timedelta(days=settings.TANDEM_REQUEST_EXPIRY_DAYS - 1)
    assert req.reminder_sent_at is None
    assert services.requests_expire(now=first_expiry + timedelta(hours=1)) == 0
    # Near the new expiry, the mentee (whose turn it is) is reminded, not the mentor.
    assert services.requests_remind(now=req.expires_at - timedelta(days=2)) == 1
    reminder = Notification.objects.get(kind="request.reminder")
    assert reminder.recipient == personas.mentee
    assert reminder.title == ("Marta Mentor is waiting for your answer; the request expires "
                              "in 2 days")
    assert services.requests_expire(now=req.expires_at + timedelta(seconds=1)) == 1
    to_mentee = Notification.objects.get(kind="request.expired", recipient=personas.mentee)
    assert to_mentee.title == ("Your request to Marta Mentor expired: you did not answer "
                               "their question in time")
    to_mentor = Notification.objects.get(kind="request.expired", recipient=personas.mentor)
    assert to_mentor.title == "Mia Mentee's request expired while waiting for their answer"


def test_it_never_suggests_a_mentor_who_just_turned_the_mentee_down(personas, ask, client_for):
    req = ask()
    services.request_decline(actor=personas.mentor, request=req, text="Too busy.")
    page = client_for(personas.mentee).get(f"/requests/{req.pk}/").content.decode()
    assert "Other mentors who fit" in page
    assert f'href="/people/{personas.mentor2.profile.pk}/"' in page
    assert f'href="/people/{personas.mentor.profile.pk}/"' not in page
    # Nor one who let another of this mentee's requests expire in the last 90 days.
    expired = ask(mentor=personas.mentor2)
    services.requests_expire(now=expired.expires_at + timedelta(seconds=1))
    assert selectors.suggested_mentors(personas.mentee) == []
    MentorshipRequest.objects.filter(mentee=personas.mentee).update(
        closed_at=timezone.now() - timedelta(days=91))
    suggested = {p.user for p in selectors.suggested_mentors(personas.mentee)}
    assert suggested == {personas.mentor, personas.mentor2}
    # The request's own mentor is never suggested on its page, however long ago.
    page = client_for(personas.mentee).get(f"/requests/{req.pk}/").content.decode()
    assert f'href="/people/{personas.mentor.profile.pk}/"' not in page


def test_it_lists_requests_over_the_api_with_a_constant_query_count(personas, query_budget,
                                                                    api_client):
    from tandem.accounts.tests.factories import make_mentee

    reason = DeclineReason.objects.first()

    def make(n):
        for index in range(n):
            mentee = make_mentee()
            req = services.request_create(actor=mentee, mentor=personas.mentor, message="Hi",
                                          goal_ids=[mentee.career_goals.get().pk])
            services.request_ask_info(actor=personas.mentor, request=req, question="Why?")
            services.request_reply(actor=mentee, request=req, reply="Because.")
            if index % 2:
                services.request_decline(actor=personas.mentor, request=req,
                                         reason_id=reason.pk)
            mentor = make_mentor()
            sent = services.request_create(actor=personas.mentee2, mentor=mentor, message="Hi")
            services.request_decline(actor=mentor, request=sent, reason_id=reason.pk)

    received, sent = api_client(personas.mentor), api_client(personas.mentee2)
    query_budget(make=make, call=lambda: (received.get("/api/requests?box=received"),
                                          sent.get("/api/requests?box=sent")),
                 small=2, large=8)
    body = received.get("/api/requests?box=received").json()
    assert len(body) == 8 and body[0]["messages"][0]["body"] == "Why?"
    assert len(sent.get("/api/requests?box=sent").json()) == 8
    assert {r["decline_reason"] for r in body} == {None, reason.text}


def test_it_refuses_a_request_with_loose_or_unknown_fields_over_the_api(personas, api_client):
    client = api_client(personas.mentee)
    mentor_id = personas.mentor.profile.pk
    for payload, field in (
        ({"mentor_profile_id": str(mentor_id), "message": "Hi"}, "mentor_profile_id"),
        ({"mentor_profile_id": mentor_id, "message": "Hi", "urgent": True}, "urgent"),
        ({"mentor_profile_id": mentor_id, "message": "Hi", "goal_ids": ["1"]}, "goal_ids"),
    ):
        response = client.post("/api/requests", payload)
        assert response.status_code == 422, payload
        assert field in response.json()["errors"][0]["field"]
    assert not MentorshipRequest.objects.exists()


@pytest.mark.parametrize("action,payload,field", [
    ("ask", {"question": "Why?", "cc": "x"}, "cc"),
    ("decline", {"reason_id": "1"}, "reason_id"),
    ("decline", {"text": "Busy", "reasn_id": 1}, "reasn_id"),
])
def test_it_refuses_loose_or_unknown_answers_over_the_api(personas, ask, api_client, action,
                                                         payload, field):
    req = ask()
    response = api_client(personas.mentor).post(f"/api/requests/{req.pk}/{action}", payload)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    req.refresh_from_db()
    assert req.state == "pending" and not req.messages.exists()


def test_it_refuses_an_unknown_field_in_a_reply_over_the_api(personas, ask, api_client):
    req = ask()
    services.request_ask_info(actor=personas.mentor, request=req, question="Why?")
    response = api_client(personas.mentee).post(f"/api/requests/{req.pk}/reply",
                                                {"reply": "Because.", "signature": "Mia"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "signature"
