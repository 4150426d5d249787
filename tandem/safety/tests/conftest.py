import pytest

from tandem.mentorships.services import request_accept, request_create


@pytest.fixture
def mentorship(personas):
    """Mia mentored by Marta."""
    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hi")
    return request_accept(actor=personas.mentor, request=req)


@pytest.fixture
def other_mentorship(personas):
    """Noah mentored by Omar: Mia and Marta are no party to it."""
    req = request_create(actor=personas.mentee2, mentor=personas.mentor2, message="Hello")
    return request_accept(actor=personas.mentor2, request=req)


@pytest.fixture
def report(personas):
    """Mia reports Marta (a mentor: her page is public) for spam."""
    from tandem.safety.services import report_create

    return report_create(actor=personas.mentee, category="spam_or_scam",
                         details="Sent me a crypto offer three times.",
                         profile_id=personas.mentor.profile.pk)
