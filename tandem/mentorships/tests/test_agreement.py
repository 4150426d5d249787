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
    from django.utils import timezone

    rel = relationship
    client = client_for(rel.mentee)
    start = timezone.localdate() + timedelta(days=40)
    form = {
        "objective_0": "Lead a team of five", "objective_0_goal": str(
            rel.mentee.career_goals.first().pk),
        "objective_1": "Run better one-to-ones", "channel": "video",
        "meeting_place": "https://meet.example/x", "cadence": "biweekly", "weekday": "3",
        "meeting_time": "18:30", "timezone": "Europe/Lisbon", "duration_minutes": "60",
        "feedback_format": "written", "feedback_style": "direct", "feedback_timing": "at_meetings",
        "confidentiality": "Between us.", "report_every_weeks": "4",
        "start_date": start.isoformat(), "end_date": (start + timedelta(weeks=16)).isoformat(),
    }
    assert client.post(f"/mentorships/{rel.pk}/agreement/", form).status_code == 302
    draft = Agreement.objects.get(relationship=rel)
    assert [o["text"] for o in draft.objectives] == ["Lead a team of five", "Run better one-to-ones"]
    assert draft.weekday == 3 and draft.meeting_time.strftime("%H:%M") == "18:30"
    bad = client.post(f"/mentorships/{rel.pk}/agreement/", {**form, "end_date": (start + timedelta(days=6)).isoformat()})
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


def page_form(agreement, **overrides) -> dict:
    """What the agreement page posts when saved as shown, with ``overrides``."""
    from datetime import date, time

    from tandem.mentorships.services import AGREEMENT_FIELDS

    data = {}
    for field in AGREEMENT_FIELDS:
        if field == "objectives":
            continue
        value = getattr(agreement, field)
        if value is None:
            value = ""
        elif isinstance(value, time):
            value = value.strftime("%H:%M")
        elif isinstance(value, date):
            value = value.isoformat()
        data[field] = str(value)
    for index, item in enumerate(agreement.objectives):
        data[f"objective_{index}"] = item["text"]
        data[f"objective_{index}_goal"] = str(item["goal_id"] or "")
    data.update(overrides)
    return data


@pytest.mark.parametrize("value", ["18:00+05:00", "18:00Z"])
def test_it_refuses_a_meeting_time_with_a_timezone(relationship, api_client, value):
    response = api_client(relationship.mentor).patch(
        f"/api/mentorships/{relationship.pk}/agreement", {"meeting_time": value})
    assert response.status_code == 422
    assert response.json()["errors"] == [{
        "field": "meeting_time",
        "message": "A local time like 18:30; the timezone is a separate field."}]
    assert Agreement.objects.get(relationship=relationship).meeting_time is None


def test_it_never_shows_the_mentees_private_goals_to_the_mentor(relationship, client_for,
                                                               api_client):
    from tandem.growth.services import goal_create, goal_update

    rel = relationship
    secret = goal_create(actor=rel.mentee, title="Leave for a competitor", visibility="private")
    talk = rel.mentee.career_goals.get(title="Speak at a conference")
    agreement_url = f"/mentorships/{rel.pk}/agreement/"
    page = client_for(rel.mentor).get(agreement_url).content.decode()
    assert "Speak at a conference" in page  # shared with mentors: offered for linking
    assert "Leave for a competitor" not in page
    # A private goal cannot be linked: the same answer as for a goal that does not exist.
    with pytest.raises(ValidationFailed) as exc:
        services.agreement_propose(actor=rel.mentor, relationship=rel, changes={
            "objectives": [{"text": "Plan the move", "goal_id": secret.pk}]})
    assert exc.value.message == "Link one of the mentee's career goals."
    response = api_client(rel.mentor).patch(f"/api/mentorships/{rel.pk}/agreement", {
        "objectives": [{"text": "Plan the move", "goal_id": secret.pk}]})
    assert response.status_code == 422
    assert response.json()["detail"] == "Link one of the mentee's career goals."
    # Linked while shared, then made private: the mentor no longer sees which goal it was.
    services.agreement_propose(actor=rel.mentee, relationship=rel, changes={
        "objectives": [{"text": "Give a talk", "goal_id": talk.pk}]})
    confirm_both(rel, 1)
    goal_update(actor=rel.mentee, goal=talk, changes={"visibility": "private"})
    api = api_client(rel.mentor)
    for url in (agreement_url, f"/mentorships/{rel.pk}/agreement/v1/"):
        page = client_for(rel.mentor).get(url).content.decode()
        assert "Give a talk" in page
        assert "Speak at a conference" not in page and "Leave for a competitor" not in page
    for url in (f"/api/mentorships/{rel.pk}/agreement",
                f"/api/mentorships/{rel.pk}/agreement/versions/1"):
        body = api.get(url).json()
        assert "Speak at a conference" not in str(body)
        objectives = (body.get("current") or body)["objectives"]
        assert [o["goal_id"] for o in objectives] == [None]
    # A goal attached to the request stays shared until the mentee changes who sees it.
    lead = rel.mentee.career_goals.get(title="Lead a team")
    assert "Lead a team" in client_for(rel.mentor).get(agreement_url).content.decode()
    goal_update(actor=rel.mentee, goal=lead, changes={"visibility": "private"})
    assert "Lead a team" not in client_for(rel.mentor).get(agreement_url).content.decode()


def test_it_counts_saving_an_unchanged_draft_as_a_confirmation(relationship, api_client):
    rel = relationship
    services.agreement_propose(actor=rel.mentee, relationship=rel, changes={"weekday": 2})
    Notification.objects.all().delete()
    response = api_client(rel.mentor).patch(f"/api/mentorships/{rel.pk}/agreement", {})
    assert response.status_code == 200
    body = response.json()
    assert body["current"]["version"] == 1 and body["draft"] is None
    # The mentee hears that it is in force, not that the mentor "proposed an update".
    assert not Notification.objects.filter(kind="agreement.proposed").exists()
    assert Notification.objects.filter(recipient=rel.mentee, kind="agreement.confirmed").exists()
    # Saving an unchanged draft one has confirmed already changes nothing.
    services.agreement_propose(actor=rel.mentee, relationship=rel, changes={"weekday": 3})
    response = api_client(rel.mentee).patch(f"/api/mentorships/{rel.pk}/agreement",
                                            {"weekday": 3})
    assert response.status_code == 422 and response.json()["detail"] == "Nothing changed."
    draft = Agreement.objects.get(relationship=rel, status="draft")
    assert draft.mentee_confirmed_at is not None


def test_it_confirms_when_the_other_party_saves_the_page_unchanged(relationship, client_for):
    rel = relationship
    draft = services.agreement_propose(actor=rel.mentee, relationship=rel,
                                       changes={"weekday": 2, "meeting_time": "18:30"})
    url = f"/mentorships/{rel.pk}/agreement/"
    response = client_for(rel.mentor).post(url, page_form(draft), follow=True)
    assert "Version 1 is confirmed by both of you and now in force." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "confirmed" and draft.mentee_confirmed_at is not None


def test_it_says_a_saved_draft_without_objectives_is_not_confirmed(relationship, client_for):
    rel = relationship
    draft = Agreement.objects.get(relationship=rel)
    form = page_form(draft, objective_0="")
    response = client_for(rel.mentee).post(f"/mentorships/{rel.pk}/agreement/", form, follow=True)
    page = response.content.decode()
    assert "This counts as your confirmation" not in page
    assert "Add at least one objective" in page
    draft.refresh_from_db()
    assert draft.objectives == [] and draft.mentee_confirmed_at is None


def test_it_withdraws_a_change_that_is_changed_back(relationship):
    from tandem.core.models import AuditEntry

    rel = relationship
    confirm_both(rel, 1)
    services.agreement_propose(actor=rel.mentor, relationship=rel, changes={"weekday": 4})
    result = services.agreement_propose(actor=rel.mentor, relationship=rel,
                                        changes={"weekday": None})
    assert (result.version, result.status) == (1, "confirmed")
    assert list(Agreement.objects.filter(relationship=rel).values_list("version", "status")) == [
        (1, "confirmed")]
    note = Notification.objects.get(recipient=rel.mentee, kind="agreement.withdrawn")
    assert note.title.startswith("Marta Mentor withdrew the proposed change")
    assert AuditEntry.objects.filter(action="mentorships.agreement.withdrawn").exists()
    again = services.agreement_propose(actor=rel.mentee, relationship=rel, changes={"weekday": 1})
    assert again.version == 2  # a later proposal starts afresh


def test_it_lets_either_party_withdraw_a_proposed_change(relationship, client_for):
    rel = relationship
    with pytest.raises(Conflict, match="cannot be withdrawn"):
        services.agreement_withdraw_draft(actor=rel.mentee, relationship=rel)
    confirm_both(rel, 1)
    with pytest.raises(Conflict, match="no proposed change"):
        services.agreement_withdraw_draft(actor=rel.mentee, relationship=rel)
    services.agreement_propose(actor=rel.mentor, relationship=rel, changes={"cadence": "weekly"})
    current = services.agreement_withdraw_draft(actor=rel.mentee, relationship=rel)
    assert current.version == 1 and current.cadence == "biweekly"
    assert not Agreement.objects.filter(relationship=rel, status="draft").exists()
    note = Notification.objects.get(recipient=rel.mentor, kind="agreement.withdrawn")
    assert "Mia Mentee withdrew the proposed change" in note.title
    page = client_for(rel.mentor).get(f"/mentorships/{rel.pk}/agreement/").content.decode()
    assert "waiting for confirmation" not in page and "In force: version 1" in page


@pytest.mark.parametrize("days", [-366, 366])
def test_it_starts_a_mentorship_within_a_year_of_today(relationship, client_for, days):
    from django.utils import timezone

    rel = relationship
    start = timezone.localdate() + timedelta(days=days)
    changes = {"start_date": start.isoformat(),
               "end_date": (start + timedelta(weeks=12)).isoformat()}
    with pytest.raises(ValidationFailed, match="Start within a year of today.") as exc:
        services.agreement_propose(actor=rel.mentee, relationship=rel, changes=changes)
    assert exc.value.field == "start_date"
    draft = Agreement.objects.get(relationship=rel)
    response = client_for(rel.mentee).post(f"/mentorships/{rel.pk}/agreement/",
                                           page_form(draft, **changes))
    assert response.status_code == 400
    assert "Start within a year of today." in response.content.decode()
    near = timezone.localdate() + timedelta(days=-365 if days < 0 else 365)
    # A start never comes before the mentorship began: this one began long ago.
    type(rel).objects.filter(pk=rel.pk).update(
        started_at=timezone.now() - timedelta(days=400))
    rel.refresh_from_db()
    services.agreement_propose(actor=rel.mentee, relationship=rel, changes={
        "start_date": near.isoformat(), "end_date": (near + timedelta(weeks=12)).isoformat()})


def test_it_keeps_every_objective_when_the_page_is_saved(relationship, client_for):
    rel = relationship
    objectives = [{"text": f"Objective number {i}"} for i in range(8)]
    draft = services.agreement_propose(actor=rel.mentor, relationship=rel,
                                       changes={"objectives": objectives})
    url = f"/mentorships/{rel.pk}/agreement/"
    client = client_for(rel.mentee)
    page = client.get(url).content.decode()
    assert 'name="objective_8"' in page and 'name="objective_9"' not in page  # one free row
    response = client.post(url, page_form(draft, objective_8="Objective number 8"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert [o["text"] for o in draft.objectives] == [f"Objective number {i}" for i in range(9)]
    services.agreement_propose(actor=rel.mentor, relationship=rel, changes={
        "objectives": [{"text": f"Objective number {i}"} for i in range(10)]})
    page = client.get(url).content.decode()
    assert 'name="objective_9"' in page and 'name="objective_10"' not in page  # at most 10


@pytest.mark.parametrize("path,payload,field", [
    ("agreement", {"weekday": "2"}, "weekday"),
    ("agreement", {"duration_minutes": 45.0}, "duration_minutes"),
    ("agreement", {"weekdy": 2}, "weekdy"),
    ("agreement", {"objectives": [{"text": "Talk", "goal_id": "1"}]}, "goal_id"),
    ("agreement", {"objectives": [{"text": "Talk", "due": "soon"}]}, "due"),
    ("agreement/confirm", {"version": "1"}, "version"),
    ("agreement/confirm", {"version": True}, "version"),
    ("agreement/confirm", {"version": 1, "force": True}, "force"),
])
def test_it_refuses_loose_or_unknown_agreement_input_over_the_api(relationship, api_client,
                                                                  path, payload, field):
    client = api_client(relationship.mentee)
    url = f"/api/mentorships/{relationship.pk}/{path}"
    response = client.post(url, payload) if path.endswith("confirm") else client.patch(url, payload)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].endswith(field)
    draft = Agreement.objects.get(relationship=relationship)
    assert draft.mentee_confirmed_at is None and draft.weekday is None


def test_it_says_on_the_page_when_a_change_back_withdrew_the_proposal(relationship,
                                                                     client_for):
    rel = relationship
    confirm_both(rel, 1)
    in_force = Agreement.objects.get(relationship=rel, status="confirmed")
    services.agreement_propose(actor=rel.mentor, relationship=rel, changes={"cadence": "weekly"})
    response = client_for(rel.mentor).post(f"/mentorships/{rel.pk}/agreement/",
                                           page_form(in_force), follow=True)
    assert ("That is what version 1 says, so the proposed change was withdrawn; version 1 "
            "stays in force.") in response.content.decode()
    assert not Agreement.objects.filter(relationship=rel, status="draft").exists()
