import pytest


@pytest.fixture
def rel(personas):
    """Mia (mentee) mentored by Marta (mentor), active, her goals attached to the request."""
    from tandem.mentorships.services import request_accept, request_create

    goals = [g.pk for g in personas.mentee.career_goals.all()]
    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hi",
                         goal_ids=goals)
    return request_accept(actor=personas.mentor, request=req)


@pytest.fixture
def other_rel(personas):
    """Noah (mentee2) mentored by Omar (mentor2): not Mia's nor Marta's."""
    from tandem.mentorships.services import request_accept, request_create

    req = request_create(actor=personas.mentee2, mentor=personas.mentor2, message="Hi")
    return request_accept(actor=personas.mentor2, request=req)
