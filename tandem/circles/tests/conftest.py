from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def circle(personas):
    """Marta's mentor-led circle (size 3) with Noah as an active member."""
    from tandem.circles import services

    made = services.circle_create(actor=personas.mentor, topic="Leading a first team",
                                  mentor_led=True, size_limit=3, join_mode="request")
    services.member_invite(actor=personas.mentor, circle=made, user=personas.mentee2)
    services.invitation_respond(actor=personas.mentee2, circle=made, accept=True)
    made.refresh_from_db()
    return made


@pytest.fixture
def soon():
    return timezone.now() + timedelta(days=2)
