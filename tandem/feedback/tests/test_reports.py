from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.core.errors import Conflict, ValidationFailed
from tandem.feedback import selectors, services
from tandem.mentorships.models import Agreement
from tandem.mentorships.services import agreement_confirm, request_accept, request_create
from tandem.notifications.models import Notification


@pytest.fixture
def rel(personas):
    """Mia mentored by Marta for nine weeks, reporting every four weeks."""
    goals = [g.pk for g in personas.mentee.career_goals.all()]
    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hi",
                         goal_ids=goals)
    rel = request_accept(actor=personas.mentor, request=req)
    agreement_confirm(actor=rel.mentee, relationship=rel, version=1)
    agreement_confirm(actor=rel.mentor, relationship=rel, version=1)
    today = timezone.localdate()
    Agreement.objects.filter(relationship=rel).update(
        start_date=today - timedelta(weeks=9), end_date=today + timedelta(weeks=20),
        report_every_weeks=4)
    return rel


def report(rel, author, due, **kwargs):
    goal = rel.mentee.career_goals.first()
    args = {"went_well": "We met twice.", "satisfaction": 4, "cadence_fit": "right",
            "goal_progress": [{"goal_id": goal.pk, "status": "in_progress", "percent": 40}],
            **kwargs}
    return services.report_submit(actor=author, relationship=rel, due_date=due, **args)


def test_it_falls_due_on_the_agreements_report_cadence(rel):
    start = timezone.localdate() - timedelta(weeks=9)
    assert selectors.due_dates(rel) == [start + timedelta(weeks=4), start + timedelta(weeks=8),
                                        start + timedelta(weeks=12)]
    periods = selectors.periods(rel, rel.mentee)
    assert [p.writable for p in periods] == [False, True, True]  # newest first
    assert periods[2].overdue and not periods[1].overdue


def test_it_takes_one_report_per_party_per_date_and_both_read_both(rel, client_for, personas):
    due = selectors.due_dates(rel)[0]
    mine = report(rel, rel.mentee, due, needs=[{"need": "Interview practice", "action": "add"}])
    with pytest.raises(Conflict, match="already"):
        report(rel, rel.mentee, due)
    theirs = report(rel, rel.mentor, due, satisfaction=5, went_well="Mia prepares well.")
    assert Notification.objects.filter(recipient=rel.mentor, kind="report.submitted").exists()
    page = client_for(rel.mentor).get(f"/reports/{mine.pk}/").content.decode()
    assert "Interview practice" in page and "We met twice." in page
    assert client_for(rel.mentee).get(f"/reports/{theirs.pk}/").status_code == 200
    assert client_for(personas.outsider).get(f"/reports/{mine.pk}/").status_code == 404
    assert client_for(personas.mentee2).get(f"/mentorships/{rel.pk}/reports/").status_code == 404


@pytest.mark.parametrize("kwargs,field", [
    ({"satisfaction": 6}, "satisfaction"),
    ({"cadence_fit": "whenever"}, "cadence_fit"),
    ({"went_well": " "}, "went_well"),
    ({"goal_progress": [{"goal_id": 999999, "status": "achieved", "percent": 100}]},
     "goal_progress[0].goal_id"),
    ({"goal_progress": "lots"}, "goal_progress[0]"),
    ({"needs": [{"need": "x", "action": "burn"}]}, "needs[0].action"),
])
def test_it_names_the_field_at_fault(rel, kwargs, field):
    with pytest.raises(ValidationFailed) as exc:
        report(rel, rel.mentee, selectors.due_dates(rel)[0], **kwargs)
    assert exc.value.field == field


def test_it_refuses_a_date_that_is_not_a_due_date_or_not_due_yet(rel):
    with pytest.raises(ValidationFailed, match="No report is due"):
        report(rel, rel.mentee, timezone.localdate())
    far = selectors.due_dates(rel)[-1]
    if far > timezone.localdate() + timedelta(days=7):
        with pytest.raises(ValidationFailed, match="not due yet"):
            report(rel, rel.mentee, far)


def test_it_opens_an_amendment_when_the_mentee_proposes_objectives(rel):
    report(rel, rel.mentee, selectors.due_dates(rel)[0],
           proposed_objectives=["Lead the Q3 project", "Mentor an intern"])
    draft = Agreement.objects.get(relationship=rel, status="draft")
    # Added to the objectives already agreed, which keep their goal links.
    texts = [o["text"] for o in draft.objectives]
    assert texts[-2:] == ["Lead the Q3 project", "Mentor an intern"] and len(texts) >= 3
    assert draft.objectives[0]["goal_id"] is not None
    assert draft.mentee_confirmed_at and not draft.mentor_confirmed_at
    with pytest.raises(ValidationFailed, match="mentee proposes"):
        report(rel, rel.mentor, selectors.due_dates(rel)[0], proposed_objectives=["X"])


def test_it_reminds_of_due_and_overdue_reports_once(rel):
    # The report due a week ago is due for both; the one five weeks ago is long past the
    # reminder window (it was reminded when it fell due).
    assert services.reports_remind() == 2
    assert services.reports_remind() == 0
    later = timezone.localdate() + timedelta(days=2)
    assert services.reports_remind(today=later) == 2  # now a week late: overdue, once
    assert services.reports_remind(today=later) == 0
    kinds = sorted(Notification.objects.filter(kind__startswith="report.").values_list(
        "kind", flat=True))
    assert kinds == ["report.due", "report.due", "report.overdue", "report.overdue"]


def test_it_keeps_reports_and_due_dates_true_when_the_cadence_changes(rel):
    from tandem.mentorships.services import agreement_confirm, agreement_propose

    first, second = selectors.due_dates(rel)[:2]
    report(rel, rel.mentee, first)
    report(rel, rel.mentor, first)
    agreement_propose(actor=rel.mentor, relationship=rel, changes={"report_every_weeks": 3})
    agreement_confirm(actor=rel.mentee, relationship=rel, version=2)
    dates = selectors.due_dates(rel)
    assert first in dates and second in dates  # history stays as it was
    assert all((d - dates[0]).days % 7 == 0 for d in dates)
    periods = selectors.periods(rel, rel.mentee)
    assert next(p for p in periods if p.due_date == first).mine is not None
    assert max(dates) > timezone.localdate()  # the next one under the new cadence


def test_it_hides_progress_on_goals_made_private_from_the_mentor(rel, client_for, api_client):
    from tandem.growth.services import goal_create

    # Shared with mentors, but not one of the goals the request named.
    goal = goal_create(actor=rel.mentee, title="Write a conference talk")
    written = report(rel, rel.mentee, selectors.due_dates(rel)[0], goal_progress=[
        {"goal_id": goal.pk, "status": "in_progress", "percent": 20}])
    goal.visibility = "private"
    goal.save()
    assert goal.title not in client_for(rel.mentor).get(f"/reports/{written.pk}/").content.decode()
    assert api_client(rel.mentor).get(f"/api/reports/{written.pk}").json()["goal_progress"] == []
    history = client_for(rel.mentor).get(f"/mentorships/{rel.pk}/reports/history/")
    assert goal.title not in history.content.decode()
    assert goal.title in client_for(rel.mentee).get(f"/reports/{written.pk}/").content.decode()


def test_it_refuses_the_same_goal_twice(rel):
    goal = rel.mentee.career_goals.first()
    with pytest.raises(ValidationFailed, match="each goal once"):
        report(rel, rel.mentee, selectors.due_dates(rel)[0], goal_progress=[
            {"goal_id": goal.pk, "status": "achieved", "percent": 100},
            {"goal_id": goal.pk, "status": "not_started", "percent": 0}])


def test_it_reminds_at_a_constant_cost_however_long_the_history(rel, django_assert_max_num_queries):
    services.reports_remind()
    with django_assert_max_num_queries(6):
        services.reports_remind()


def test_it_writes_a_report_on_the_page(rel, client_for):
    due = selectors.due_dates(rel)[1]
    goal = rel.mentee.career_goals.first()
    client = client_for(rel.mentee)
    url = f"/mentorships/{rel.pk}/reports/{due.isoformat()}/write/"
    form = {f"goal_{goal.pk}_status": "achieved", f"goal_{goal.pk}_percent": "100",
            "went_well": "I led my first planning.", "satisfaction": "5",
            "cadence_fit": "too_rare", "need_0": "More feedback on talks", "need_0_action": "add"}
    for other in rel.mentee.career_goals.exclude(pk=goal.pk):
        form |= {f"goal_{other.pk}_status": "not_started", f"goal_{other.pk}_percent": "0"}
    bad = client.post(url, {**form, f"goal_{goal.pk}_percent": "140"})
    assert bad.status_code == 400
    assert client.post(url, form).status_code == 302
    history = client.get(f"/mentorships/{rel.pk}/reports/history/").content.decode()
    assert "<svg" in history and "Satisfaction with the mentorship" in history
    assert "Progress: Lead a team" in history


def test_it_serves_reports_over_the_api(rel, api_client):
    due = selectors.due_dates(rel)[0]
    goal = rel.mentee.career_goals.first()
    response = api_client(rel.mentor).post(f"/api/mentorships/{rel.pk}/reports", {
        "due_date": due.isoformat(), "went_well": "Good", "satisfaction": 4,
        "cadence_fit": "right",
        "goal_progress": [{"goal_id": goal.pk, "status": "in_progress", "percent": 30}]})
    assert response.status_code == 201
    periods = api_client(rel.mentee).get(f"/api/mentorships/{rel.pk}/reports").json()
    first = next(p for p in periods if p["due_date"] == due.isoformat())
    assert first["theirs"]["satisfaction"] == 4 and first["mine"] is None
    response = api_client(rel.mentee).post(f"/api/mentorships/{rel.pk}/reports", {
        "due_date": due.isoformat(), "went_well": "x", "satisfaction": "4",
        "cadence_fit": "right"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "satisfaction"
