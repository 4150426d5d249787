"""A demo development plan for the demo mentorship: six items across knowledge, skills and
abilities, linked to the mentee's shared goals, with three months of level history,
actions (some done) and resources, including a person to meet."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tandem.growth.selectors import goals_shared_with
from tandem.plans import services
from tandem.plans.models import LevelChange, PlanAction, PlanItem

# (goal index, kind, title, description, start level, [(level, weeks ago)], target,
#  [(action, done weeks ago or None, due in days or None)], [resource kwargs])
PLAN = [
    (0, "knowledge", "Distributed systems fundamentals",
     "Replication, partitioning, consistency models and their trade-offs: the vocabulary "
     "every senior design interview assumes.", 1, [(2, 8), (3, 3)], 4,
     [("Read chapters 5 to 9 of Designing Data-Intensive Applications", 7, None),
      ("Summarise one chapter for Marco each fortnight", 2, None),
      ("Explain the consistency trade-offs of our checkout service", None, 14)],
     [{"kind": "book", "title": "Designing Data-Intensive Applications (Martin Kleppmann)"},
      {"kind": "course", "title": "MIT 6.824: Distributed Systems",
       "url": "https://pdos.csail.mit.edu/6.824/"}]),
    (0, "skill", "System design interviews",
     "Clarify requirements, sketch, go deep where it matters, and say the trade-offs out "
     "loud, in 45 minutes.", 1, [(2, 6), (3, 1)], 4,
     [("Mock design interview: a URL shortener", 6, None),
      ("Mock design interview: a chat service", 1, None),
      ("Mock design interview with someone new", None, 21)],
     [{"kind": "article", "title": "The System Design Primer",
       "url": "https://github.com/donnemartin/system-design-primer"},
      {"kind": "person", "person_name": "Luca Bianchi",
       "person_why": "Staff engineer who interviews for platform roles; he offered a "
                     "realistic mock interview."}]),
    (0, "skill", "API design",
     "Resource modelling, versioning, pagination and errors that help the caller.", 2,
     [(3, 9), (4, 4)], 4,
     [("Write the design document for the partner API", 9, None),
      ("Review two API pull requests with the style guide in hand", 4, None)],
     [{"kind": "book", "title": "The Design of Web APIs (Arnaud Lauret)"}]),
    (0, "ability", "Leading technical discussions",
     "Steering a design review to a decision, and writing down why.", 2, [(3, 2)], 4,
     [("Lead the design review of the notification service rewrite", 2, None),
      ("Write a decision record after the review", None, 7)],
     [{"kind": "article", "title": "Architecture decision records",
       "url": "https://adr.github.io/"}]),
    (1, "skill", "Structuring a talk",
     "One message, three supporting points, a story to open with and a clear ending.", 1,
     [(2, 5)], 4,
     [("Pick a topic and write a one-paragraph abstract", 5, None),
      ("Outline the talk in ten slides", None, 10)],
     [{"kind": "book", "title": "Talk Like TED (Carmine Gallo)"},
      {"kind": "event", "title": "Lisbon Python meetup: lightning talks evening"}]),
    (1, "ability", "Speaking with confidence",
     "Staying calm in front of a room and handling questions I cannot answer.", 1,
     [(2, 1)], 3,
     [("Give a five-minute lightning talk to my team", 1, None),
      ("Rehearse the meetup talk in front of Marco", None, 20)],
     [{"kind": "person", "person_name": "Inês Duarte",
       "person_why": "Organises the local meetup and coaches first-time speakers."}]),
]

STARTED_WEEKS_AGO = 11


def demo_records(*, mentee, mentor, relationship) -> dict[str, int]:
    goals = list(goals_shared_with(relationship))
    if not goals:
        return {}
    now = timezone.now()
    today = timezone.localdate()
    items = actions = 0
    for goal_index, kind, title, description, start, steps, target, todo, resources in PLAN:
        goal = goals[goal_index] if goal_index < len(goals) else goals[0]
        item = services.item_add(actor=mentor, relationship=relationship, goal_id=goal.pk,
                                 kind=kind, title=title, description=description,
                                 current_level=start, target_level=target,
                                 notify_other=False)
        began = now - timedelta(weeks=STARTED_WEEKS_AGO, days=items)
        PlanItem.objects.filter(pk=item.pk).update(created_at=began)
        LevelChange.objects.filter(item=item).update(at=began)
        for level, weeks_ago in steps:
            item = services.item_set_level(actor=mentee, item=item, level=level)
            LevelChange.objects.filter(item=item, to_level=level).update(
                at=now - timedelta(weeks=weeks_ago, hours=3))
        for text, done_weeks_ago, due_in in todo:
            due = today + timedelta(days=due_in) if due_in is not None else None
            action = services.action_add(actor=mentor, item=item, text=text, due_date=due)
            if done_weeks_ago is not None:
                services.action_set_done(actor=mentee, action=action, done=True)
                PlanAction.objects.filter(pk=action.pk).update(
                    done_at=now - timedelta(weeks=done_weeks_ago, hours=5))
            actions += 1
        for resource in resources:
            services.resource_add(actor=mentor, item=item, **resource)
        items += 1
    return {"development plan items": items, "plan actions": actions}
