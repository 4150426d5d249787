from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.mentorships.models import Agreement
from tandem.mentorships.services import agreement_confirm, request_accept, request_create


def confirmed_mentorship(mentee, mentor, **agreement):
    goals = [g.pk for g in mentee.career_goals.all()]
    req = request_create(actor=mentee, mentor=mentor, message="Hi", goal_ids=goals)
    rel = request_accept(actor=mentor, request=req)
    agreement_confirm(actor=rel.mentee, relationship=rel, version=1)
    agreement_confirm(actor=rel.mentor, relationship=rel, version=1)
    if agreement:
        Agreement.objects.filter(relationship=rel).update(**agreement)
    return rel


@pytest.fixture
def mentorship(personas):
    """Mia mentored by Marta, agreement confirmed (every two weeks, reports every 4)."""
    return confirmed_mentorship(personas.mentee, personas.mentor)


@pytest.fixture
def draft_mentorship(personas):
    """Noah mentored by Omar, the agreement still a draft."""
    req = request_create(actor=personas.mentee2, mentor=personas.mentor2, message="Hello")
    return request_accept(actor=personas.mentor2, request=req)


def later(days: float):
    return timezone.now() + timedelta(days=days)
