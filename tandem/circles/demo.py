"""Demo circles: "Senior interview prep", led by the demo mentor with the demo mentee and
three other demo mentees, with past meetings (agenda, notes, attendance), an agreement,
posts and resources, and the next meetings planned; and a peer circle, "Speaking at
meetups", organised by another demo mentee, which takes requests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tandem.accounts.models import User
from tandem.circles import services
from tandem.circles.models import Circle, CircleMeeting, Membership, Post


def _backdate(model, pk: int, days: float, field: str = "created_at") -> None:
    model.objects.filter(pk=pk).update(**{field: timezone.now() - timedelta(days=days)})


def demo_records(*, mentee, mentor, relationship) -> dict[str, int]:
    others = list(User.objects.filter(profile__is_mentee=True, profile__is_mentor=False)
                  .exclude(pk=mentee.pk).order_by("id")[:5])
    if len(others) < 4:
        return {}
    now = timezone.now()

    prep = services.circle_create(
        actor=mentor, topic="Senior interview prep", mentor_led=True, size_limit=6,
        join_mode="invitation", meeting_every_weeks=2, meeting_minutes=60,
        meeting_channel="video", meeting_where="https://meet.example.org/senior-prep",
        description="Four to six backend engineers preparing for **senior** interviews "
                    "together: system design, behavioural stories, and negotiating the offer.")
    for person in [mentee, *others[:3]]:
        services.member_invite(actor=mentor, circle=prep, user=person)
        services.invitation_respond(actor=person, circle=prep, accept=True)
    services.agreement_propose(
        actor=mentor, circle=prep,
        text="- We meet every other Tuesday for an hour, cameras on.\n"
             "- What is said in the circle stays in the circle.\n"
             "- Feedback is specific and kind: one thing that worked, one to try.\n"
             "- Each of us brings one question or mock answer per meeting.")
    for person in [mentee, *others[:2]]:
        services.agreement_confirm(actor=person, circle=prep)
    goal = mentee.career_goals.order_by("id").first()
    if goal:
        services.goals_share(actor=mentee, circle=prep, goal_ids=[goal.pk])

    first = now + timedelta(days=1)
    meetings = services.meetings_schedule(actor=mentor, circle=prep, first_at=first, count=6,
                                          every_weeks=2)
    # The first three become the past: six, four and two weeks ago.
    agendas = [("System design: a URL shortener", "Behavioural: a conflict story"),
               ("Mock design review: the billing service", "How to ask for a level"),
               ("Negotiating the offer", "Reading a job ladder")]
    notes = ["Start with requirements and numbers; draw the write path first.",
             "Name the trade-off out loud; interviewers want the reasoning.",
             "Never give the first number; ask about the band and the ladder."]
    for k, meeting in enumerate(meetings[:3]):
        CircleMeeting.objects.filter(pk=meeting.pk).update(
            starts_at=first - timedelta(weeks=6 - 2 * k))
        meeting.refresh_from_db()
        for author, text in zip([mentee, others[0]], agendas[k], strict=True):
            services.agenda_add(actor=author, meeting=meeting, text=text)
        services.note_save(actor=mentor, meeting=meeting, text=notes[k])
        services.note_save(actor=mentee, meeting=meeting,
                           text=f"My takeaway: {notes[k].split(';')[0].lower()}.")
        present = [mentor.pk, mentee.pk, others[0].pk] + ([others[1].pk] if k != 1 else [])
        services.attendance_record(actor=mentor, meeting=meeting, present=present)
        CircleMeeting.objects.filter(pk=meeting.pk).update(held_at=meeting.starts_at)
    services.agenda_add(actor=mentee, meeting=meetings[3],
                        text="Mock: design a rate limiter (I present)")
    posts = [(mentor, "Welcome, everyone! Post the role you are aiming for and when."),
             (mentee, "Senior backend at a remote-first company, **interviews in May**."),
             (others[0], "Same here; I keep freezing on behavioural questions."),
             (mentor, "Try the STAR shape: situation, task, action, result. Two minutes."),
             (others[1], "I passed the phone screen at Northwind, thanks to the mock!"),
             (mentee, "Congratulations! Could we do the rate limiter mock next time?")]
    for k, (author, body) in enumerate(posts):
        post = services.post_add(actor=author, circle=prep, body=body)
        _backdate(Post, post.pk, 40 - 7 * k)
    for author, title, url, note in [
        (mentor, "System Design Interview, Vol. 1", "", "Chapters 1-4 before the next mock."),
        (others[0], "STAR method cheat sheet", "https://example.org/star", "One page."),
        (mentee, "Levels.fyi salary bands", "https://www.levels.fyi/", "For negotiating.")]:
        services.resource_add(actor=author, circle=prep, title=title, url=url, note=note)
    Circle.objects.filter(pk=prep.pk).update(last_activity_at=now - timedelta(days=5))
    _backdate(Circle, prep.pk, 50)

    organiser = others[3]
    peer = services.circle_create(
        actor=organiser, topic="Speaking at meetups", mentor_led=False, size_limit=5,
        join_mode="request", meeting_every_weeks=4, meeting_minutes=45,
        meeting_channel="in_person", meeting_where="Lisbon, the café by the library",
        description="Peers preparing their first meetup or conference talk: we rehearse "
                    "and give each other feedback.")
    services.membership_request(actor=mentee, circle=peer,
                                message="I am preparing a five-minute lightning talk.")
    if len(others) > 4:
        services.member_invite(actor=organiser, circle=peer, user=others[4])
        services.invitation_respond(actor=others[4], circle=peer, accept=True)
        post = services.post_add(actor=others[4], circle=peer,
                                 body="Who wants to rehearse on Thursday?")
        _backdate(Post, post.pk, 3)
    services.meetings_schedule(actor=organiser, circle=peer, first_at=now + timedelta(days=9),
                               count=3)
    Membership.objects.filter(circle=peer).update(joined_at=now - timedelta(days=20))
    return {"circles": 2, "circle posts": Post.objects.count()}
