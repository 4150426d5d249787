"""Growth on the relationship page, the dashboard, the timeline and the export; the demo."""

from datetime import timedelta

from django.utils import timezone

from tandem.core.sections import record_markdown, timeline
from tandem.growth import services
from tandem.growth.demo import demo_records
from tandem.growth.models import AssessmentSnapshot, GoalComment
from tandem.growth.sections import dashboard_section, relationship_section
from tandem.growth.services import goal_create, goal_update


def test_it_puts_goals_and_assessments_on_the_timeline(personas, rel):
    lead = personas.mentee.career_goals.get(title="Lead a team")
    step = services.milestone_add(actor=rel.mentee, goal=lead, title="Run a retro")
    services.milestone_set_done(actor=rel.mentee, milestone=step, done=True)
    goal_update(actor=rel.mentee, goal=lead, changes={"status": "achieved"})
    services.goal_comment_add(actor=rel.mentor, relationship=rel, goal=lead, text="Well done!")
    services.assessment_save(actor=rel.mentor, relationship=rel, strengths=[{"name": "Grit"}])
    secret = goal_create(actor=rel.mentee, title="Quit", visibility="private")
    events = timeline(viewer=rel.mentor, relationship=rel, kinds={"goal", "assessment"})
    titles = [e.title for e in events]
    assert "Goal shared: Lead a team" in titles
    assert "Goal achieved: Lead a team" in titles
    assert "Milestone done: Run a retro" in titles
    assert "Comment on “Lead a team”" in titles
    assert "Mentor's assessment of strengths and growth areas" in titles
    assert not any(secret.title in t for t in titles)


def test_it_exports_the_users_goals_and_assessments(personas, rel):
    lead = personas.mentee.career_goals.get(title="Lead a team")
    goal_update(actor=rel.mentee, goal=lead, changes={
        "measure": "A team of three", "progress": 40,
        "target_date": timezone.localdate() + timedelta(days=60)})
    services.milestone_add(actor=rel.mentee, goal=lead, title="Run a retro")
    services.assessment_save(actor=rel.mentee, relationship=rel,
                             strengths=[{"name": "Python", "note": "Ten years"}],
                             growth_areas=[{"name": "Speaking"}])
    text = "\n".join(record_markdown(user=rel.mentee))
    assert "### Lead a team" in text and "How success is measured: A team of three" in text
    assert "Progress: 40% (set by hand)" in text and "- [ ] Run a retro" in text
    assert "- Python: Ten years" in text and "- Speaking" in text
    assert "Lead a team" not in "\n".join(record_markdown(user=personas.mentee2))


def test_it_summarises_goals_on_the_relationship_page_and_dashboard(personas, rel):
    lead = personas.mentee.career_goals.get(title="Lead a team")
    # Her goals' progress shows even with nothing waiting, as a status card.
    quiet = dashboard_section(viewer=rel.mentee)
    assert not quiet["unread"] and not quiet["due"] and quiet["urgency"] < 100
    assert {g.title for g in quiet["goals"]} >= {"Lead a team"}
    services.goal_comment_add(actor=rel.mentor, relationship=rel, goal=lead, text="Hi")
    goal_create(actor=rel.mentee, title="Ship it", target_date=timezone.localdate()
                + timedelta(days=5))
    section = relationship_section(viewer=rel.mentee, relationship=rel)
    assert section["unread"] == 1 and [g.title for g in section["goals"]][0] == "Lead a team"
    board = dashboard_section(viewer=rel.mentee)
    assert board["unread"][0]["count"] == 1 and [g.title for g in board["due"]] == ["Ship it"]
    assert board["urgency"] >= 100  # an unread comment waits on her
    # The mentor's own comment is not unread for them.
    assert dashboard_section(viewer=rel.mentor) is None


def test_it_fills_the_demo_mentorship(personas, rel):
    counts = demo_records(mentee=rel.mentee, mentor=rel.mentor, relationship=rel)
    assert counts["goal comments"] == GoalComment.objects.count() == 5
    assert AssessmentSnapshot.objects.count() == 4
    assert GoalComment.objects.filter(read_at__isnull=True).exists()
    assert GoalComment.objects.filter(read_at__isnull=False).exists()
    statuses = set(rel.mentee.career_goals.values_list("status", flat=True))
    assert {"in_progress", "achieved", "dropped"} <= statuses
