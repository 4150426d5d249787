"""Each health rule, with the reason the pair and staff read."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from tandem.feedback.services import feedback_request_create, report_submit
from tandem.health.selectors import health_for, health_of
from tandem.health.tests.conftest import confirmed_mentorship, later
from tandem.meetings.services import meeting_schedule
from tandem.mentorships.models import Agreement, Relationship
from tandem.mentorships.services import relationship_pause
from tandem.programs.rules import HealthRules


def reasons(health):
    return {r.code: (r.level, r.text) for r in health.reasons}


def test_it_calls_a_new_confirmed_mentorship_healthy(mentorship):
    health = health_of(mentorship)
    assert health.state == "healthy" and health.reasons == [] and health.tracked
    assert health.suggested_action is None


def test_it_counts_time_since_the_last_held_meeting_against_the_agreed_cadence(mentorship):
    health = health_of(mentorship, now=later(22))
    level, text = reasons(health)["meeting"]
    assert level == "needs_attention"
    assert text == ("No meeting held yet in 22 days; the agreement says to meet every two "
                    "weeks.")
    assert health.suggested_action == "nudge"
    assert reasons(health_of(mentorship, now=later(43)))["meeting"][0] == "at_risk"
    # A weekly cadence makes the same gap worse.
    Agreement.objects.filter(relationship=mentorship).update(cadence="weekly")
    assert reasons(health_of(mentorship, now=later(22)))["meeting"][0] == "at_risk"


def test_it_counts_from_the_last_held_meeting(mentorship):
    meeting_schedule(actor=mentorship.mentee, relationship=mentorship,
                     day=timezone.localdate() - timedelta(days=1), at=time(9, 0), tz="UTC",
                     held=True)
    assert "meeting" not in reasons(health_of(mentorship, now=later(15)))
    _level, text = reasons(health_of(mentorship, now=later(25)))["meeting"]
    assert text.startswith("The last meeting was held 2") and "every two weeks" in text


def test_it_uses_a_custom_interval(mentorship):
    Agreement.objects.filter(relationship=mentorship).update(cadence="custom",
                                                              custom_interval_days=10)
    _level, text = reasons(health_of(mentorship, now=later(16)))["meeting"]
    assert "every 10 days" in text


def test_it_flags_overdue_progress_reports(mentorship):
    # Reports every 4 weeks from today: the first is due in 28 days, overdue a week later.
    assert "reports" not in reasons(health_of(mentorship, now=later(30)))
    level, text = reasons(health_of(mentorship, now=later(36)))["reports"]
    assert level == "needs_attention" and text.startswith("2 progress reports overdue")
    level, text = reasons(health_of(mentorship, now=later(64)))["reports"]
    assert level == "at_risk" and text.startswith("4 progress reports overdue")


def test_it_does_not_count_a_written_report_as_overdue(mentorship):
    today = timezone.localdate()
    Agreement.objects.filter(relationship=mentorship).update(
        start_date=today - timedelta(weeks=6), end_date=today + timedelta(weeks=20))
    due = today - timedelta(weeks=2)
    level, text = reasons(health_of(mentorship))["reports"]
    assert text.startswith("2 progress reports overdue")
    report_submit(actor=mentorship.mentee, relationship=mentorship, due_date=due,
                  went_well="Fine", satisfaction=4, cadence_fit="right")
    assert reasons(health_of(mentorship))["reports"][1].startswith("1 progress report overdue")


def _reports(rel, scores):
    """Reports every 4 weeks, back-dated so that ``len(scores)`` are due by today."""
    today = timezone.localdate()
    Agreement.objects.filter(relationship=rel).update(
        start_date=today - timedelta(weeks=4 * len(scores)),
        end_date=today + timedelta(weeks=20))
    for index, score in enumerate(scores):
        due = today - timedelta(weeks=4 * (len(scores) - index - 1))
        for person in (rel.mentee, rel.mentor):
            report_submit(actor=person, relationship=rel, due_date=due, went_well="Fine",
                          satisfaction=score if person == rel.mentee else 4,
                          cadence_fit="right")


def test_it_flags_a_drop_in_satisfaction(mentorship):
    _reports(mentorship, [5, 5, 3])
    level, text = reasons(health_of(mentorship))["satisfaction"]
    assert level == "needs_attention"
    assert text == "Satisfaction dropped to 3 out of 5 from an average of 5.0."


def test_it_flags_a_low_satisfaction_as_at_risk_and_suggests_a_rematch(mentorship):
    _reports(mentorship, [4, 2])
    health = health_of(mentorship)
    assert reasons(health)["satisfaction"] == ("at_risk",
                                               "A progress report rated satisfaction 2 out of 5.")
    assert health.state == "at_risk" and health.suggested_action == "rematch"


def test_it_flags_feedback_requests_left_unanswered(mentorship):
    feedback_request_create(actor=mentorship.mentee, relationship=mentorship, topic="My CV")
    assert "feedback_requests" not in reasons(health_of(mentorship, now=later(10)))
    level, text = reasons(health_of(mentorship, now=later(15)))["feedback_requests"]
    assert level == "needs_attention"
    assert text == ("1 feedback request not answered for more than 14 days (the oldest for "
                    "15 days).")


def test_it_flags_an_agreement_still_unconfirmed(draft_mentorship):
    assert health_of(draft_mentorship, now=later(6)).state == "healthy"
    level, text = reasons(health_of(draft_mentorship, now=later(8)))["agreement"]
    assert level == "needs_attention"
    assert text == "The agreement has waited 8 days to be confirmed by both."
    health = health_of(draft_mentorship, now=later(22))
    assert reasons(health)["agreement"][0] == "at_risk"
    assert health.suggested_action == "check_in"
    assert "meeting" not in reasons(health)  # no agreed cadence to measure against yet


def test_it_flags_a_long_quiet_time(mentorship):
    level, text = reasons(health_of(mentorship, now=later(31)))["inactive"]
    assert level == "needs_attention"
    assert text == "Nothing has happened in the mentorship for 31 days."
    _level, text = reasons(health_of(mentorship, now=later(85)))["inactive"]
    assert "paused automatically after 90 days" in text


def test_it_counts_any_activity(mentorship):
    from tandem.journal.services import note_create

    Relationship.objects.filter(pk=mentorship.pk).update(
        started_at=timezone.now() - timedelta(days=40))
    from tandem.core.models import AuditEntry  # noqa: F401 - audit entries are not activity

    note_create(actor=mentorship.mentor, relationship=mentorship, body="Private thought")
    assert "inactive" not in reasons(health_of(mentorship, now=later(20)))
    assert "inactive" in reasons(health_of(mentorship, now=later(31)))


def test_it_does_not_check_a_paused_mentorship(mentorship):
    relationship_pause(actor=mentorship.mentee, relationship=mentorship)
    mentorship.refresh_from_db()
    health = health_of(mentorship, now=later(200))
    assert not health.tracked and health.state == "healthy" and health.reasons == []


def test_it_takes_other_thresholds(mentorship):
    strict = HealthRules(inactive_attention_days=3, inactive_risk_days=5)
    [health] = health_for(Relationship.objects.filter(pk=mentorship.pk), now=later(6),
                          rules=strict)
    assert reasons(health)["inactive"][0] == "at_risk"


@pytest.mark.parametrize("days", [0, 100, 400])
def test_it_costs_the_same_queries_for_many_mentorships(days, personas, query_budget):
    from tandem.accounts.tests.factories import make_mentee, make_mentor

    count = [0]

    def make(n):
        for _ in range(n):
            count[0] += 1
            mentee = make_mentee(email=f"m{count[0]}@example.com", name=f"Mentee {count[0]}",
                                 goals=["Grow"])
            mentor = make_mentor(email=f"t{count[0]}@example.com", name=f"Mentor {count[0]}",
                                 skills=["Python"])
            rel = confirmed_mentorship(mentee, mentor)
            feedback_request_create(actor=mentee, relationship=rel, topic="Topic")

    query_budget(make=make, call=lambda: health_for(Relationship.objects.all(),
                                                    now=later(days)), small=2, large=8)
