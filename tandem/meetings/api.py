from __future__ import annotations

from django.http import HttpResponse
from ninja import Router, Status

from tandem.core.errors import ValidationFailed
from tandem.core.schemas import ERRORS
from tandem.growth.schemas import MilestoneOut
from tandem.growth.services import milestone_from_action
from tandem.meetings import calendar, selectors, services
from tandem.meetings.permissions import (
    access_action_item,
    access_agenda_item,
    access_meeting,
    access_offer,
    access_series,
)
from tandem.meetings.schemas import (
    ActionIn,
    ActionOut,
    AgendaOut,
    CancelIn,
    DoneIn,
    FeedOut,
    FromActionIn,
    MeetingDetailOut,
    MeetingOut,
    MoveIn,
    NotesIn,
    OfferIn,
    OfferOut,
    PickIn,
    RecordIn,
    ScheduleIn,
    SeriesIn,
    SeriesOut,
    SlotsOut,
    TextIn,
)
from tandem.mentorships.permissions import access_relationship

router = Router()
MEETINGS = ["meetings"]
CALENDAR = ["calendar"]


def _detail(meeting):
    return selectors.meeting_detail(meeting)


@router.get("/mentorships/{relationship_id}/meetings", response={200: list[MeetingOut], **ERRORS},
            tags=MEETINGS, summary="A mentorship's meetings")
def list_meetings(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    return list(selectors.meetings_of(rel))


@router.post("/mentorships/{relationship_id}/meetings", response={201: MeetingDetailOut,
             **ERRORS}, tags=MEETINGS, summary="Schedule (or log) one meeting")
def schedule_meeting(request, relationship_id: int, payload: ScheduleIn):
    rel = access_relationship(request.user, relationship_id, write=True)
    meeting = services.meeting_schedule(actor=request.user, relationship=rel,
                                        **payload.model_dump())
    return Status(201, _detail(meeting))


@router.post("/mentorships/{relationship_id}/meeting-series", response={201: SeriesOut,
             **ERRORS}, tags=MEETINGS, summary="Schedule a recurring series")
def create_series(request, relationship_id: int, payload: SeriesIn):
    rel = access_relationship(request.user, relationship_id, write=True)
    return Status(201, services.series_create(actor=request.user, relationship=rel,
                                              **payload.model_dump()))


@router.get("/mentorships/{relationship_id}/free-slots", response={200: SlotsOut, **ERRORS},
            tags=MEETINGS, summary="Times in the next two weeks when both are available")
def free_slots(request, relationship_id: int, duration_minutes: int = 60):
    rel = access_relationship(request.user, relationship_id)
    if not 15 <= duration_minutes <= 240:
        raise ValidationFailed("A meeting lasts 15 to 240 minutes.", field="duration_minutes")
    return {"duration_minutes": duration_minutes,
            "slots": selectors.common_slots(rel, duration_minutes=duration_minutes)}


@router.post("/mentorships/{relationship_id}/time-offers", response={201: OfferOut, **ERRORS},
             tags=MEETINGS, summary="Offer up to three times")
def create_offer(request, relationship_id: int, payload: OfferIn):
    rel = access_relationship(request.user, relationship_id, write=True)
    return Status(201, services.offer_create(actor=request.user, relationship=rel,
                                             **payload.model_dump()))


@router.post("/time-offers/{offer_id}/pick", response={201: MeetingDetailOut, **ERRORS},
             tags=MEETINGS, summary="Pick one of the offered times")
def pick_offer(request, offer_id: int, payload: PickIn):
    offer = access_offer(request.user, offer_id, write=True)
    return Status(201, _detail(services.offer_pick(actor=request.user, offer=offer,
                                                   index=payload.index)))


@router.post("/time-offers/{offer_id}/withdraw", response={200: OfferOut, **ERRORS},
             tags=MEETINGS, summary="Withdraw my offer")
def withdraw_offer(request, offer_id: int):
    offer = access_offer(request.user, offer_id, write=True)
    return services.offer_withdraw(actor=request.user, offer=offer)


@router.get("/meetings/{meeting_id}", response={200: MeetingDetailOut, **ERRORS}, tags=MEETINGS,
            summary="One meeting with agenda, notes and actions")
def get_meeting(request, meeting_id: int):
    return _detail(access_meeting(request.user, meeting_id))


@router.post("/meetings/{meeting_id}/move", response={200: MeetingDetailOut, **ERRORS},
             tags=MEETINGS, summary="Move one meeting or occurrence")
def move_meeting(request, meeting_id: int, payload: MoveIn):
    meeting = access_meeting(request.user, meeting_id, write=True)
    return _detail(services.meeting_move(actor=request.user, meeting=meeting,
                                         **payload.model_dump()))


@router.post("/meetings/{meeting_id}/cancel", response={200: MeetingDetailOut, **ERRORS},
             tags=MEETINGS, summary="Cancel, with a reason")
def cancel_meeting(request, meeting_id: int, payload: CancelIn):
    meeting = access_meeting(request.user, meeting_id, write=True)
    return _detail(services.meeting_cancel(actor=request.user, meeting=meeting,
                                           reason=payload.reason))


@router.post("/meetings/{meeting_id}/record", response={200: MeetingDetailOut, **ERRORS},
             tags=MEETINGS, summary="Mark held or missed")
def record_meeting(request, meeting_id: int, payload: RecordIn):
    meeting = access_meeting(request.user, meeting_id, write=True)
    return _detail(services.meeting_record(actor=request.user, meeting=meeting,
                                           outcome=payload.outcome))


@router.put("/meetings/{meeting_id}/notes", response={200: MeetingDetailOut, **ERRORS},
            tags=MEETINGS, summary="Replace the shared notes")
def update_notes(request, meeting_id: int, payload: NotesIn):
    meeting = access_meeting(request.user, meeting_id, write=True)
    return _detail(services.meeting_notes_update(actor=request.user, meeting=meeting,
                                                 notes=payload.notes))


@router.post("/meetings/{meeting_id}/agenda", response={201: AgendaOut, **ERRORS},
             tags=MEETINGS, summary="Add an agenda item")
def add_agenda(request, meeting_id: int, payload: TextIn):
    meeting = access_meeting(request.user, meeting_id, write=True)
    return Status(201, services.agenda_add(actor=request.user, meeting=meeting,
                                           text=payload.text))


@router.delete("/agenda/{agenda_id}", response={204: None, **ERRORS}, tags=MEETINGS,
               summary="Remove my agenda item")
def remove_agenda(request, agenda_id: int):
    item = access_agenda_item(request.user, agenda_id, write=True)
    services.agenda_remove(actor=request.user, item=item)
    return Status(204, None)


@router.post("/meetings/{meeting_id}/actions", response={201: ActionOut, **ERRORS},
             tags=MEETINGS, summary="Add an action item")
def add_action(request, meeting_id: int, payload: ActionIn):
    meeting = access_meeting(request.user, meeting_id, write=True)
    rel = meeting.relationship
    owner = {rel.mentee_id: rel.mentee, rel.mentor_id: rel.mentor}.get(payload.owner_id)
    return Status(201, services.action_add(actor=request.user, meeting=meeting,
                                           text=payload.text, owner=owner,
                                           due_date=payload.due_date))


@router.post("/actions/{action_id}/done", response={200: ActionOut, **ERRORS}, tags=MEETINGS,
             summary="Mark an action done or open")
def action_done(request, action_id: int, payload: DoneIn):
    item = access_action_item(request.user, action_id, write=True)
    return services.action_set_done(actor=request.user, item=item, done=payload.done)


# The operation id is the one it had when growth's API answered this path, so clients
# generated from the description keep their method name.
@router.post("/actions/{action_id}/milestone", response={201: MilestoneOut, **ERRORS},
             tags=MEETINGS, summary="Turn a meeting's action item into a goal milestone",
             operation_id="tandem_growth_api_action_to_milestone")
def action_to_milestone(request, action_id: int, payload: FromActionIn):
    action = access_action_item(request.user, action_id, write=True)
    return Status(201, milestone_from_action(actor=request.user, action=action,
                                             goal_id=payload.goal_id))


def _ics(body: bytes) -> HttpResponse:
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@router.get("/meetings/{meeting_id}/calendar.ics", response={200: str, **ERRORS},
            tags=CALENDAR, summary="The meeting (or its whole series) as iCalendar")
def meeting_ics(request, meeting_id: int):
    return _ics(calendar.meeting_ics(access_meeting(request.user, meeting_id)))


@router.get("/meeting-series/{series_id}/calendar.ics", response={200: str, **ERRORS},
            tags=CALENDAR, summary="A series as iCalendar (RRULE, EXDATE, overrides)")
def series_ics(request, series_id: int):
    return _ics(calendar.series_ics(access_series(request.user, series_id)))


@router.post("/me/calendar-feed", response={201: FeedOut, **ERRORS}, tags=CALENDAR,
             summary="Make a new secret subscription URL (the old one stops working)")
def regenerate_feed(request):
    secret = services.feed_regenerate(actor=request.user)
    return Status(201, {"url": request.build_absolute_uri(f"/calendar/{secret}.ics")})


@router.delete("/me/calendar-feed", response={204: None, **ERRORS}, tags=CALENDAR,
               summary="Stop my subscription URL")
def revoke_feed(request):
    services.feed_revoke(actor=request.user)
    return Status(204, None)
