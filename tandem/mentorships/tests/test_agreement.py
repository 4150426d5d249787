from datetime import timedelta

import pytest

from tandem.core.errors import Conflict, ValidationFailed
from tandem.mentorships import services
from tandem.mentorships.models import Agreement
from tandem.notifications.models import Notification


def confirm_both(rel, version):
    """Whoever has not confirmed the draft yet confirms it."""
    draft = Agreement.objects.get(relationship=rel, version=version)
    result = draft
    for person, stamp in ((rel.mentee, draft.mentee_confirmed_at),
                          (rel.mentor, draft.mentor_confirmed_at)):
        if stamp is None:
            result = services.agreement_confirm(actor=person, relationship=rel, version=version)
    return result


def test_it_is_in_force_only_when_both_have_confirmed(relationship, client_for):
    rel = relationship
    page = client_for(rel.mentee).get(f"/mentorships/{rel.pk}/").content.decode()
    assert "Agreement pending" in page
    first = services.agreement_confirm(actor=rel.mentee, relationship=rel, version=1)
    assert first.status == "draft" and first.mentee_confirmed_at and not first.mentor_confirmed_at
    assert Notification.objects.filter(recipient=rel.mentor, kind="agreement.awaiting").exists()
    with pytest.raises(Conflict, match="confirmed this version already"):
        services.agreement_confirm(actor=rel.mentee, relationship=rel, version=1)
    both = services.agreement_confirm(actor=rel.mentor, relationship=rel, version=1)
    assert both.status == "confirmed" and both.confirmed_at
    page = client_for(rel.mentee).get(f"/mentorships/{rel.pk}/").content.decode()
    assert "Agreement pending" not in page and "Version 1, confirmed by both" in page


def test_it_keeps_every_version_and_says_what_changed(relationship, client_for, api_client):
    rel = relationship
    confirm_both(rel, 1)
    draft = services.agreement_propose(actor=rel.mentor, relationship=rel, changes={
        "cadence": "weekly", "duration_minutes": 45, "meeting_place": "https://meet.example/abc"})
    assert draft.version == 2 and draft.status == "draft"
    assert {c["field"] for c in draft.changes} == {"cadence", "duration_minutes", "meeting_place"}
    change = next(c for c in draft.changes if c["field"] == "cadence")
    assert (change["before"], change["after"]) == ("Every two weeks", "Every week")
    # Version 1 stays in force until both confirm version 2.
    assert Agreement.objects.get(relationship=rel, status="confirmed").version == 1
    page = client_for(rel.mentee).get(f"/mentorships/{rel.pk}/agreement/").content.decode()
    assert "What changes from version 1" in page and "Confirm version 2" in page
    confirm_both(rel, 2)
    statuses = dict(Agreement.objects.filter(relationship=rel).values_list("version", "status"))
    assert statuses == {1: "superseded", 2: "confirmed"}
    old = client_for(rel.mentor).get(f"/mentorships/{rel.pk}/agreement/v1/").content.decode()
    assert "Every two weeks" in old
    body = api_client(rel.mentee).get(f"/api/mentorships/{rel.pk}/agreement").json()
    assert body["current"]["version"] == 2 and body["draft"] is None and body["versions"] == [2, 1]


def test_it_counts_a_proposal_as_the_proposers_confirmation_and_asks_the_other(relationship):
    rel = relationship
    services.agreement_confirm(actor=rel.mentee, relationship=rel, version=1)
    services.agreement_propose(actor=rel.mentor, relationship=rel,
                               changes={"report_every_weeks": 2})
    draft = Agreement.objects.get(relationship=rel, status="draft")
    # The mentee confirmed the old text, not this one; the mentor agrees by proposing it.
    assert draft.mentee_confirmed_at is None and draft.mentor_confirmed_at is not None
    assert draft.report_every_weeks == 2
    note = Notification.objects.get(recipient=rel.mentee, kind="agreement.proposed")
    assert "proposed an update" in note.title
    done = services.agreement_confirm(actor=rel.mentee, relationship=rel, version=1)
    assert done.status == "confirmed"


def test_it_refuses_confirming_a_version_that_is_no_longer_current(relationship, api_client):
    rel = relationship
    confirm_both(rel, 1)
    services.agreement_propose(actor=rel.mentee, relationship=rel, changes={"weekday": 2})
    response = api_client(rel.mentor).post(f"/api/mentorships/{rel.pk}/agreement/confirm",
                                           {"version": 1})
    assert response.status_code == 409
    assert "no longer the one waiting" in response.json()["detail"]


@pytest.mark.parametrize("changes,field", [
    ({"end_date": "2020-01-01"}, "end_date"),
    ({"duration_minutes": 5}, "duration_minutes"),
    ({"cadence": "custom"}, "custom_interval_days"),
    ({"timezone": "Nowhere/Land"}, "timezone"),
    ({"objectives": [{"text": ""}]}, "objectives[0]"),
    ({"confidentiality": ""}, "confidentiality"),
    ({"meeting_time": "25:99"}, "meeting_time"),
    ({"report_every_weeks": 0}, "report_every_weeks"),
])
def test_it_names_the_field_at_fault(relationship, changes, field):
    with pytest.raises(ValidationFailed) as exc:
        services.agreement_propose(actor=relationship.mentor, relationship=relationship,
                                   changes=changes)
    assert field in {e["field"] for e in exc.value.errors}


def test_it_limits_a_mentorship_to_4_to_52_weeks(relationship):
    draft = Agreement.objects.get(relationship=relationship)
    with pytest.raises(ValidationFailed, match="4 to 52 weeks"):
        services.agreement_propose(actor=relationship.mentee, relationship=relationship, changes={
            "end_date": (draft.start_date + timedelta(weeks=60)).isoformat()})


def test_it_links_objectives_only_to_the_mentees_goals(relationship, personas):
    foreign = personas.mentee2.career_goals.first()
    with pytest.raises(ValidationFailed, match="mentee's career goals"):
        services.agreement_propose(actor=relationship.mentor, relationship=relationship,
                                   changes={"objectives": [{"text": "X", "goal_id": foreign.pk}]})
    own = personas.mentee.career_goals.last()
    draft = services.agreement_propose(actor=relationship.mentor, relationship=relationship,
                                       changes={"objectives": [{"text": "Talk", "goal_id": own.pk}]})
    assert draft.objectives == [{"text": "Talk", "goal_id": own.pk}]


def test_it_edits_the_agreement_on_its_page(relationship, client_for):
    rel = relationship
    client = client_for(rel.mentee)
    form = {
        "objective_0": "Lead a team of five", "objective_0_goal": str(
            rel.mentee.career_goals.first().pk),
        "objective_1": "Run better one-to-ones", "channel": "video",
        "meeting_place": "https://meet.example/x", "cadence": "biweekly", "weekday": "3",
        "meeting_time": "18:30", "timezone": "Europe/Lisbon", "duration_minutes": "60",
        "feedback_format": "written", "feedback_style": "direct", "feedback_timing": "at_meetings",
        "confidentiality": "Between us.", "report_every_weeks": "4",
        "start_date": "2027-01-04", "end_date": "2027-04-26",
    }
    assert client.post(f"/mentorships/{rel.pk}/agreement/", form).status_code == 302
    draft = Agreement.objects.get(relationship=rel)
    assert [o["text"] for o in draft.objectives] == ["Lead a team of five", "Run better one-to-ones"]
    assert draft.weekday == 3 and draft.meeting_time.strftime("%H:%M") == "18:30"
    bad = client.post(f"/mentorships/{rel.pk}/agreement/", {**form, "end_date": "2027-01-10"})
    assert bad.status_code == 400 and "A mentorship runs 4 to 52 weeks" in bad.content.decode()
    assert client.post(f"/mentorships/{rel.pk}/agreement/confirm/",
                       {"version": "1"}).status_code == 302


def test_it_freezes_the_agreement_when_the_mentorship_closes(relationship):
    services.relationship_complete(actor=relationship.mentee, relationship=relationship)
    with pytest.raises(Conflict, match="closed"):
        services.agreement_propose(actor=relationship.mentor, relationship=relationship,
                                   changes={"weekday": 1})


def test_it_reminds_both_of_a_draft_nobody_confirmed(relationship):
    from django.utils import timezone

    later = timezone.now() + timedelta(days=4)
    assert services.agreements_remind(now=later) == 1
    assert services.agreements_remind(now=later) == 0
    kinds = Notification.objects.filter(kind="agreement.reminder")
    assert {n.recipient for n in kinds} == {relationship.mentee, relationship.mentor}
