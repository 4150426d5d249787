from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from tandem.mentorships.services import agreement_confirm, request_accept, request_create


@pytest.fixture
def mentorship(personas):
    """Mia (Lisbon) mentored by Marta (Berlin), the agreement confirmed."""
    goals = [g.pk for g in personas.mentee.career_goals.all()]
    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hi",
                         goal_ids=goals)
    rel = request_accept(actor=personas.mentor, request=req)
    agreement_confirm(actor=rel.mentee, relationship=rel, version=1)
    agreement_confirm(actor=rel.mentor, relationship=rel, version=1)
    return rel


def utc(day, hour, minute=0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


@pytest.fixture
def tomorrow():
    return timezone.now().date() + timedelta(days=1)


@pytest.fixture
def next_monday():
    """The next Monday after today (a week from today if today is one)."""
    today = timezone.now().date()
    return today + timedelta(days=7 - today.weekday())
