import pytest

from tandem.mentorships.services import request_accept, request_create


@pytest.fixture
def rel(personas):
    """Mia mentored by Marta; her request named her first goal ("Lead a team")."""
    first = personas.mentee.career_goals.first()
    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hi",
                         goal_ids=[first.pk])
    return request_accept(actor=personas.mentor, request=req)


@pytest.fixture
def rel2(personas, rel):
    """Mia also mentored by Omar (no goals named in the request)."""
    req = request_create(actor=personas.mentee, mentor=personas.mentor2, message="Hello")
    return request_accept(actor=personas.mentor2, request=req)
