import pytest

from tandem.core.errors import ValidationFailed
from tandem.mentorships import services


def test_it_names_every_bad_text_field_of_a_reflection_at_once(relationship):
    services.relationship_complete(actor=relationship.mentee, relationship=relationship)
    with pytest.raises(ValidationFailed) as caught:
        services.reflection_submit(actor=relationship.mentee, relationship=relationship,
                                   achieved="  ", rating=5, would_recommend=True,
                                   private_remark="x" * 2001)
    assert caught.value.errors == [
        {"field": "achieved", "message": "This cannot be empty."},
        {"field": "private_remark", "message": "At most 2000 characters (this has 2001)."},
    ]


def test_it_names_every_agreement_text_too_long_and_keeps_them_trimmed(relationship):
    with pytest.raises(ValidationFailed) as caught:
        services.agreement_propose(actor=relationship.mentee, relationship=relationship,
                                   changes={"meeting_place": "x" * 301,
                                            "feedback_notes": "y" * 501})
    assert caught.value.message == "Please correct the errors."
    assert caught.value.errors == [
        {"field": "meeting_place", "message": "At most 300 characters."},
        {"field": "feedback_notes", "message": "At most 500 characters."}]
    draft = services.agreement_propose(
        actor=relationship.mentee, relationship=relationship,
        changes={"meeting_place": "  Café Central  ", "feedback_notes": None})
    assert (draft.meeting_place, draft.feedback_notes) == ("Café Central", "")
