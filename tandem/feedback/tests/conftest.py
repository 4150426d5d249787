import pytest
from django.utils import timezone

from tandem.mentorships.services import agreement_confirm, request_accept, request_create


@pytest.fixture
def mentorship(personas):
    """Mia mentored by Marta, her goals attached to the request, the agreement confirmed."""
    goals = [g.pk for g in personas.mentee.career_goals.all()]
    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hi",
                         goal_ids=goals)
    rel = request_accept(actor=personas.mentor, request=req)
    agreement_confirm(actor=rel.mentee, relationship=rel, version=1)
    agreement_confirm(actor=rel.mentor, relationship=rel, version=1)
    return rel


@pytest.fixture
def other_mentorship(personas):
    """Noah mentored by Omar: a relationship whose objects Mia and Marta must not reach."""
    req = request_create(actor=personas.mentee2, mentor=personas.mentor2, message="Hello")
    return request_accept(actor=personas.mentor2, request=req)


@pytest.fixture
def meeting(mentorship):
    from datetime import time, timedelta

    from tandem.meetings.services import meeting_schedule

    # Held: feedback can be about a meeting that took place only.
    return meeting_schedule(actor=mentorship.mentor, relationship=mentorship,
                            day=timezone.localdate() - timedelta(days=5), at=time(10, 0),
                            tz="UTC", held=True)
