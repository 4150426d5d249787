"""Each app's ``erase_user`` hook on its own: it removes what the erased person wrote in
that app and keeps what the other party wrote; each ``export_data`` holds the person's
part. The world is tandem.privacy.tests.world: Mia (mentee) and Marta (mentor)."""

from __future__ import annotations

from importlib import import_module

import pytest

from tandem.privacy.tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    return build_world(personas)


def hook(app: str, name: str = "erase_user"):
    return getattr(import_module(f"tandem.{app}.sections"), name)


def exists(obj) -> bool:
    return type(obj)._base_manager.filter(pk=obj.pk).exists()


def test_accounts_hook_deletes_goals_availability_and_tokens(world, personas):
    mia = world.mentee
    hook("accounts")(user=mia)
    assert not exists(world.objects["goal"])
    assert not exists(world.objects["milestone"])  # with its goal
    assert not mia.access_tokens.exists()
    assert not mia.profile.availability.exists()
    # Somebody else's goals are untouched.
    assert personas.mentee2.career_goals.exists()


def test_accounts_export_has_names_of_tokens_never_secrets(world):
    data = hook("accounts", "export_data")(user=world.mentee)
    assert data["access_tokens"][0]["name"].startswith("script")
    assert set(data["access_tokens"][0]) == {"name", "created_at", "last_used_at",
                                             "revoked_at"}
    assert data["email_addresses"] == [] or data["email_addresses"][0]["email"]


def test_mentorships_hook_withdraws_ends_and_scrubs(world):
    from tandem.mentorships.models import RequestMessage

    o = world.objects
    hook("mentorships")(user=world.mentee)
    o["open_request"].refresh_from_db()
    assert o["open_request"].state == "withdrawn" and o["open_request"].message == ""
    world.relationship.refresh_from_db()
    assert world.relationship.state == "ended_early"
    assert not RequestMessage.objects.filter(author=world.mentee).exists()
    # Marta's question on the request is hers and stays.
    assert RequestMessage.objects.filter(author=world.mentor).exists()


def test_meetings_hook_removes_agenda_and_actions_of_the_person(world):
    o = world.objects
    hook("meetings")(user=world.mentee)
    assert not exists(o["agenda_mia"]) and not exists(o["action_mia"])
    assert exists(o["agenda_marta"]) and exists(o["meeting"])


def test_feedback_hook_removes_what_the_person_wrote(world):
    o = world.objects
    hook("feedback")(user=world.mentee)
    for key in ("report_mia", "feedback_request", "mentor_feedback", "contribution"):
        assert not exists(o[key]), key
    assert exists(o["report_marta"])
    o["feedback_marta"].refresh_from_db()
    assert o["feedback_marta"].body.startswith("Great start")  # Marta's, kept
    assert o["feedback_marta"].reply == ""  # Mia's reply, gone


def test_growth_hook_removes_comments_and_assessments_of_the_person(world):
    o = world.objects
    hook("growth")(user=world.mentee)
    assert not exists(o["comment_mia"]) and not exists(o["assessment_mia"])
    assert exists(o["assessment_marta"])


def test_plans_hook_removes_items_the_person_added(world):
    o = world.objects
    hook("plans")(user=world.mentee)
    assert not exists(o["plan_item_mia"])
    assert exists(o["plan_item_marta"])


def test_journal_hook_removes_entries_and_notes_keeps_the_other_partys(world):
    o = world.objects
    hook("journal")(user=world.mentee)
    for key in ("entry_shared", "entry_private", "note_mia_private", "note_mia_shared"):
        assert not exists(o[key]), key
    assert exists(o["note_marta_private"]) and exists(o["note_marta_shared"])


def test_journal_export_never_holds_the_other_partys_private_notes(world):
    data = hook("journal", "export_data")(user=world.mentee)
    bodies = [n["body"] for n in data["notes"]]
    assert world.objects["note_mia_private"].body in bodies
    assert world.objects["note_marta_private"].body not in bodies


def test_advocacy_hook_removes_resources_and_answers_of_the_mentee(world):
    o = world.objects
    hook("advocacy")(user=world.mentee)
    assert not exists(o["resource_mia"])
    assert exists(o["resource_marta"])
    o["opportunity"].refresh_from_db()
    assert o["opportunity"].decline_reason == ""
    assert o["opportunity"].title.startswith("Meetup slot")


def test_advocacy_hook_removes_what_a_mentor_posted(world):
    o = world.objects
    hook("advocacy")(user=world.mentor)
    assert not exists(o["opportunity"]) and not exists(o["resource_marta"])
    assert exists(o["resource_mia"])


def test_safety_hook_keeps_the_report_without_its_text_or_reporter(world):
    report = world.objects["report_made"]
    assert hook("safety", "export_data")(user=world.mentee)["reports_made"]
    hook("safety")(user=world.mentee)
    report.refresh_from_db()
    assert report.reporter_id is None
    assert "MIA" not in report.details
    assert report.reported_user_id is not None


def test_safety_export_never_shows_reports_about_the_person(world, personas):
    data = hook("safety", "export_data")(user=personas.mentor2)
    assert data == {"reports_made": []}


def test_programs_hook_withdraws_and_removes_answers(world):
    participant = world.objects["participant"]
    hook("programs")(user=world.mentee)
    participant.refresh_from_db()
    assert participant.status == "withdrawn"
    assert participant.answers == [] and participant.team == ""


def test_health_hook_removes_the_text_of_nudges_sent(world, personas):
    from tandem.health.models import Nudge

    nudge = Nudge.objects.create(relationship=world.relationship, sent_by=personas.staff,
                                 message="Keep going")
    hook("health")(user=personas.staff)
    nudge.refresh_from_db()
    assert nudge.message == "" and nudge.relationship_id == world.relationship.pk


def test_notifications_hook_removes_the_persons_notifications(world):
    from tandem.notifications.models import Notification

    assert Notification.objects.filter(recipient=world.mentor).exists()
    hook("notifications")(user=world.mentee)
    assert not Notification.objects.filter(recipient=world.mentee).exists()
    assert Notification.objects.filter(recipient=world.mentor).exists()


def test_every_export_is_json_ready(world):
    import json

    from tandem.core import sections

    data = sections.export_data(user=world.mentee)
    json.dumps(data)  # no datetime, no model instance
    assert {"accounts", "mentorships", "meetings", "feedback", "growth", "plans", "journal",
            "advocacy", "safety", "programs", "health", "notifications"} <= set(data)


def test_erasing_the_mentor_keeps_the_mentees_content(world):
    from tandem.privacy.services import account_erase
    from tandem.privacy.tests.test_erasure_end_to_end import database_text

    account_erase(actor=world.mentor, confirmation="marta@example.com")
    text = database_text()
    assert not [m for m in world.marta_markers if m.lower() in text]
    # Mia's answers on what Marta posted (her reply to Marta's feedback, why she declined
    # Marta's opportunity) went with them; everything else of Mia's stays.
    answers = world.objects["opportunity"].decline_reason + world.objects["feedback_marta"].reply
    missing = [m for m in world.mia_markers if m.lower() not in text and m not in answers]
    assert not missing, missing
