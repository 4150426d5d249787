"""The mentor as coach: positive and constructive feedback, tied to a goal, a milestone or
a meeting; the mentee acknowledges and replies."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.feedback import services
from tandem.feedback.models import FeedbackEntry
from tandem.growth.services import milestone_add
from tandem.notifications.models import Notification


def give(rel, **kwargs):
    args = {"kind": "positive", "body": "Your **demo** was clear.", **kwargs}
    return services.feedback_give(actor=rel.mentor, relationship=rel, **args)


def test_it_lets_the_mentor_give_feedback_tied_to_a_goal_and_tells_the_mentee(
        mentorship, api_client):
    goal = mentorship.mentee.career_goals.first()
    response = api_client(mentorship.mentor).post(
        f"/api/mentorships/{mentorship.pk}/feedback",
        {"kind": "constructive", "body": "Slow down in the intro.", "goal_id": goal.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "constructive"
    assert body["tied_to"] == {"type": "goal", "id": goal.pk, "label": f"Goal: {goal.title}"}
    assert Notification.objects.filter(recipient=mentorship.mentee,
                                       kind="feedback.given").exists()
    listed = api_client(mentorship.mentee).get(f"/api/mentorships/{mentorship.pk}/feedback")
    assert [e["id"] for e in listed.json()] == [body["id"]]


def test_it_ties_feedback_to_a_milestone_or_a_meeting(mentorship, meeting):
    goal = mentorship.mentee.career_goals.first()
    step = milestone_add(actor=mentorship.mentee, goal=goal, title="Run a retro")
    assert give(mentorship, milestone_id=step.pk).milestone == step
    assert give(mentorship, meeting_id=meeting.pk).meeting == meeting


def test_it_refuses_the_mentee_writing_feedback_entries(mentorship, api_client, personas):
    response = api_client(mentorship.mentee).post(
        f"/api/mentorships/{mentorship.pk}/feedback", {"kind": "positive", "body": "Hi"})
    assert response.status_code == 403
    assert api_client(personas.outsider).post(
        f"/api/mentorships/{mentorship.pk}/feedback",
        {"kind": "positive", "body": "Hi"}).status_code == 404
    with pytest.raises(Forbidden):
        services.feedback_give(actor=mentorship.mentee, relationship=mentorship,
                               kind="positive", body="Hi")
    assert not FeedbackEntry.objects.exists()


@pytest.mark.parametrize("kwargs,fields", [
    ({"body": "  "}, ["body"]),
    ({"body": ""}, ["body"]),
    ({"body": "x" * 8001}, ["body"]),
    ({"body": "a\x00b"}, ["body"]),
    ({"kind": "meh"}, ["kind"]),
    ({"kind": "meh", "body": ""}, ["kind", "body"]),
    ({"goal_id": 999999}, ["goal_id"]),
    ({"goal_id": 2**70}, ["goal_id"]),
    ({"milestone_id": 999999}, ["milestone_id"]),
    ({"meeting_id": -1}, ["meeting_id"]),
    ({"request_id": 999999}, ["request_id"]),
])
def test_it_names_the_field_at_fault(mentorship, kwargs, fields):
    with pytest.raises(ValidationFailed) as exc:
        give(mentorship, **kwargs)
    assert [e["field"] for e in exc.value.errors] == fields
    assert not FeedbackEntry.objects.exists()


def test_it_refuses_goals_meetings_and_milestones_of_another_mentorship(
        mentorship, other_mentorship, api_client, personas):
    from datetime import time, timedelta

    from django.utils import timezone

    from tandem.meetings.services import meeting_schedule

    noah_goal = personas.mentee2.career_goals.first()
    noah_step = milestone_add(actor=personas.mentee2, goal=noah_goal, title="Ship a crate")
    noah_meeting = meeting_schedule(actor=personas.mentor2, relationship=other_mentorship,
                                    day=timezone.localdate() + timedelta(days=3),
                                    at=time(9, 0), tz="UTC")
    url = f"/api/mentorships/{mentorship.pk}/feedback"
    client = api_client(mentorship.mentor)
    for field, value in (("goal_id", noah_goal.pk), ("milestone_id", noah_step.pk),
                         ("meeting_id", noah_meeting.pk)):
        response = client.post(url, {"kind": "positive", "body": "Good", field: value})
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == field


def test_it_refuses_a_goal_the_mentee_keeps_private(mentorship):
    from tandem.growth.services import goal_create

    private = goal_create(actor=mentorship.mentee, title="Secret plan", visibility="private")
    with pytest.raises(ValidationFailed) as exc:
        give(mentorship, goal_id=private.pk)
    assert exc.value.field == "goal_id"


def test_it_ties_feedback_to_one_thing_at_most(mentorship, meeting):
    goal = mentorship.mentee.career_goals.first()
    with pytest.raises(ValidationFailed) as exc:
        give(mentorship, goal_id=goal.pk, meeting_id=meeting.pk)
    assert {e["field"] for e in exc.value.errors} == {"goal_id", "meeting_id"}


def test_it_answers_422_for_wrong_types_and_unknown_keys(mentorship, api_client):
    client = api_client(mentorship.mentor)
    url = f"/api/mentorships/{mentorship.pk}/feedback"
    for payload in ({"kind": "positive", "body": 5}, {"kind": "positive", "body": "x",
                                                      "goal_id": "1"},
                    {"kind": "positive", "body": "x", "colour": "red"}, {}):
        response = client.post(url, payload)
        assert response.status_code == 422, payload
        assert response.json()["errors"]


def test_it_hides_a_goal_made_private_later_from_the_mentor(mentorship):
    from tandem.growth.services import goal_update

    goal = mentorship.mentee.career_goals.first()
    entry = give(mentorship, goal_id=goal.pk)
    goal_update(actor=mentorship.mentee, goal=goal, changes={"visibility": "private"})
    from tandem.feedback.selectors import feedback_entries

    [for_mentor] = feedback_entries(mentorship, mentorship.mentor)
    [for_mentee] = feedback_entries(mentorship, mentorship.mentee)
    assert for_mentor.pk == entry.pk and for_mentor.tied_to is None
    assert for_mentee.tied_to["id"] == goal.pk


def test_it_refuses_feedback_in_a_closed_mentorship(mentorship):
    from tandem.mentorships.services import relationship_complete

    relationship_complete(actor=mentorship.mentor, relationship=mentorship)
    mentorship.refresh_from_db()
    with pytest.raises(Conflict):
        give(mentorship)


def test_it_lets_the_mentee_acknowledge_once_and_tells_the_mentor(mentorship, api_client):
    entry = give(mentorship)
    client = api_client(mentorship.mentee)
    first = client.post(f"/api/feedback/{entry.pk}/acknowledge")
    assert first.status_code == 200 and first.json()["acknowledged_at"]
    again = client.post(f"/api/feedback/{entry.pk}/acknowledge")
    assert again.json()["acknowledged_at"] == first.json()["acknowledged_at"]
    assert Notification.objects.filter(recipient=mentorship.mentor,
                                       kind="feedback.acknowledged").count() == 1
    assert api_client(mentorship.mentor).post(
        f"/api/feedback/{entry.pk}/acknowledge").status_code == 403


def test_it_keeps_a_reply_editable_until_the_mentor_reads_it(mentorship, api_client):
    entry = give(mentorship)
    mentee = api_client(mentorship.mentee)
    url = f"/api/feedback/{entry.pk}/reply"
    response = mentee.put(url, {"reply": "Thanks, will do."})
    assert response.status_code == 200
    assert response.json()["acknowledged_at"], "replying acknowledges"
    assert mentee.put(url, {"reply": "Thanks, will do it this week."}).status_code == 200
    assert Notification.objects.filter(recipient=mentorship.mentor,
                                       kind="feedback.replied").count() == 1  # refreshed
    api_client(mentorship.mentor).get(f"/api/mentorships/{mentorship.pk}/feedback")
    late = mentee.put(url, {"reply": "Changed my mind."})
    assert late.status_code == 409
    entry.refresh_from_db()
    assert entry.reply == "Thanks, will do it this week."
    assert mentee.put(url, {"reply": "  "}).json()["errors"][0]["field"] == "reply"
    assert api_client(mentorship.mentor).put(url, {"reply": "Me?"}).status_code == 403


def test_it_locks_a_reply_once_the_mentor_has_read_it_on_its_own(mentorship, api_client):
    entry = give(mentorship)
    mentee = api_client(mentorship.mentee)
    url = f"/api/feedback/{entry.pk}/reply"
    assert mentee.put(url, {"reply": "Thanks, will do."}).status_code == 200
    assert api_client(mentorship.mentee).get(f"/api/feedback/{entry.pk}").json()[
        "reply_editable"], "the mentee reading it locks nothing"
    read = api_client(mentorship.mentor).get(f"/api/feedback/{entry.pk}")
    assert read.json()["reply"] == "Thanks, will do."
    assert mentee.put(url, {"reply": "Something else entirely."}).status_code == 409
    entry.refresh_from_db()
    assert entry.reply == "Thanks, will do." and entry.reply_read_at is not None


def test_it_hides_feedback_from_everyone_but_the_two_parties(mentorship, api_client,
                                                              personas):
    entry = give(mentorship)
    for person in (personas.outsider, personas.coordinator, personas.staff,
                   personas.mentee2, personas.mentor2):
        client = api_client(person)
        assert client.get(f"/api/feedback/{entry.pk}").status_code == 404
        assert client.get(f"/api/mentorships/{mentorship.pk}/feedback").status_code == 404
        assert client.post(f"/api/feedback/{entry.pk}/acknowledge").status_code == 404
    assert api_client(None).get(f"/api/feedback/{entry.pk}").status_code == 401
    assert api_client(mentorship.mentee).get("/api/feedback/99999999999999999999999"
                                             ).status_code in (404, 422)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(max_size=300), kind=st.sampled_from(["positive", "constructive", "", "x"]))
def test_it_never_fails_on_any_text(mentorship, api_client, body, kind):
    response = api_client(mentorship.mentor).post(
        f"/api/mentorships/{mentorship.pk}/feedback", {"kind": kind, "body": body})
    assert response.status_code in (201, 422)
