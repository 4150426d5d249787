"""The mentee asks for feedback; the mentor answers with a feedback entry, or the mentee
withdraws the request."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.feedback import services
from tandem.feedback.models import FeedbackEntry, FeedbackRequest
from tandem.notifications.models import Notification


def ask(rel, **kwargs):
    args = {"topic": "My conference talk outline", **kwargs}
    return services.feedback_request_create(actor=rel.mentee, relationship=rel, **args)


def test_it_sends_a_request_to_the_mentor(mentorship, api_client):
    goal = mentorship.mentee.career_goals.last()
    by = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = api_client(mentorship.mentee).post(
        f"/api/mentorships/{mentorship.pk}/feedback-requests",
        {"topic": "Talk outline", "goal_id": goal.pk, "link": "https://example.org/talk",
         "by_date": by, "details": "Is the *story* clear?"})
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "open" and response.json()["by_date"] == by
    assert Notification.objects.filter(recipient=mentorship.mentor,
                                       kind="feedback.requested").exists()
    listed = api_client(mentorship.mentor).get(
        f"/api/mentorships/{mentorship.pk}/feedback-requests").json()
    assert [r["topic"] for r in listed] == ["Talk outline"]


@pytest.mark.parametrize("kwargs,field", [
    ({"topic": ""}, "topic"),
    ({"topic": "x" * 201}, "topic"),
    ({"topic": "a\x00"}, "topic"),
    ({"details": "x" * 4001}, "details"),
    ({"link": "javascript:alert(1)"}, "link"),
    ({"link": "ftp://example.org/file"}, "link"),
    ({"link": "example.org"}, "link"),
    ({"link": "https://" + "x" * 600 + ".org"}, "link"),
    ({"goal_id": 123456789}, "goal_id"),
    ({"by_date": timezone.localdate() - timedelta(days=1)}, "by_date"),
    ({"by_date": timezone.localdate() + timedelta(days=3000)}, "by_date"),
    ({"by_date": "tomorrow"}, "by_date"),
])
def test_it_names_the_field_at_fault(mentorship, kwargs, field):
    with pytest.raises(ValidationFailed) as exc:
        ask(mentorship, **kwargs)
    assert exc.value.field == field
    assert not FeedbackRequest.objects.exists()


def test_it_refuses_another_mentees_goal_and_the_mentor_asking(mentorship, personas,
                                                                api_client):
    noah_goal = personas.mentee2.career_goals.first()
    response = api_client(mentorship.mentee).post(
        f"/api/mentorships/{mentorship.pk}/feedback-requests",
        {"topic": "Rust", "goal_id": noah_goal.pk})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "goal_id"
    assert api_client(mentorship.mentor).post(
        f"/api/mentorships/{mentorship.pk}/feedback-requests",
        {"topic": "Me?"}).status_code == 403
    with pytest.raises(Forbidden):
        services.feedback_request_create(actor=mentorship.mentor, relationship=mentorship,
                                         topic="x")


def test_it_marks_a_request_answered_by_the_mentors_feedback(mentorship, api_client):
    item = ask(mentorship)
    response = api_client(mentorship.mentor).post(
        f"/api/mentorships/{mentorship.pk}/feedback",
        {"kind": "constructive", "body": "Cut the second section.", "request_id": item.pk})
    assert response.status_code == 201
    item.refresh_from_db()
    assert item.status == "answered" and item.answer.pk == response.json()["id"]
    again = api_client(mentorship.mentor).post(
        f"/api/mentorships/{mentorship.pk}/feedback",
        {"kind": "positive", "body": "And more.", "request_id": item.pk})
    assert again.status_code == 409
    assert FeedbackEntry.objects.count() == 1
    title = Notification.objects.get(recipient=mentorship.mentee, kind="feedback.given").title
    assert "answered your feedback request" in title


def test_it_refuses_answering_a_request_of_another_mentorship(mentorship, other_mentorship):
    noah = services.feedback_request_create(actor=other_mentorship.mentee,
                                            relationship=other_mentorship, topic="Crates")
    with pytest.raises(ValidationFailed) as exc:
        services.feedback_give(actor=mentorship.mentor, relationship=mentorship,
                               kind="positive", body="Hi", request_id=noah.pk)
    assert exc.value.field == "request_id"


def test_it_lets_the_mentee_withdraw_an_open_request_only(mentorship, api_client):
    item = ask(mentorship)
    assert api_client(mentorship.mentor).post(
        f"/api/feedback-requests/{item.pk}/withdraw").status_code == 403
    client = api_client(mentorship.mentee)
    response = client.post(f"/api/feedback-requests/{item.pk}/withdraw")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert client.post(f"/api/feedback-requests/{item.pk}/withdraw").status_code == 409
    with pytest.raises(Conflict):
        services.feedback_give(actor=mentorship.mentor, relationship=mentorship,
                               kind="positive", body="Late", request_id=item.pk)


def test_it_limits_open_requests(mentorship):
    for index in range(services.MAX_OPEN_REQUESTS):
        ask(mentorship, topic=f"Topic {index}")
    with pytest.raises(ValidationFailed):
        ask(mentorship, topic="One too many")


def test_it_hides_requests_from_everyone_else(mentorship, personas, api_client):
    item = ask(mentorship)
    for person in (personas.outsider, personas.coordinator, personas.staff, personas.mentor2):
        client = api_client(person)
        assert client.get(f"/api/mentorships/{mentorship.pk}/feedback-requests"
                          ).status_code == 404
        assert client.post(f"/api/feedback-requests/{item.pk}/withdraw").status_code == 404


def test_it_orders_open_requests_oldest_first_and_marks_overdue(mentorship):
    from tandem.feedback.selectors import feedback_requests

    first = ask(mentorship, topic="First", by_date=timezone.localdate())
    second = ask(mentorship, topic="Second")
    FeedbackRequest.objects.filter(pk=first.pk).update(
        by_date=timezone.localdate() - timedelta(days=2))
    open_items, closed = feedback_requests(mentorship)
    assert [r.pk for r in open_items] == [first.pk, second.pk]
    assert open_items[0].overdue and not open_items[1].overdue
    assert closed == []
