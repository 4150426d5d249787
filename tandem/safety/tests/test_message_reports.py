"""Reporting a message: only a party of its conversation may, never their own; the
reviewers see the one quoted message, nothing else of the conversation."""

import pytest

from tandem.conversations.services import message_delete, message_edit, message_post
from tandem.core.errors import ValidationFailed
from tandem.mentorships.services import request_accept, request_create
from tandem.safety.models import Subject
from tandem.safety.services import report_create


@pytest.fixture
def conversation(personas):
    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hi")
    rel = request_accept(actor=personas.mentor, request=req)
    before = message_post(actor=personas.mentor, relationship=rel, body="Earlier, harmless")
    bad = message_post(actor=personas.mentor, relationship=rel, body="Send me your password")
    return rel, before, bad


def test_a_party_reports_a_message_and_its_text_is_quoted(conversation, personas):
    rel, _, bad = conversation
    report = report_create(actor=personas.mentee, category="spam_or_scam",
                           details="Asked for my password.", message_id=bad.pk)
    assert report.subject == Subject.MESSAGE
    assert report.reported_user == personas.mentor
    assert report.relationship == rel and report.message == bad
    assert report.quoted_text == "Send me your password"
    # Later edits and deletion do not change what was reported.
    message_edit(actor=personas.mentor, message=bad, body="Nothing to see")
    message_delete(actor=personas.mentor, message=bad)
    report.refresh_from_db()
    assert report.quoted_text == "Send me your password"


def test_only_a_party_may_report_and_not_their_own(conversation, personas):
    _, _, bad = conversation
    for who in (personas.outsider, personas.mentee2, personas.coordinator):
        with pytest.raises(ValidationFailed) as exc:
            report_create(actor=who, category="other", details="x", message_id=bad.pk)
        assert exc.value.field == "message_id"
    with pytest.raises(ValidationFailed, match="your own message"):
        report_create(actor=personas.mentor, category="other", details="x",
                      message_id=bad.pk)
    with pytest.raises(ValidationFailed, match="one at a time"):
        report_create(actor=personas.mentee, category="other", details="x",
                      message_id=bad.pk, profile_id=personas.mentor.profile.pk)


def test_the_report_page_and_the_review_show_only_the_quoted_message(conversation, personas,
                                                                    client_for):
    _, before, bad = conversation
    outsider = client_for(personas.outsider)
    assert outsider.get(f"/report/?message={bad.pk}").status_code == 404
    mia = client_for(personas.mentee)
    page = mia.get(f"/report/?message={bad.pk}").content.decode()
    assert "Send me your password" in page
    response = mia.post(f"/report/?message={bad.pk}",
                        {"category": "spam_or_scam", "details": "Phishing"})
    assert response.status_code == 302
    from tandem.safety.models import Report

    report = Report.objects.get()
    review = client_for(personas.coordinator).get(f"/safety/reports/{report.pk}/")
    html = review.content.decode()
    assert review.status_code == 200
    assert "Send me your password" in html
    assert "Earlier, harmless" not in html
    # The coordinator still cannot open the conversation itself.
    assert client_for(personas.coordinator).get(
        f"/mentorships/{bad.relationship_id}/messages/").status_code == 404


def test_the_api_accepts_a_message(conversation, personas, api_client):
    _, _, bad = conversation
    response = api_client(personas.mentee).post("/api/safety/reports", {
        "category": "harassment", "details": "Rude", "message_id": bad.pk})
    assert response.status_code == 201
    assert response.json()["message_id"] == bad.pk
    assert response.json()["quoted_text"] == "Send me your password"
    response = api_client(personas.outsider).post("/api/safety/reports", {
        "category": "harassment", "details": "Rude", "message_id": bad.pk})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "message_id"
