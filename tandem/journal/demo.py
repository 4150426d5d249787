"""Demo journal and notes for the demo mentorship: three months of the mentee's journal
(some entries shared with the mentor), each party's private notes and a few shared ones."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tandem.journal.models import Note
from tandem.journal.services import entry_create, note_create, today_for

# (days ago, title, body, tags, goal positions, shared)
ENTRIES = [
    (86, "Why I asked for a mentor",
     "I have been a backend developer for three years and I keep saying *yes* to every "
     "ticket. I want to choose my work, not just do it.\n\nWhat I hope for in the next six "
     "months:\n\n- explain my work to people outside the team\n- get comfortable speaking "
     "in front of a room\n- know what a senior role asks of me",
     ["reflection", "career"], [0], True),
    (71, "First meeting: mapping the gaps",
     "We listed what I already do well (debugging, careful reviews) and what I avoid "
     "(estimates, talking in planning). Homework: write down every time I stay silent in a "
     "meeting this week.", ["meetings", "self-awareness"], [0], True),
    (58, "Stayed silent four times",
     "Four times this week I had an opinion and kept it. Twice because someone senior was "
     "talking, twice because I was not sure. Writing it down made it less vague and a bit "
     "embarrassing.", ["speaking up", "self-awareness"], [], False),
    (44, "Lightning talk at the team demo",
     "Five minutes on how we cut the test suite from 14 to 6 minutes. My hands shook for "
     "the first minute, then it was fine. Two people asked questions afterwards.\n\n"
     "**Next time:** one slide fewer, and a demo instead of a screenshot.",
     ["public speaking", "wins"], [0, 1], True),
    (30, "Estimation workshop notes",
     "Marco's tip: estimate in ranges and say what would make it longer. I tried it in "
     "planning and nobody pushed back. [Article he sent](https://example.org/estimates).",
     ["estimates", "planning"], [1], True),
    (17, "A hard code review",
     "A reviewer rewrote half my pull request in comments. I was annoyed, then I asked for "
     "a call, and we agreed on the approach in ten minutes. Lesson: move to a call after "
     "the second round of comments.", ["feedback", "collaboration"], [], False),
    (6, "Submitted a meetup proposal",
     "I sent the proposal for the local Python meetup: a 20-minute version of the test "
     "suite talk. Whatever the answer, writing the abstract made the story clearer.",
     ["public speaking", "wins"], [0], True),
]

MENTEE_PRIVATE = [
    (60, "I am not sure I want to become a manager. I want to grow, but the path everyone "
         "expects is the one I am least excited about. Bring it up when I feel ready."),
    (20, "Before the next meeting: ask about the salary review without making it sound like "
         "I am about to leave."),
]
MENTOR_PRIVATE = [
    (70, "Maya undersells her work. Keep asking for concrete numbers: what changed because "
         "of what she did?"),
    (25, "She is ready for a bigger audience. Ask Luca whether the autumn meetup has a free "
         "slot before suggesting it."),
]
SHARED = [
    ("mentor", 65, "**Reading list** we agreed on:\n\n1. *The Staff Engineer's Path*, "
                   "chapters 1 to 3\n2. [Talk like TED](https://example.org/ted), just the "
                   "part on openings"),
    ("mentee", 40, "Summary of our call: practise the talk twice in front of the team; I "
                   "send Marco the slides the day before; we review the recording together."),
]


def demo_records(*, mentee, mentor, relationship) -> dict[str, int]:
    today = today_for(mentee)
    goals = list(mentee.career_goals.order_by("position", "id"))
    entries = 0
    for days_ago, title, body, tags, goal_positions, shared in ENTRIES:
        goal_ids = [goals[i].pk for i in goal_positions if i < len(goals)]
        entry_create(actor=mentee, title=title, body=body, tags=tags, goal_ids=goal_ids,
                     entry_date=today - timedelta(days=days_ago),
                     visibility="shared" if shared else "private",
                     relationship_id=relationship.pk if shared else None)
        entries += 1
    notes = []
    for author, items in ((mentee, MENTEE_PRIVATE), (mentor, MENTOR_PRIVATE)):
        for days_ago, body in items:
            notes.append((note_create(actor=author, relationship=relationship, body=body),
                          days_ago))
    for who, days_ago, body in SHARED:
        author = mentee if who == "mentee" else mentor
        notes.append((note_create(actor=author, relationship=relationship, body=body,
                                  visibility="shared"), days_ago))
    # Written "back then", so the timeline reads in order.
    now = timezone.now()
    for note, days_ago in notes:
        when = now - timedelta(days=days_ago, hours=3)
        Note.objects.filter(pk=note.pk).update(created_at=when, updated_at=when)
    return {"journal entries": entries, "notes": len(notes)}
