from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone
from icalendar import Calendar

from tandem.accounts.services import availability_replace
from tandem.meetings import selectors, services
from tandem.meetings.models import Meeting, TimeOffer

NEXT_YEAR = timezone.now().year + 1


def test_it_finds_times_when_both_are_available_across_timezones(rel):
    # Mia (Lisbon, UTC+0 in winter) Tuesdays 17:00-19:00; Marta (Berlin, UTC+1) Tuesdays
    # 18:30-21:00 Berlin time = 17:30-20:00 UTC. Overlap: 17:30-19:00 UTC.
    availability_replace(actor=rel.mentee, profile=rel.mentee.profile,
                         windows=[{"weekday": 1, "start": "17:00", "end": "19:00"}])
    availability_replace(actor=rel.mentor, profile=rel.mentor.profile,
                         windows=[{"weekday": 1, "start": "18:30", "end": "21:00"}])
    monday = datetime(NEXT_YEAR, 1, 4, 12, tzinfo=UTC)
    monday -= timedelta(days=monday.weekday())
    slots = selectors.common_slots(rel, duration_minutes=60, now=monday, days=7)
    tuesday = (monday + timedelta(days=1)).date()
    assert [(s.date(), s.strftime("%H:%M")) for s in slots] == [
        (tuesday, "17:30"), (tuesday, "18:00")]


def test_it_offers_times_and_the_other_picks_one(rel, client_for):
    soon = timezone.now().replace(microsecond=0, second=0) + timedelta(days=2)
    offer = services.offer_create(actor=rel.mentor, relationship=rel,
                                  slots=[soon, soon + timedelta(hours=1)])
    page = client_for(rel.mentee).get(f"/mentorships/{rel.pk}/meetings/").content.decode()
    assert "offered these times" in page
    assert client_for(rel.mentor).post(f"/offers/{offer.pk}/pick/", {"index": "0"}).status_code == 403
    assert TimeOffer.objects.get(pk=offer.pk).status == "open"  # the offerer cannot pick
    client_for(rel.mentee).post(f"/offers/{offer.pk}/pick/", {"index": "1"})
    offer.refresh_from_db()
    assert offer.status == "picked" and offer.meeting.starts_at == soon + timedelta(hours=1)
    response = client_for(rel.mentee).post(f"/offers/{offer.pk}/pick/", {"index": "0"},
                                           follow=True)
    assert "already answered" in response.content.decode()


def test_it_schedules_a_series_in_the_browser_and_shows_the_next_meeting(rel, client_for):
    client = client_for(rel.mentor)
    response = client.post(f"/mentorships/{rel.pk}/meetings/series/", {
        "day": f"{NEXT_YEAR}-02-02", "at": "18:00", "tz": "Europe/Berlin", "frequency": "WEEKLY",
        "interval": "2", "count": "4", "duration_minutes": "60", "channel": "video", "place": ""})
    assert response.status_code == 302
    assert Meeting.objects.filter(relationship=rel).count() == 4
    mentee = client_for(rel.mentee)
    home = mentee.get(f"/mentorships/{rel.pk}/").content.decode()
    assert 'data-testid="header-next-meeting"' in home  # the workspace header
    tab = mentee.get(f"/mentorships/{rel.pk}/tab/meetings/").content.decode()
    assert 'data-testid="next-meeting"' in tab
    bad = client.post(f"/mentorships/{rel.pk}/meetings/series/", {
        "day": f"{NEXT_YEAR}-02-02", "at": "18:00", "tz": "Europe/Berlin", "frequency": "WEEKLY",
        "interval": "1", "count": "500", "duration_minutes": "60", "channel": "video"})
    assert bad.status_code == 400 and "A series has 2 to 60 meetings." in bad.content.decode()


def test_it_keeps_meetings_to_the_two_parties(rel, personas, client_for):
    meeting = services.meeting_schedule(actor=rel.mentee, relationship=rel,
                                        day=date(NEXT_YEAR, 5, 5), at=time(9, 0), tz="UTC")
    assert client_for(personas.mentor2).get(f"/meetings/{meeting.pk}/").status_code == 404
    assert client_for(personas.outsider).get(f"/meetings/{meeting.pk}/meeting.ics").status_code == 404
    response = client_for(rel.mentor).get(f"/meetings/{meeting.pk}/meeting.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert Calendar.from_ical(response.content).walk("VEVENT")[0]["UID"] == meeting.uid


def test_it_serves_a_secret_feed_that_can_be_revoked(rel, client_for, client):
    import recurring_ical_events

    services.series_create(actor=rel.mentor, relationship=rel, day=date(NEXT_YEAR, 4, 6),
                           at=time(17, 0), tz="Europe/Lisbon", frequency="WEEKLY", interval=1,
                           count=3)
    services.meeting_schedule(actor=rel.mentee, relationship=rel, day=date(NEXT_YEAR, 6, 1),
                              at=time(8, 0), tz="UTC")
    page = client_for(rel.mentee).post("/settings/calendar/").content.decode()
    url = page.split('data-testid="feed-url">')[1].split("<")[0]
    path = url.split("testserver")[1]
    feed = client.get(path)
    assert feed.status_code == 200
    events = recurring_ical_events.of(Calendar.from_ical(feed.content)).between(
        datetime(NEXT_YEAR, 1, 1), datetime(NEXT_YEAR, 12, 31))
    assert len(events) == 4
    client_for(rel.mentee).post("/settings/calendar/", {"action": "revoke"})
    assert client.get(path).status_code == 404
    assert client.get("/calendar/not-a-real-secret.ics").status_code == 404


def test_it_moves_cancels_and_marks_meetings_on_their_page(rel, client_for):
    meeting = services.meeting_schedule(actor=rel.mentee, relationship=rel,
                                        day=date(NEXT_YEAR, 5, 5), at=time(9, 0), tz="UTC")
    client = client_for(rel.mentor)
    assert client.post(f"/meetings/{meeting.pk}/agenda/", {"text": "Salary talk"}).status_code == 302
    assert client.post(f"/meetings/{meeting.pk}/move/", {"day": f"{NEXT_YEAR}-05-06",
                                                         "at": "10:00"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == datetime(NEXT_YEAR, 5, 6, 10, tzinfo=UTC)
    bad = client.post(f"/meetings/{meeting.pk}/cancel/", {"reason": ""})
    assert bad.status_code == 400
    client.post(f"/meetings/{meeting.pk}/cancel/", {"reason": "Travelling"})
    meeting.refresh_from_db()
    assert meeting.status == "cancelled" and meeting.cancel_reason == "Travelling"
    page = client_for(rel.mentee).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Cancelled: Travelling" in page and "Salary talk" in page


def test_it_lists_meetings_with_a_constant_query_count(rel, client_for, query_budget):
    day = [date(NEXT_YEAR, 1, 1)]

    def make(n):
        for _ in range(n):
            day[0] += timedelta(days=1)
            m = services.meeting_schedule(actor=rel.mentee, relationship=rel, day=day[0],
                                          at=time(9, 0), tz="UTC")
            services.agenda_add(actor=rel.mentee, meeting=m, text="Topic")

    client = client_for(rel.mentee)
    query_budget(make=make, call=lambda: client.get(f"/mentorships/{rel.pk}/meetings/"))
