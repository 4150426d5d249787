import pytest

from tandem.mentorships.services import request_accept, request_create


@pytest.fixture
def rel(personas):
    """Mia (mentee) mentored by Marta (mentor), active."""
    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hi")
    return request_accept(actor=personas.mentor, request=req)


@pytest.fixture
def other_rel(personas):
    """Noah (mentee2) mentored by Omar (mentor2): nothing to do with Mia and Marta."""
    req = request_create(actor=personas.mentee2, mentor=personas.mentor2, message="Hi")
    return request_accept(actor=personas.mentor2, request=req)
