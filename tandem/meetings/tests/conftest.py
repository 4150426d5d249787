import pytest

from tandem.mentorships.services import request_accept, request_create


@pytest.fixture
def rel(personas):
    """An active mentorship: Mia (Lisbon) mentored by Marta (Berlin)."""
    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hello!")
    return request_accept(actor=personas.mentor, request=req)
