"""The feedback page and its forms, as each party uses them without JavaScript."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.feedback import services
from tandem.feedback.models import Contribution, FeedbackEntry, FeedbackRequest, MentorFeedback


def url(name, *args):
    return reverse(f"feedback:{name}", args=args)


def test_it_lists_feedback_newest_first_with_kinds_and_ties(mentorship, meeting, client_for):
    goal = mentorship.mentee.career_goals.first()
    services.feedback_give(actor=mentorship.mentor, relationship=mentorship, kind="positive",
                           body="Great **demo**.", goal_id=goal.pk)
    services.feedback_give(actor=mentorship.mentor, relationship=mentorship,
                           kind="constructive", body="Send the agenda earlier.",
                           meeting_id=meeting.pk)
    page = client_for(mentorship.mentee).get(url("overview", mentorship.pk)).content.decode()
    assert page.index("Send the agenda earlier.") < page.index("Great <strong>demo</strong>.")
    assert "Constructive" in page and "Positive" in page
    assert f"Goal: {goal.title}" in page and "Meeting of" in page
    assert "Got it" in page and "Give feedback</a>" not in page


def test_it_lets_the_mentor_give_feedback_through_the_form(mentorship, client_for):
    goal = mentorship.mentee.career_goals.first()
    client = client_for(mentorship.mentor)
    form = client.get(url("entry_new", mentorship.pk)).content.decode()
    assert "How Mia Mentee likes feedback" in form
    assert 'data-testid="feedback-preference"' in form and "Your agreement" in form
    response = client.post(url("entry_new", mentorship.pk),
                           {"kind": "positive", "body": "Clear plan.",
                            "tied_to": f"goal:{goal.pk}"})
    assert response.status_code == 302
    entry = FeedbackEntry.objects.get()
    assert entry.goal == goal and response["Location"].endswith(f"#feedback-{entry.pk}")


@pytest.mark.parametrize("data,message", [
    ({"kind": "positive", "body": "  "}, "Write the feedback."),
    ({"kind": "", "body": "x"}, "This field is required."),
    ({"kind": "positive", "body": "x", "tied_to": "goal:999999"}, "Select a valid choice"),
    ({"kind": "positive", "body": "a\x00b"}, "Null characters are not allowed"),
])
def test_it_shows_what_is_wrong_and_saves_nothing(mentorship, client_for, data, message):
    response = client_for(mentorship.mentor).post(url("entry_new", mentorship.pk), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not FeedbackEntry.objects.exists()


def test_it_gives_the_mentee_no_feedback_form(mentorship, client_for, personas):
    assert client_for(mentorship.mentee).get(url("entry_new", mentorship.pk)).status_code == 403
    assert client_for(personas.outsider).get(url("entry_new", mentorship.pk)).status_code == 404
    assert client_for(personas.coordinator).get(url("overview", mentorship.pk)
                                                ).status_code == 404


def test_it_prefills_the_answer_to_a_request(mentorship, client_for):
    goal = mentorship.mentee.career_goals.last()
    item = services.feedback_request_create(actor=mentorship.mentee, relationship=mentorship,
                                            topic="My CV", goal_id=goal.pk,
                                            link="https://example.org/cv")
    client = client_for(mentorship.mentor)
    form = client.get(url("entry_new", mentorship.pk) + f"?request={item.pk}").content.decode()
    assert "Answering a request" in form and "My CV" in form
    assert f'value="goal:{goal.pk}" selected' in form
    assert f'name="request_id" value="{item.pk}"' in form
    response = client.post(url("entry_new", mentorship.pk),
                           {"kind": "constructive", "body": "Shorter.", "request_id": item.pk,
                            "tied_to": f"goal:{goal.pk}"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "answered"


def test_it_lets_the_mentee_acknowledge_and_reply(mentorship, client_for):
    entry = services.feedback_give(actor=mentorship.mentor, relationship=mentorship,
                                   kind="constructive", body="Speak slower.")
    mentee = client_for(mentorship.mentee)
    assert mentee.post(url("entry_acknowledge", entry.pk)).status_code == 302
    assert mentee.get(url("entry_reply", entry.pk)).status_code == 200
    bad = mentee.post(url("entry_reply", entry.pk), {"reply": ""})
    assert bad.status_code == 400 and "Write your reply." in bad.content.decode()
    assert mentee.post(url("entry_reply", entry.pk), {"reply": "I will."}).status_code == 302
    mentor_page = client_for(mentorship.mentor).get(url("overview", mentorship.pk))
    assert "I will." in mentor_page.content.decode()
    late = mentee.post(url("entry_reply", entry.pk), {"reply": "Changed."})
    assert late.status_code == 400 and "has read your reply" in late.content.decode()
    assert client_for(mentorship.mentor).post(url("entry_acknowledge", entry.pk)
                                              ).status_code == 403


def test_it_lets_the_mentee_ask_and_withdraw(mentorship, client_for):
    mentee = client_for(mentorship.mentee)
    bad = mentee.post(url("request_new", mentorship.pk),
                      {"topic": "Talk", "link": "javascript:alert(1)",
                       "by_date": (timezone.localdate() - timedelta(days=3)).isoformat()})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "http://" in text and "That date has passed" in text
    assert not FeedbackRequest.objects.exists()
    ok = mentee.post(url("request_new", mentorship.pk), {"topic": "Talk"})
    assert ok.status_code == 302
    item = FeedbackRequest.objects.get()
    page = client_for(mentorship.mentor).get(url("overview", mentorship.pk)).content.decode()
    assert "Answer with feedback" in page and "Talk" in page
    assert client_for(mentorship.mentor).post(url("request_withdraw", item.pk)
                                              ).status_code == 403
    assert mentee.post(url("request_withdraw", item.pk)).status_code == 302
    item.refresh_from_db()
    assert item.status == "withdrawn"
    assert client_for(mentorship.mentor).get(url("request_new", mentorship.pk)
                                             ).status_code == 403


def test_it_lets_the_mentee_give_back_with_consent_off_by_default(mentorship, client_for):
    mentee = client_for(mentorship.mentee)
    form = mentee.get(url("giveback_new", mentorship.pk)).content.decode()
    assert 'name="kudos_consent"' in form and "checked" not in form
    bad = mentee.post(url("giveback_new", mentorship.pk), {"what_helped": ""})
    assert bad.status_code == 400
    assert mentee.post(url("giveback_new", mentorship.pk),
                       {"what_helped": "Your questions."}).status_code == 302
    item = MentorFeedback.objects.get()
    assert not item.kudos_consent
    assert mentee.post(url("giveback_kudos", item.pk), {"consent": "yes"}).status_code == 302
    item.refresh_from_db()
    assert item.kudos_consent
    page = client_for(mentorship.mentor).get(url("overview", mentorship.pk)).content.decode()
    assert "Your questions." in page and "Shown as kudos" in page
    assert client_for(mentorship.mentor).post(url("giveback_kudos", item.pk),
                                              {"consent": "no"}).status_code == 403


def test_it_records_and_removes_contributions(mentorship, client_for):
    mentee = client_for(mentorship.mentee)
    future = (timezone.localdate() + timedelta(days=20)).isoformat()
    bad = mentee.post(url("contribution_new", mentorship.pk),
                      {"kind": "review", "description": "x", "date": future})
    assert bad.status_code == 400 and "in the future" in bad.content.decode()
    assert mentee.post(url("contribution_new", mentorship.pk),
                       {"kind": "review", "description": "Reviewed her slides",
                        "date": timezone.localdate().isoformat()}).status_code == 302
    item = Contribution.objects.get()
    assert "Reviewed her slides" in client_for(mentorship.mentor).get(
        url("overview", mentorship.pk)).content.decode()
    assert mentee.post(url("contribution_delete", item.pk)).status_code == 302
    assert not Contribution.objects.exists()


def test_it_costs_the_same_queries_with_more_feedback(mentorship, meeting, client_for,
                                                      query_budget):
    goal = mentorship.mentee.career_goals.first()

    def make(n):
        for index in range(n):
            entry = services.feedback_give(
                actor=mentorship.mentor, relationship=mentorship,
                kind="positive" if index % 2 else "constructive", body=f"Note {index}",
                goal_id=goal.pk if index % 3 == 0 else None,
                meeting_id=meeting.pk if index % 3 == 1 else None)
            services.feedback_reply(actor=mentorship.mentee, entry=entry, reply="Thanks")
            item = services.feedback_request_create(actor=mentorship.mentee,
                                                    relationship=mentorship,
                                                    topic=f"Topic {index}", goal_id=goal.pk)
            if index % 2:
                services.feedback_request_withdraw(actor=mentorship.mentee,
                                                   feedback_request=item)
            services.mentor_feedback_give(actor=mentorship.mentee, relationship=mentorship,
                                          what_helped=f"Thanks {index}")
            services.contribution_add(actor=mentorship.mentee, relationship=mentorship,
                                      kind="other", description=f"Did {index}",
                                      date=timezone.localdate())

    from tandem.feedback import services as svc

    limit = svc.MAX_OPEN_REQUESTS
    svc.MAX_OPEN_REQUESTS = 1000
    try:
        for person in (mentorship.mentor, mentorship.mentee):
            client = client_for(person)
            FeedbackEntry.objects.all().delete()
            query_budget(make=make, call=lambda c=client: c.get(url("overview", mentorship.pk)))
    finally:
        svc.MAX_OPEN_REQUESTS = limit


def test_it_answers_404_for_huge_ids(personas, client_for, api_client):
    huge = "9" * 30
    for path in (f"/mentorships/{huge}/feedback/", f"/feedback/{huge}/reply/",
                 f"/mentorships/{huge}/feedback/new/"):
        assert client_for(personas.mentor).get(path).status_code == 404, path
    for path in (f"/api/mentorships/{huge}/feedback", f"/api/feedback/{huge}",
                 f"/api/mentorships/{huge}/contributions", f"/api/profiles/{huge}/kudos"):
        assert api_client(personas.mentor).get(path).status_code in (404, 422), path
