import pytest

from tandem.mentorships.services import request_accept, request_create


@pytest.fixture
def rel(personas):
    """Mia (mentee) mentored by Marta (mentor), active; Mia's first goal is attached to
    the request, so it is shared with the mentorship."""
    goal = personas.mentee.career_goals.order_by("position", "id").first()
    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hi",
                         goal_ids=[goal.pk])
    return request_accept(actor=personas.mentor, request=req)


@pytest.fixture
def other_rel(personas):
    """Noah (mentee2) mentored by Omar (mentor2): nothing to do with Mia and Marta."""
    req = request_create(actor=personas.mentee2, mentor=personas.mentor2, message="Hi")
    return request_accept(actor=personas.mentor2, request=req)


@pytest.fixture
def post(rel, personas):
    from tandem.conversations.services import message_post

    def make(author=None, body="Hello", relationship=None, **refs):
        return message_post(actor=author or personas.mentor,
                            relationship=relationship or rel, body=body, **refs)

    return make


def backdate(message, **delta):
    from datetime import timedelta

    from tandem.conversations.models import Message

    at = message.created_at - timedelta(**delta)
    Message.objects.filter(pk=message.pk).update(created_at=at)
    message.created_at = at
    return message
