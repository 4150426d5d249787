"""Pausing, resuming, completing and ending early happen on a page of their own, each
behind a confirmation step that says what will happen: whose place is freed, who is told,
what stays readable. A POST without the confirmation changes nothing."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.accounts.models import Profile
from tandem.mentorships import services
from tandem.mentorships.models import Relationship
from tandem.notifications.models import Notification


def text_of(response, testid: str | None = None) -> str:
    """The page's visible text (or one element's, by data-testid), whitespace collapsed."""
    page = response.content.decode()
    if testid is not None:
        found = re.search(rf'<(\w+)[^>]*data-testid="{testid}"[^>]*>(.*?)</\1>', page, re.S)
        assert found, f"no element with data-testid={testid}"
        page = found.group(2)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def places_taken(user) -> int:
    return Profile.objects.get(user=user).places_taken


@pytest.fixture
def second(personas, ask):
    """Marta's second mentee, Noah: both her places are taken."""
    req = ask(mentee=personas.mentee2)
    return services.request_accept(actor=personas.mentor, request=req)


def test_it_links_the_relationship_page_to_the_manage_page(relationship, client_for):
    page = client_for(relationship.mentee).get(f"/mentorships/{relationship.pk}/")
    body = page.content.decode()
    assert f'href="/mentorships/{relationship.pk}/manage/"' in body
    assert "Pause, complete or end…" in text_of(page)
    # Nothing on the mentorship's page closes it in one click any more.
    for action in ("pause", "resume", "complete", "end"):
        assert f'action="/mentorships/{relationship.pk}/{action}/"' not in body


def test_it_offers_pause_complete_and_end_and_resume_once_paused(relationship, client_for):
    client = client_for(relationship.mentor)
    page = client.get(f"/mentorships/{relationship.pk}/manage/")
    assert page.status_code == 200
    body = page.content.decode()
    for action in ("pause", "complete", "end"):
        assert f'href="/mentorships/{relationship.pk}/{action}/"' in body
    assert f'href="/mentorships/{relationship.pk}/resume/"' not in body
    services.relationship_pause(actor=relationship.mentee, relationship=relationship)
    body = client.get(f"/mentorships/{relationship.pk}/manage/").content.decode()
    assert f'href="/mentorships/{relationship.pk}/resume/"' in body
    assert f'href="/mentorships/{relationship.pk}/pause/"' not in body
    assert "Resume, complete or end" in body
    detail = client.get(f"/mentorships/{relationship.pk}/")
    assert "Resume, complete or end…" in text_of(detail)


def test_it_says_whose_place_is_freed_and_who_is_told(relationship, second, personas,
                                                       client_for):
    assert places_taken(personas.mentor) == 2
    mia = client_for(personas.mentee)
    page = mia.get(f"/mentorships/{relationship.pk}/complete/")
    assert page.status_code == 200
    assert text_of(page, "place-freed") == (
        "The place is freed: Marta Mentor gets back the place this mentorship takes: 1 of "
        "their 2 places taken afterwards (now 2).")
    assert text_of(page, "who-is-told").startswith("Who is told: Marta Mentor, with a "
                                                   "notification in Tandem")
    what = text_of(page, "what-will-happen")
    assert "What stays readable: everything, to both of you and nobody else" in what
    assert "messages" in what and "progress reports" in what
    assert "You see Marta Mentor's once you have both written yours." in what
    # The mentor reads it about herself, and the end-early step names the reason's reader.
    page = client_for(personas.mentor).get(f"/mentorships/{second.pk}/end/")
    assert text_of(page, "place-freed") == (
        "The place is freed: you get back the place this mentorship takes: 1 of your 2 "
        "places taken afterwards (now 2), so you can accept another mentee.")
    told = text_of(page, "who-is-told")
    assert told.startswith("Who is told: Noah Second")
    assert "they see the reason you give below on the mentorship's page" in told
    assert places_taken(personas.mentor) == 2  # reading it changed nothing


def test_it_says_a_pause_frees_nothing_and_what_stops(relationship, client_for):
    page = client_for(relationship.mentee).get(f"/mentorships/{relationship.pk}/pause/")
    what = text_of(page, "what-will-happen")
    assert ("Nothing is freed: Marta Mentor keeps this place for you (1 of 2 places taken)."
            in what)
    assert "reminders of meetings, action items and progress reports" in what
    assert "health checks" in what
    assert "Who is told: Marta Mentor" in what
    body = page.content.decode()
    assert 'name="until"' in body and 'name="reason"' in body
    assert '<input type="hidden" name="confirm" value="yes">' in body


@pytest.mark.parametrize("action,data", [
    ("pause", {"until": "", "reason": "Exams in June"}),
    ("complete", {}),
    ("end", {"reason": "I changed jobs."}),
    ("end", {}),
])
def test_it_changes_nothing_without_the_confirmation(relationship, client_for, personas,
                                                     action, data):
    response = client_for(relationship.mentee).post(
        f"/mentorships/{relationship.pk}/{action}/", data)
    assert response.status_code == 400
    assert "Nothing has changed yet." in text_of(response, "not-confirmed")
    # The step is shown again, with what they typed kept and not yet judged.
    assert "What will happen" in text_of(response)
    if data.get("reason"):
        assert data["reason"] in response.content.decode()
    assert 'class="field-errors"' not in response.content.decode()
    relationship.refresh_from_db()
    assert relationship.state == "active" and relationship.ended_at is None
    assert places_taken(personas.mentor) == 1
    assert not Notification.objects.filter(kind__startswith="relationship.").exists()


def test_it_does_not_resume_without_the_confirmation(relationship, client_for):
    services.relationship_pause(actor=relationship.mentor, relationship=relationship)
    client = client_for(relationship.mentee)
    response = client.post(f"/mentorships/{relationship.pk}/resume/", {"confirm": "no"})
    assert response.status_code == 400
    relationship.refresh_from_db()
    assert relationship.state == "paused"
    response = client.post(f"/mentorships/{relationship.pk}/resume/", {"confirm": "yes"})
    assert response.status_code == 302
    assert response.url == f"/mentorships/{relationship.pk}/"
    relationship.refresh_from_db()
    assert relationship.state == "active"
    assert Notification.objects.filter(recipient=relationship.mentor,
                                       kind="relationship.resumed").exists()


def test_it_completes_with_the_confirmation(relationship, second, client_for, personas):
    response = client_for(personas.mentee).post(
        f"/mentorships/{relationship.pk}/complete/", {"confirm": "yes"})
    assert response.status_code == 302
    assert response.url == f"/mentorships/{relationship.pk}/reflection/"
    relationship.refresh_from_db()
    assert relationship.state == "completed" and relationship.ended_by == personas.mentee
    assert places_taken(personas.mentor) == 1  # the page said: 1 of 2 afterwards
    assert Notification.objects.filter(recipient=personas.mentor,
                                       kind="relationship.completed").exists()
    second.refresh_from_db()
    assert second.state == "active"


def test_it_ends_early_and_pauses_with_the_confirmation(relationship, client_for):
    client = client_for(relationship.mentor)
    until = timezone.localdate() + timedelta(days=20)
    response = client.post(f"/mentorships/{relationship.pk}/pause/", {
        "until": until.isoformat(), "reason": "Parental leave", "confirm": "yes"})
    assert response.status_code == 302 and response.url == f"/mentorships/{relationship.pk}/"
    relationship.refresh_from_db()
    assert relationship.state == "paused" and relationship.paused_until == until
    note = Notification.objects.get(recipient=relationship.mentee, kind="relationship.paused")
    assert note.body == "Parental leave"
    assert places_taken(relationship.mentor) == 1
    response = client.post(f"/mentorships/{relationship.pk}/end/",
                           {"reason": "Moving abroad", "confirm": "yes"})
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert relationship.state == "ended_early" and relationship.end_reason == "Moving abroad"
    assert places_taken(relationship.mentor) == 0


@pytest.mark.parametrize("who", ["outsider", "mentor2", "mentee2", "coordinator", "staff"])
def test_it_hides_the_pages_from_everyone_else(relationship, client_for, personas, who):
    client = client_for(getattr(personas, who))
    base = f"/mentorships/{relationship.pk}"
    assert client.get(f"{base}/manage/").status_code == 404
    for action in ("pause", "resume", "complete", "end"):
        assert client.get(f"{base}/{action}/").status_code == 404
        response = client.post(f"{base}/{action}/", {"reason": "x", "confirm": "yes"})
        assert response.status_code == 404
    relationship.refresh_from_db()
    assert relationship.state == "active"
    assert places_taken(personas.mentor) == 1


def test_it_has_nothing_to_manage_once_closed(relationship, client_for, personas):
    services.relationship_complete(actor=relationship.mentor, relationship=relationship)
    assert places_taken(personas.mentor) == 0
    client = client_for(relationship.mentee)
    page = client.get(f"/mentorships/{relationship.pk}/manage/")
    assert page.status_code == 200
    assert "This mentorship has closed" in text_of(page, "manage-closed")
    for action in ("pause", "resume", "complete", "end"):
        assert f'href="/mentorships/{relationship.pk}/{action}/"' not in page.content.decode()
    assert "Pause, complete or end…" not in text_of(
        client.get(f"/mentorships/{relationship.pk}/"))
    # A step of a closed mentorship, even confirmed, goes back to the page saying so.
    response = client.get(f"/mentorships/{relationship.pk}/end/")
    assert response.status_code == 302
    assert response.url == f"/mentorships/{relationship.pk}/manage/"
    response = client.post(f"/mentorships/{relationship.pk}/end/",
                           {"reason": "Again", "confirm": "yes"}, follow=True)
    assert "The mentorship has already closed." in text_of(response)
    relationship.refresh_from_db()
    assert relationship.state == Relationship.State.COMPLETED and relationship.end_reason == ""
    assert places_taken(personas.mentor) == 0


def test_it_keeps_what_was_typed_when_a_confirmed_step_has_an_error(relationship, client_for):
    response = client_for(relationship.mentee).post(
        f"/mentorships/{relationship.pk}/pause/",
        {"until": timezone.localdate().isoformat(), "reason": "Exams", "confirm": "yes"})
    assert response.status_code == 400
    assert "The resume date must be in the future." in text_of(response)
    assert "Exams" in response.content.decode()
    relationship.refresh_from_db()
    assert relationship.state == "active"
