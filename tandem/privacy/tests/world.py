"""A full set of data for a mentee (Mia) in a mentorship with a mentor (Marta): something
in every app, written by each of them. What Mia wrote carries ``MIA-<n>`` markers, what
Marta wrote ``MARTA-<n>``, so a test can search the whole database for either."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.utils import timezone


@dataclass
class World:
    mentee: object
    mentor: object
    relationship: object
    objects: dict = field(default_factory=dict)
    mia_markers: list = field(default_factory=list)
    marta_markers: list = field(default_factory=list)

    def mia(self, text: str) -> str:
        marker = f"MIA-{len(self.mia_markers):03d}"
        self.mia_markers.append(marker)
        return f"{text} {marker}"

    def marta(self, text: str) -> str:
        marker = f"MARTA-{len(self.marta_markers):03d}"
        self.marta_markers.append(marker)
        return f"{text} {marker}"


def build_world(personas) -> World:
    from tandem.accounts.models import AvailabilityWindow
    from tandem.accounts.services import profile_update, token_create
    from tandem.advocacy import services as advocacy
    from tandem.feedback import services as feedback
    from tandem.feedback.models import ProgressReport
    from tandem.growth import services as growth
    from tandem.growth.services import goal_create
    from tandem.journal import services as journal
    from tandem.meetings import services as meetings
    from tandem.mentorships import services as mentorships
    from tandem.notifications.services import notify
    from tandem.plans import services as plans
    from tandem.programs.models import Participant, Program
    from tandem.safety import services as safety

    mia, marta = personas.mentee, personas.mentor
    w = World(mentee=mia, mentor=marta, relationship=None)
    o = w.objects

    profile_update(actor=mia, profile=mia.profile, changes={
        "headline": w.mia("Backend developer"), "bio": w.mia("I like tests."),
        "location": w.mia("Lisbon"), "feedback_notes": w.mia("Direct please")})
    AvailabilityWindow.objects.create(profile=mia.profile, weekday=1, start_minute=600,
                                      end_minute=660, utc_start=2040, utc_end=2100)
    token_create(actor=mia, name=w.mia("script"))
    o["goal"] = goal_create(actor=mia, title=w.mia("Give a talk"), why=w.mia("Confidence"),
                            visibility="mentors")
    o["milestone"] = growth.milestone_add(actor=mia, goal=o["goal"], title=w.mia("Outline"))

    req = mentorships.request_create(actor=mia, mentor=marta, message=w.mia("Please help"),
                                     goal_ids=[o["goal"].pk])
    mentorships.request_ask_info(actor=marta, request=req, question=w.marta("Which area?"))
    mentorships.request_reply(actor=mia, request=req, reply=w.mia("Public speaking"))
    rel = mentorships.request_accept(actor=marta, request=req)
    w.relationship = rel
    o["request"] = req
    # A second, still open request to another mentor: withdrawn by the erasure.
    o["open_request"] = mentorships.request_create(actor=mia, mentor=personas.mentor2,
                                                   message=w.mia("Also you?"))

    later = timezone.localdate() + timedelta(days=10)
    meeting = meetings.meeting_schedule(actor=mia, relationship=rel, day=later, at=time(10),
                                        tz="UTC")
    o["meeting"] = meeting
    o["agenda_mia"] = meetings.agenda_add(actor=mia, meeting=meeting, text=w.mia("My agenda"))
    o["agenda_marta"] = meetings.agenda_add(actor=marta, meeting=meeting,
                                            text=w.marta("Her agenda"))
    o["action_mia"] = meetings.action_add(actor=mia, meeting=meeting, owner=mia,
                                          text=w.mia("Draft slides"))

    o["comment_mia"] = growth.goal_comment_add(actor=mia, relationship=rel, goal=o["goal"],
                                               text=w.mia("My comment"))
    o["assessment_mia"] = growth.assessment_save(
        actor=mia, relationship=rel, strengths=[{"name": w.mia("Debugging"), "note": ""}])
    o["assessment_marta"] = growth.assessment_save(
        actor=marta, relationship=rel, strengths=[{"name": w.marta("Curious"), "note": ""}])

    o["entry_shared"] = journal.entry_create(actor=mia, title=w.mia("Shared entry"),
                                             body=w.mia("Shared body"), visibility="shared",
                                             relationship_id=rel.pk, tags=[w.mia("tag")])
    o["entry_private"] = journal.entry_create(actor=mia, title=w.mia("Private entry"),
                                              body=w.mia("Private body"))
    o["note_mia_private"] = journal.note_create(actor=mia, relationship=rel,
                                                body=w.mia("My private note"))
    o["note_mia_shared"] = journal.note_create(actor=mia, relationship=rel,
                                               body=w.mia("My shared note"),
                                               visibility="shared")
    o["note_marta_private"] = journal.note_create(actor=marta, relationship=rel,
                                                  body=w.marta("Her private note"))
    o["note_marta_shared"] = journal.note_create(actor=marta, relationship=rel,
                                                 body=w.marta("Her shared note"),
                                                 visibility="shared")

    o["report_mia"] = ProgressReport.objects.create(
        relationship=rel, author=mia, due_date=date.today(), went_well=w.mia("Went well"),
        obstacles=w.mia("Obstacles"), satisfaction=4, cadence_fit="right")
    o["report_marta"] = ProgressReport.objects.create(
        relationship=rel, author=marta, due_date=date.today(), went_well=w.marta("Fine"),
        satisfaction=4, cadence_fit="right")
    o["feedback_request"] = feedback.feedback_request_create(
        actor=mia, relationship=rel, topic=w.mia("My slides"), details=w.mia("Details"))
    o["feedback_marta"] = feedback.feedback_give(actor=marta, relationship=rel,
                                                 kind="positive", body=w.marta("Great start"))
    feedback.feedback_reply(actor=mia, entry=o["feedback_marta"], reply=w.mia("Thanks"))
    o["mentor_feedback"] = feedback.mentor_feedback_give(actor=mia, relationship=rel,
                                                         what_helped=w.mia("Your questions"))
    o["contribution"] = feedback.contribution_add(actor=mia, relationship=rel, kind="other",
                                                  description=w.mia("Reviewed her post"),
                                                  date=date.today())

    o["plan_item_mia"] = plans.item_add(actor=mia, relationship=rel, goal_id=o["goal"].pk,
                                        kind="skill", title=w.mia("Storytelling"),
                                        description=w.mia("Stories"))
    o["plan_item_marta"] = plans.item_add(actor=marta, relationship=rel, goal_id=o["goal"].pk,
                                          kind="skill", title=w.marta("Slides"))

    o["opportunity"] = advocacy.opportunity_post(actor=marta, relationship=rel, kind="talk",
                                                 title=w.marta("Meetup slot"))
    advocacy.opportunity_set_status(actor=mia, opportunity=o["opportunity"],
                                    status="declined", reason=w.mia("Too soon"))
    o["resource_mia"] = advocacy.resource_add(actor=mia, relationship=rel, kind="book",
                                              title=w.mia("A book"), is_public=True)
    o["resource_marta"] = advocacy.resource_add(actor=marta, relationship=rel, kind="book",
                                                title=w.marta("Her book"))

    o["report_made"] = safety.report_create(actor=mia, category="other",
                                            details=w.mia("Something happened"),
                                            profile_id=personas.mentor2.profile.pk)

    program = Program.objects.create(name="Spring cohort", applications_open=date.today(),
                                     applications_close=date.today(),
                                     starts_on=date.today(),
                                     ends_on=date.today() + timedelta(days=90))
    o["participant"] = Participant.objects.create(
        program=program, user=mia, role="mentee",
        answers=[{"question": "Why?", "answer": w.mia("To grow")}], team=w.mia("Team"))

    notify(recipient=mia, kind="other", title=w.mia("A note to Mia"))
    return w
