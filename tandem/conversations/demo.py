"""Demo conversations: a few weeks of messages between the demo mentee (Maya, preparing
for senior interviews) and her mentor (Marco), pointing at a goal and a meeting, with
the latest one unread by Maya; and short ones in two of Marco's other mentorships."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tandem.conversations import services
from tandem.conversations.models import Message, ReadState


def _at(message: Message, days: float) -> None:
    Message.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(days=days))


def _say(rel, author, body: str, days: float, **refs) -> Message:
    message = services.message_post(actor=author, relationship=rel, body=body, **refs)
    _at(message, days)
    return message


def _read_all(rel, user, up_to: int, *, emailed_up_to: int | None = None) -> None:
    state = services._read_state(user.pk, rel.pk)
    ReadState.objects.filter(pk=state.pk).update(
        last_read_id=up_to, last_read_at=timezone.now(),
        last_emailed_id=emailed_up_to or up_to)


def demo_records(*, mentee, mentor, relationship) -> dict[str, int]:
    from tandem.growth.selectors import goals_shared_with
    from tandem.meetings.models import Meeting
    from tandem.mentorships.models import Relationship

    rel = relationship
    goal = goals_shared_with(rel).first()
    meeting = (Meeting.objects.filter(relationship=rel, starts_at__lt=timezone.now())
               .order_by("-starts_at").first())
    count = 0
    lines = [
        (mentee, "Hi Marco, thanks for taking me on! I've put my goals in Tandem; the "
                 "interview one matters most to me right now.", 40,
         {"goal_id": goal.pk} if goal else {}),
        (mentor, "Great to start. Before our first call, could you write down the last "
                 "**three system design questions** you struggled with?", 39.8, {}),
        (mentee, "Will do. Also: is *Designing Data-Intensive Applications* worth reading "
                 "cover to cover?", 39.5, {}),
        (mentor, "Chapters 5–9 are the heart of it. Start there and skim the rest.", 39.4, {}),
        (mentee, "Notes from today are in the meeting page. The caching part finally "
                 "clicked.", 20, {"meeting_id": meeting.pk} if meeting else {}),
        (mentor, "Nice work. Next time, try explaining the trade-offs out loud before "
                 "drawing anything.", 19.7, {}),
        (mentee, "I had the first-round interview at Northwind today. It went well, I "
                 "think!", 3, {}),
        (mentor, "That is great news. Let's use Thursday for a mock second round: "
                 "[this prompt](https://example.org/design-a-rate-limiter) is a good "
                 "warm-up.", 0.1, {}),
    ]
    made = []
    for author, body, days, refs in lines:
        made.append(_say(rel, author, body, days, **refs))
    count += len(made)
    # Maya has read everything but Marco's latest message (which she was emailed about,
    # so loading the demo sends nothing); Marco has read all of hers.
    _read_all(rel, mentee, made[-2].pk, emailed_up_to=made[-1].pk)
    _read_all(rel, mentor, made[-1].pk)

    others = (Relationship.objects.filter(mentor=mentor).exclude(pk=rel.pk)
              .select_related("mentee__profile").order_by("started_at"))
    for other in list(others)[:2]:
        name = other.mentee.display_name.split()[0] if other.mentee.display_name else ""
        if other.is_open:
            first = _say(other, mentor, f"Hi {name}, enjoy the break. I'll be here when "
                                        "you're back.", 6)
            second = _say(other, other.mentee, "Thank you! See you in a few weeks.", 5.8)
            made_here = [first, second]
        else:
            # A closed mentorship is read only: its past messages are written directly.
            now = timezone.now()
            made_here = [
                Message.objects.create(relationship=other, author=other.mentee,
                                       body="I got the developer job! Thank you for "
                                            "everything."),
                Message.objects.create(relationship=other, author=mentor,
                                       body="You earned it. Keep in touch!"),
            ]
            for i, m in enumerate(made_here):
                Message.objects.filter(pk=m.pk).update(
                    created_at=now - timedelta(days=30 - i))
        _read_all(other, mentor, made_here[-1].pk)
        _read_all(other, other.mentee, made_here[-1].pk)
        count += len(made_here)
    return {"messages": count}
