"""An agreement version cannot start before the mentorship began."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.core.errors import ValidationFailed
from tandem.mentorships import services
from tandem.mentorships.models import Agreement, Relationship


def _began(rel, days_ago):
    Relationship.objects.filter(pk=rel.pk).update(
        started_at=timezone.now() - timedelta(days=days_ago))
    rel.refresh_from_db()
    return timezone.localtime(rel.started_at).date()


def test_it_refuses_a_start_before_the_mentorship_began_in_the_api(relationship, api_client):
    began = _began(relationship, 10)
    start = began - timedelta(days=1)
    response = api_client(relationship.mentee).patch(
        f"/api/mentorships/{relationship.pk}/agreement",
        {"start_date": start.isoformat(), "end_date": (start + timedelta(weeks=12)).isoformat()})
    assert response.status_code == 422
    message = f"Start on or after the day the mentorship began ({began.day} {began:%B %Y})."
    assert {"field": "start_date", "message": message} in response.json()["errors"]
    assert Agreement.objects.get(relationship=relationship).start_date == timezone.localdate()


def test_it_refuses_a_start_before_the_mentorship_began_on_the_page(relationship, client_for):
    from tandem.mentorships.tests.test_agreement import page_form

    began = _began(relationship, 3)
    start = began - timedelta(days=5)
    draft = Agreement.objects.get(relationship=relationship)
    response = client_for(relationship.mentee).post(
        f"/mentorships/{relationship.pk}/agreement/",
        page_form(draft, start_date=start.isoformat(),
                  end_date=(start + timedelta(weeks=12)).isoformat()))
    assert response.status_code == 400
    assert "Start on or after the day the mentorship began" in response.content.decode()


def test_it_accepts_the_day_it_began_and_keeps_an_older_start_that_does_not_move(relationship):
    began = _began(relationship, 20)
    draft = services.agreement_propose(actor=relationship.mentee, relationship=relationship,
                                       changes={"start_date": began.isoformat(),
                                                "end_date": (began + timedelta(weeks=12))
                                                .isoformat()})
    assert draft.start_date == began
    # A version that starts earlier (data from before this rule) can still be amended when
    # its start stays where it is.
    Agreement.objects.filter(pk=draft.pk).update(start_date=began - timedelta(days=2))
    services.agreement_propose(actor=relationship.mentee, relationship=relationship,
                               changes={"cadence": "weekly"})
    with pytest.raises(ValidationFailed) as exc:
        services.agreement_propose(actor=relationship.mentee, relationship=relationship,
                                   changes={"start_date": (began - timedelta(days=1))
                                            .isoformat()})
    assert exc.value.field == "start_date"
