"""A meeting picked from offered times takes its place from the agreement, as a series
does (issue 16, item 18)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from tandem.accounts.services import availability_replace
from tandem.meetings import calendar, selectors, services
from tandem.meetings.models import TimeOffer

LINK = "https://meet.example/mia-marta"


@pytest.fixture
def agreed(rel):
    rel.agreements.update(channel="video", meeting_place=LINK)
    return rel


def _slots():
    soon = (timezone.now() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    return [soon, soon + timedelta(hours=1)]


def _location(meeting) -> str:
    event = Calendar.from_ical(calendar.meeting_ics(meeting)).walk("VEVENT")[0]
    return str(event.get("LOCATION", ""))


def test_it_takes_the_agreements_video_link_for_an_offer_made_on_the_page(agreed, client_for):
    for person in (agreed.mentee, agreed.mentor):
        availability_replace(actor=person, profile=person.profile, windows=[
            {"weekday": day, "start": "10:00", "end": "20:00"} for day in range(7)])
    slots = selectors.common_slots(agreed, duration_minutes=60)
    assert slots
    response = client_for(agreed.mentor).post(
        f"/mentorships/{agreed.pk}/meetings/offer/",
        {"slots": [slots[0].isoformat()], "duration_minutes": "60"})
    assert response.status_code == 302
    offer = TimeOffer.objects.get(relationship=agreed)
    client_for(agreed.mentee).post(f"/offers/{offer.pk}/pick/", {"index": "0"})
    offer.refresh_from_db()
    assert offer.meeting.place == LINK
    assert _location(offer.meeting) == LINK


def test_it_takes_the_agreements_link_for_an_offer_made_over_the_api(agreed, api_client):
    slots = _slots()
    made = api_client(agreed.mentee).post(f"/api/mentorships/{agreed.pk}/time-offers",
                                          {"slots": [s.isoformat() for s in slots]})
    assert made.status_code == 201, made.content
    picked = api_client(agreed.mentor).post(f"/api/time-offers/{made.json()['id']}/pick",
                                            {"index": 1})
    assert picked.status_code == 201
    assert picked.json()["place"] == LINK


def test_it_keeps_a_place_the_offer_names(agreed):
    offer = services.offer_create(actor=agreed.mentor, relationship=agreed, slots=_slots(),
                                  channel="in_person", place="Café Lisboa")
    meeting = services.offer_pick(actor=agreed.mentee, offer=offer, index=0)
    assert meeting.place == "Café Lisboa" and meeting.channel == "in_person"
