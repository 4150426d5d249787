import pytest
from django.utils import timezone

from tandem.core.errors import ValidationFailed
from tandem.feedback import selectors, services
from tandem.feedback.tests.test_reports import rel  # noqa: F401  (the fixture)


def test_it_names_every_bad_text_field_of_a_report_at_once(rel):  # noqa: F811
    due = next(d for d in selectors.due_dates(rel) if d <= timezone.localdate())
    with pytest.raises(ValidationFailed) as caught:
        services.report_submit(actor=rel.mentee, relationship=rel, due_date=due,
                               went_well="", obstacles="x" * 4001, satisfaction=4,
                               cadence_fit="right")
    assert caught.value.errors == [
        {"field": "went_well", "message": "This cannot be empty."},
        {"field": "obstacles", "message": "At most 4000 characters."},
    ]
