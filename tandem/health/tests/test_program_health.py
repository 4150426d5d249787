"""A program's dashboard and its own health thresholds."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.core.errors import ValidationFailed
from tandem.health import selectors, services
from tandem.health.tests.test_pages import _age
from tandem.mentorships.models import Relationship
from tandem.programs.models import HEALTH_RULE_FIELDS
from tandem.programs.rules import DEFAULT_RULES


@pytest.fixture
def program(personas):
    from tandem.programs import services as programs

    today = timezone.localdate()
    return programs.program_create(
        actor=personas.coordinator, name="Cohort", applications_open=today,
        applications_close=today + timedelta(days=3), starts_on=today + timedelta(days=5),
        ends_on=today + timedelta(days=100))


def test_a_programs_rules_default_to_the_communitys(program):
    assert program.health_rules() == DEFAULT_RULES
    for name in HEALTH_RULE_FIELDS:
        assert getattr(program, f"health_{name}") == getattr(DEFAULT_RULES, name)


def test_a_programs_threshold_changes_a_relationships_health(program, mentorship, personas):
    _age(mentorship, 20)
    Relationship.objects.filter(pk=mentorship.pk).update(program=program)
    rel = Relationship.objects.get(pk=mentorship.pk)
    assert not [r for r in selectors.health_of(rel).reasons if r.code == "inactive"]
    services.program_rules_update(actor=personas.coordinator, program=program,
                                  changes={"inactive_attention_days": 10,
                                           "inactive_risk_days": 15})
    health = selectors.health_of(rel)
    assert health.state == "at_risk"
    assert "inactive" in {r.code for r in health.reasons}
    assert [h.relationship_id for h in selectors.at_risk(
        Relationship.objects.filter(program=program), rules=program.health_rules())] == [rel.pk]


def test_the_rules_are_checked(program, personas):
    with pytest.raises(ValidationFailed) as exc:
        services.program_rules_update(actor=personas.coordinator, program=program, changes={
            "inactive_attention_days": 50, "inactive_risk_days": 40, "auto_pause_days": 3,
            "bogus": 1})
    fields = {e["field"] for e in exc.value.errors}
    assert fields == {"auto_pause_days", "bogus"}
    with pytest.raises(ValidationFailed) as exc:
        services.program_rules_update(actor=personas.coordinator, program=program, changes={
            "inactive_attention_days": 50, "inactive_risk_days": 40})
    assert exc.value.errors[0]["field"] == "inactive_risk_days"


def test_the_coordinator_edits_the_rules_and_sees_the_dashboard(program, mentorship, personas,
                                                               client_for):
    Relationship.objects.filter(pk=mentorship.pk).update(program=program)
    _age(mentorship, 20)
    client = client_for(personas.coordinator)
    home = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert reverse("health:program_dashboard", args=[program.pk]) in home
    url = reverse("health:program_rules", args=[program.pk])
    data = {name: getattr(DEFAULT_RULES, name) for name in HEALTH_RULE_FIELDS}
    response = client.post(url, {**data, "inactive_attention_days": 5,
                                 "inactive_risk_days": 10})
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.health_inactive_risk_days == 10
    page = client.get(reverse("health:program_at_risk", args=[program.pk])).content.decode()
    assert "Nothing has happened in the mentorship for 20 days." in page
    assert reverse("health:program_nudge", args=[program.pk, mentorship.pk]) in page
    response = client.post(reverse("health:program_nudge", args=[program.pk, mentorship.pk]))
    assert response.status_code == 302
    # Not the community's: staff's community list does not have it; another coordinator 404.
    assert client_for(personas.mentor).get(url).status_code == 404
    assert client.get(reverse("health:nudge", args=[mentorship.pk])).status_code == 404


def test_a_programs_feedback_request_threshold_applies_to_the_pairs_own_health(
        program, mentorship, personas):
    from tandem.feedback.models import FeedbackRequest
    from tandem.feedback.services import feedback_request_create

    asked = feedback_request_create(actor=personas.mentee, relationship=mentorship,
                                    topic="My design doc")
    FeedbackRequest.objects.filter(pk=asked.pk).update(
        created_at=timezone.now() - timedelta(days=5))
    Relationship.objects.filter(pk=mentorship.pk).update(program=program)
    rel = Relationship.objects.get(pk=mentorship.pk)
    codes = {r.code for r in selectors.health_of(rel).reasons}
    assert not [c for c in codes if "feedback" in c]  # 5 days: within the default 14
    services.program_rules_update(actor=personas.coordinator, program=program,
                                  changes={"feedback_request_days": 3})
    rel = Relationship.objects.get(pk=mentorship.pk)
    codes = {r.code for r in selectors.health_of(rel).reasons}
    assert [c for c in codes if "feedback" in c]
