"""A nudge's own message: optional, trimmed, at most 1000 characters."""

import pytest

from tandem.core.errors import ValidationFailed
from tandem.health.models import Nudge
from tandem.health.services import nudge_send


def test_it_names_the_length_of_a_message_too_long(mentorship, personas):
    with pytest.raises(ValidationFailed) as caught:
        nudge_send(actor=personas.staff, relationship=mentorship, message=" " + "x" * 1001)
    assert caught.value.errors == [
        {"field": "message", "message": "At most 1000 characters (this has 1001)."}]
    assert not Nudge.objects.exists()


def test_it_keeps_an_optional_message_trimmed(mentorship, personas):
    assert nudge_send(actor=personas.staff, relationship=mentorship, message=None).message == ""
    nudge = nudge_send(actor=personas.staff, relationship=mentorship, message="  Hi  ")
    assert nudge.message == "Hi"
