import pytest

from tandem.mentorships.services import request_accept, request_create


@pytest.fixture
def ask(personas):
    """``ask(mentee=..., mentor=...)``: an open request made through the service."""

    def make(mentee=None, mentor=None, message="I would love your help with leading a team.",
             **kwargs):
        mentee = mentee or personas.mentee
        goals = kwargs.pop("goal_ids", [g.pk for g in mentee.career_goals.all()[:1]])
        return request_create(actor=mentee, mentor=mentor or personas.mentor, message=message,
                              goal_ids=goals, **kwargs)

    return make


@pytest.fixture
def relationship(personas, ask):
    """An active mentorship between the mentee and the mentor, agreement still a draft."""
    req = ask()
    return request_accept(actor=personas.mentor, request=req)
