"""Posting, references, the edit window, deleting, read state and unread counts."""

from datetime import timedelta

import pytest

from tandem.conversations import selectors, services
from tandem.conversations.models import Message
from tandem.conversations.tests.conftest import backdate
from tandem.core.errors import Conflict, Forbidden, ValidationFailed


def test_it_posts_a_message_with_markdown(rel, personas, post):
    m = post(body="  **Hi** Mia, see <script>x</script> [docs](https://example.org)  ")
    assert m.body.startswith("**Hi**")
    assert m.author == personas.mentor
    assert selectors.unread_in(rel, personas.mentee) == 1
    assert selectors.unread_in(rel, personas.mentor) == 0  # one's own message is seen


def test_it_refuses_an_empty_or_long_message(post):
    with pytest.raises(ValidationFailed) as exc:
        post(body="   ")
    assert exc.value.field == "body"
    with pytest.raises(ValidationFailed) as exc:
        post(body="x" * 5001)
    assert exc.value.field == "body"


def test_it_refuses_a_stranger(rel, personas):
    with pytest.raises(Forbidden):
        services.message_post(actor=personas.outsider, relationship=rel, body="Hi")


def test_it_links_a_shared_goal_and_refuses_an_unshared_one(rel, personas, post):
    from tandem.accounts.models import CareerGoal

    shared, unshared = personas.mentee.career_goals.order_by("position", "id")[:2]
    CareerGoal.objects.filter(pk=unshared.pk).update(visibility="private")
    m = post(goal_id=shared.pk)
    assert m.goal == shared
    with pytest.raises(ValidationFailed) as exc:
        post(goal_id=unshared.pk)
    assert exc.value.field == "goal_id"
    noah_goal = personas.mentee2.career_goals.first()
    with pytest.raises(ValidationFailed):
        post(goal_id=noah_goal.pk)


def test_it_links_a_meeting_or_feedback_of_this_mentorship_only(rel, other_rel, personas, post):
    from datetime import date, time

    from tandem.feedback.services import feedback_give
    from tandem.meetings.services import meeting_schedule

    later = date.today() + timedelta(days=10)
    meeting = meeting_schedule(actor=personas.mentor, relationship=rel, day=later,
                               at=time(10), tz="UTC")
    other = meeting_schedule(actor=personas.mentor2, relationship=other_rel, day=later,
                             at=time(10), tz="UTC")
    entry = feedback_give(actor=personas.mentor, relationship=rel, kind="positive",
                          body="Great talk")
    assert post(meeting_id=meeting.pk).meeting == meeting
    assert post(feedback_id=entry.pk).feedback == entry
    with pytest.raises(ValidationFailed) as exc:
        post(meeting_id=other.pk)
    assert exc.value.field == "meeting_id"
    with pytest.raises(ValidationFailed) as exc:
        post(meeting_id=meeting.pk, feedback_id=entry.pk)
    assert exc.value.field == "feedback_id"


def test_a_closed_mentorship_is_read_only(rel, personas, post):
    from tandem.mentorships.services import relationship_complete

    post(body="Before")
    relationship_complete(actor=personas.mentor, relationship=rel)
    rel.refresh_from_db()
    with pytest.raises(Conflict, match="closed"):
        post(body="After", relationship=rel)


def test_a_frozen_account_makes_the_conversation_read_only(rel, personas, post):
    from tandem.safety.services import account_freeze

    account_freeze(actor=personas.staff, user=personas.mentee, reason="Spam")
    rel.mentee.refresh_from_db()
    with pytest.raises(Conflict, match="frozen"):
        post(body="Hi")


def test_it_edits_within_the_window_only(personas, post):
    m = post(body="Frist")
    m = services.message_edit(actor=personas.mentor, message=m, body="First")
    assert m.edited_at is not None
    assert Message.objects.get(pk=m.pk).body == "First"
    with pytest.raises(Forbidden):
        services.message_edit(actor=personas.mentee, message=m, body="Mine now")
    backdate(m, minutes=16)
    with pytest.raises(Conflict, match="15 minutes"):
        services.message_edit(actor=personas.mentor, message=m, body="Late")


def test_it_deletes_the_text_from_the_database(rel, personas, post):
    goal = personas.mentee.career_goals.order_by("position", "id").first()
    m = post(body="A secret to take back", goal_id=goal.pk)
    with pytest.raises(Forbidden):
        services.message_delete(actor=personas.mentee, message=m)
    services.message_delete(actor=personas.mentor, message=m)
    row = Message.objects.get(pk=m.pk)
    assert row.body == "" and row.goal_id is None and row.deleted_at is not None
    assert not Message.objects.filter(body__contains="secret").exists()
    with pytest.raises(Conflict):
        services.message_edit(actor=personas.mentor, message=row, body="Back")
    assert selectors.unread_in(rel, personas.mentee) == 0  # nothing left to read


def test_marking_read_only_moves_forward(rel, personas, post):
    first, second = post(body="One"), post(body="Two")
    assert selectors.unread_total(personas.mentee) == 2
    services.conversation_mark_read(actor=personas.mentee, relationship=rel, up_to=second.pk)
    services.conversation_mark_read(actor=personas.mentee, relationship=rel, up_to=first.pk)
    assert selectors.unread_total(personas.mentee) == 0
    post(body="Three")
    assert selectors.unread_total(personas.mentee) == 1


def test_unread_counts_span_mentorships_but_not_other_peoples(rel, personas, post):
    from tandem.mentorships.services import request_accept, request_create

    req = request_create(actor=personas.mentee2, mentor=personas.mentor, message="Hi")
    rel2 = request_accept(actor=personas.mentor, request=req)
    post(body="To Mia")
    assert selectors.unread_total(personas.mentee) == 1
    post(author=personas.mentee, body="To Marta")
    post(author=personas.mentee2, body="To Marta too", relationship=rel2)
    assert selectors.unread_total(personas.mentor) == 2
    # Replying is having read: Mia's answer moved her past Marta's message.
    assert selectors.unread_total(personas.mentee) == 0
    assert selectors.unread_total(personas.mentee2) == 0
    assert selectors.unread_total(personas.outsider) == 0


def test_search_finds_only_my_conversations(rel, other_rel, personas, post):
    post(body="Let us talk about Kubernetes")
    post(author=personas.mentor2, relationship=other_rel, body="Kubernetes for Noah")
    found = selectors.search(personas.mentee, "kubernetes")
    assert [m.body for m in found] == ["Let us talk about Kubernetes"]
    assert selectors.search(personas.outsider, "kubernetes") == []
    assert selectors.search(personas.coordinator, "kubernetes") == []


def test_the_thread_pages_from_the_end(rel, post):
    made = [post(body=f"m{i}") for i in range(7)]
    page = selectors.thread_page(rel, limit=3)
    assert [m.body for m in page.messages] == ["m4", "m5", "m6"]
    assert page.has_older and not page.has_newer
    older = selectors.thread_page(rel, before=page.first_id, limit=3)
    assert [m.body for m in older.messages] == ["m1", "m2", "m3"]
    assert older.has_older and older.has_newer
    start = selectors.thread_page(rel, start=made[2].pk, limit=3)
    assert [m.body for m in start.messages] == ["m2", "m3", "m4"]
    assert [m.body for m in selectors.messages_after(rel, made[5].pk)] == ["m6"]
