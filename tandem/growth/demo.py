"""Demo goals for the demo mentorship: SMART goals in different states, milestones (some
done), the mentor's comments (some acknowledged, one answered) and two snapshots each of
strengths and growth areas, a few weeks apart. Made through the real services, then
back-dated so the timeline reads like three months of work."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tandem.accounts.models import CareerGoal
from tandem.growth import services
from tandem.growth.models import AssessmentSnapshot, GoalComment, Milestone
from tandem.growth.services import goal_create, goal_update


def _ago(days: int):
    return timezone.now() - timedelta(days=days)


def demo_records(*, mentee, mentor, relationship) -> dict[str, int]:
    rel = relationship
    today = timezone.localdate()
    goals = list(CareerGoal.objects.filter(user=mentee).order_by("position", "id"))
    senior = goals[0] if goals else goal_create(actor=mentee,
                                                title="Pass a senior engineer interview")
    goal_update(actor=mentee, goal=senior, changes={
        "why": "I want to design systems, not only implement tickets.",
        "measure": "An offer for a senior backend role, or a promotion case my manager "
                   "signs off.",
        "target_date": today + timedelta(days=150), "status": "in_progress"})
    talk = goals[1] if len(goals) > 1 else goal_create(actor=mentee,
                                                       title="Give a talk at a local meetup")
    goal_update(actor=mentee, goal=talk, changes={
        "measure": "A 20-minute talk given, with at least three questions from the audience.",
        "target_date": today + timedelta(days=20), "status": "in_progress", "progress": 60})
    review = goal_create(
        actor=mentee, title="Lead a design review at work",
        why="Reviews are where senior engineers shape the system.",
        measure="Run one design review end to end, with written notes sent to the team.",
        horizon="3m", status="achieved")
    goal_create(
        actor=mentee, title="Write a technical blog series",
        why="Writing would help me think, but a talk matters more this year.",
        measure="Four posts published.", horizon="1y", status="dropped", visibility="private")
    CareerGoal.objects.filter(pk=review.pk).update(closed_at=_ago(20))
    for goal in (senior, talk, review):
        services.goal_share(actor=mentee, goal=goal, relationship=rel)

    steps = [
        (senior, "Rework my CV around impact, not tasks", -60, True),
        (senior, "Three mock system-design interviews", -20, True),
        (senior, "Mock interview: API design under time pressure", 14, False),
        (senior, "Apply to five senior roles", 60, False),
        (talk, "Pick a topic and write the abstract", -40, True),
        (talk, "Dry run with the team", 10, False),
        (review, "Write the design document template", -35, True),
        (review, "Run the review", -21, True),
    ]
    for goal, title, days, done in steps:
        # A new milestone is due from today on: the past ones get their date afterwards.
        milestone = services.milestone_add(actor=mentee, goal=goal, title=title,
                                           due_date=today + timedelta(days=max(days, 0)))
        if days < 0:
            Milestone.objects.filter(pk=milestone.pk).update(due_date=today + timedelta(days=days))
            milestone.refresh_from_db()
        if done:
            services.milestone_set_done(actor=mentee, milestone=milestone, done=True)
            Milestone.objects.filter(pk=milestone.pk).update(done_at=_ago(max(1, -days - 2)))

    thread = [
        (senior, mentor, 55, True,
         "Good goal. Make it measurable: which companies, and what does *senior* mean "
         "there? Look at two job descriptions and list the gaps."),
        (senior, mentee, 54, True,
         "I listed the gaps: **system design** and talking about trade-offs. The rest I "
         "already do."),
        (senior, mentor, 30, True,
         "Your second mock interview was much calmer. Next: practise saying what you "
         "would *not* build, and why."),
        (talk, mentor, 12, False,
         "The abstract is strong. Cut the first five slides: start with the outage story, "
         "then the fix. Rehearse with a timer."),
        (review, mentor, 19, False,
         "Congratulations on running the review. Send me the notes: I will point out "
         "what a principal engineer would ask next time."),
    ]
    for goal, author, days, read, text in thread:
        comment = services.goal_comment_add(actor=author, relationship=rel, goal=goal,
                                            text=text)
        GoalComment.objects.filter(pk=comment.pk).update(
            created_at=_ago(days), read_at=_ago(days - 1) if read else None)

    snapshots = [
        (mentee, 42, [("Debugging production issues", "I stay calm and methodical."),
                      ("Python", "")],
         [("Public speaking", "I freeze when people ask questions."),
          ("System design", "I implement designs; I rarely propose them.")]),
        (mentor, 40, [("Debugging production issues", "The outage write-up was excellent."),
                      ("Follow-through", "Every action from our meetings gets done.")],
         [("System design", "Practise trade-offs out loud."),
          ("Saying no", "Takes on every ticket offered.")]),
        (mentee, 7, [("Debugging production issues", ""), ("Python", ""),
                     ("Explaining trade-offs", "The mock interviews helped.")],
         [("Public speaking", "Better, but the meetup talk is the real test.")]),
        (mentor, 5, [("Debugging production issues", ""), ("Follow-through", ""),
                     ("Running a design review", "Clear agenda, good notes.")],
         [("System design", "Much better; keep going."),
          ("Public speaking", "Rehearse with a timer.")]),
    ]
    for author, days, strengths, growth in snapshots:
        snap = services.assessment_save(
            actor=author, relationship=rel,
            strengths=[{"name": n, "note": t} for n, t in strengths],
            growth_areas=[{"name": n, "note": t} for n, t in growth])
        AssessmentSnapshot.objects.filter(pk=snap.pk).update(created_at=_ago(days))
    return {"goal comments": len(thread), "goal milestones": len(steps),
            "strengths and growth-area snapshots": len(snapshots)}
