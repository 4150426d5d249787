"""Meeting and reporting, end to end with two people in two browsers: the mentee offers
times where both are available, the mentor picks one and schedules a recurring series,
the mentee adds to an agenda, the mentor cancels one occurrence and records a past meeting
(held, shared notes, an action for the mentee), the series goes to a calendar file, and
both write the progress report that is due and read it back as charts."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from django.utils import timezone
from django.utils.dateformat import format as django_date
from playwright.sync_api import expect

from tandem.accounts.selectors import profile_of
from tandem.accounts.services import availability_replace
from tandem.accounts.tests.factories import PASSWORD, make_mentee, make_mentor
from tandem.feedback import selectors as report_selectors
from tandem.meetings.models import Meeting, MeetingSeries
from tandem.mentorships.models import Agreement, Relationship
from tandem.mentorships.services import agreement_confirm, request_accept, request_create
from tandem.notifications.models import Notification
from tests.browser import axe

# Every kind of page a journey visits is checked with axe-core (tests/browser/axe.py).
new_page, screenshot, sign_in = axe.new_page, axe.screenshot, axe.sign_in
pytestmark = pytest.mark.django_db(transaction=True)

MENTOR, MENTEE = "Beatriz Costa", "Ana Ferreira"
GOAL = "Move into a backend role"
LISBON, BERLIN, UTC = ZoneInfo("Europe/Lisbon"), ZoneInfo("Europe/Berlin"), ZoneInfo("UTC")
# Tuesdays, each on their own clock: they overlap 17:30-19:00 in Lisbon (18:30-20:00 in
# Berlin), so an hour-long meeting can start at 17:30 or 18:00 Lisbon time.
MENTEE_WINDOW = {"weekday": 1, "start": "17:00", "end": "19:00"}
MENTOR_WINDOW = {"weekday": 1, "start": "18:30", "end": "21:00"}
MEETING_LINK = "https://meet.example.com/beatriz-ana"
AGENDA = ("How to present my pipeline work as backend experience",
          "Which Django topics to study first")
CANCEL_REASON = "I am at a conference that week; let us pick it up a fortnight later."
NOTES = "Ana's CV undersells the two APIs she built. Lead with them, numbers first."
ACTION = "Rewrite the CV summary around the two APIs"


def seed() -> Relationship:
    """Ana (Lisbon) mentored by Beatriz (Berlin) for nine weeks under a confirmed agreement
    that asks for a report every four weeks, with one meeting last week not yet recorded."""
    mentor = make_mentor(email="beatriz@example.com", name=MENTOR, timezone="Europe/Berlin",
                         windows=[MENTOR_WINDOW])
    mentee = make_mentee(email="ana@example.com", name=MENTEE, goals=(GOAL,))
    availability_replace(actor=mentee, profile=profile_of(mentee), windows=[MENTEE_WINDOW])
    request = request_create(actor=mentee, mentor=mentor, message="Hello Beatriz",
                             goal_ids=[mentee.career_goals.get().pk])
    rel = request_accept(actor=mentor, request=request)
    agreement_confirm(actor=mentee, relationship=rel, version=1)
    agreement_confirm(actor=mentor, relationship=rel, version=1)
    today = timezone.localdate()
    Agreement.objects.filter(relationship=rel).update(
        start_date=today - timedelta(weeks=9), end_date=today + timedelta(weeks=20),
        report_every_weeks=4, meeting_place=MEETING_LINK)
    last_week = today - timedelta(days=7)
    Meeting.objects.create(relationship=rel, timezone="UTC", created_by=mentor,
                           starts_at=datetime.combine(last_week, time(16, 30), tzinfo=UTC))
    # What the seeding told them (the request, the agreement) is old news.
    Notification.objects.update(read_at=timezone.now())
    return rel


def shown(moment: datetime, zone: ZoneInfo, fmt: str) -> str:
    """``moment`` as a template shows it to someone in ``zone`` (``|date:fmt``)."""
    return django_date(moment.astimezone(zone), fmt)


def common_slots(now: datetime) -> list[datetime]:
    """The start times the overlap gives in the next two weeks, soonest first."""
    today = now.astimezone(LISBON).date()
    slots = []
    for offset in range(15):
        day = today + timedelta(days=offset)
        if day.weekday() == 1:
            slots += [datetime.combine(day, at, tzinfo=LISBON)
                      for at in (time(17, 30), time(18, 0))]
    return [s for s in slots if now < s <= now + timedelta(days=14)]


def first_tuesday_from(day: date) -> date:
    return day + timedelta(days=(1 - day.weekday()) % 7)


def download_calendar(page, link_name: str, series: MeetingSeries):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    download = info.value
    assert download.suggested_filename == f"tandem-series-{series.pk}.ics"
    with open(download.path(), "rb") as file:
        return icalendar.Calendar.from_ical(file.read())


def master_event(cal):
    masters = [e for e in cal.walk("VEVENT") if "RECURRENCE-ID" not in e]
    assert len(masters) == 1, cal.to_ical().decode()
    return masters[0]


def occurrences(cal) -> list[datetime]:
    return [e.start for e in recurring_ical_events.of(cal).between(
        datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))]


def exdates(event) -> list[datetime]:
    found = event.get("EXDATE", [])
    return [d.dt for entry in (found if isinstance(found, list) else [found]) for d in entry.dts]


def field(form, name: str):
    return form.locator(f"[name={name}]")


def feedback_tab(page):
    """The workspace's "Feedback and reports" tab, where the Progress reports card is."""
    return page.get_by_role("navigation", name="Mentorship").get_by_role(
        "link", name="Feedback and reports")


def rows_of(page):
    return page.get_by_role("region", name="All meetings").locator("tbody tr")


def test_find_a_time_schedule_a_series_record_a_meeting_and_report(
    new_page, sign_in, screenshot, console_log
):
    # Step 1: the mentorship, both people signed in, each in their own timezone.
    rel = seed()
    mentorship_url = f"/mentorships/{rel.pk}/"
    ana = new_page()
    sign_in(ana, "ana@example.com", PASSWORD)
    beatriz = new_page(timezone_id="Europe/Berlin")
    sign_in(beatriz, "beatriz@example.com", PASSWORD)
    ana_status, beatriz_status = ana.get_by_role("status"), beatriz.get_by_role("status")
    past = Meeting.objects.get(relationship=rel)

    # Step 2: Ana goes from the mentorship to its meetings and offers two of the times when
    # both are free, shown on her clock.
    ana.goto(mentorship_url)
    expect(ana.get_by_role("heading", level=1)).to_have_text(f"Mentorship with {MENTOR}")
    axe.check_new_page(ana)
    ana.get_by_role("navigation", name="Mentorship").get_by_role(
        "link", name="Meetings", exact=True).click()  # the workspace's Meetings tab
    axe.check_new_page(ana)
    meetings_card = ana.get_by_role("region", name="Meetings")
    expect(meetings_card).to_contain_text("No meeting scheduled.")
    meetings_card.get_by_role("link", name="Find a time and see all meetings").click()
    expect(ana.get_by_role("heading", level=1)).to_have_text(f"Meetings with {MENTOR}")
    expect(ana.get_by_text("Times are shown in your timezone, Europe/Lisbon.")).to_be_visible()
    expect(ana.get_by_test_id("next-meeting")).to_have_count(0)
    expect(rows_of(ana)).to_have_count(1)
    slots = common_slots(timezone.now())
    assert len(slots) >= 2, slots
    find = ana.get_by_role("group", name="Offer up to three")
    expect(find.locator("label")).to_have_text(
        [shown(s, LISBON, "D j M, H:i") for s in slots])
    offered = slots[:2]
    for slot in offered:
        find.get_by_label(shown(slot, LISBON, "D j M, H:i")).check()
    screenshot(ana, "mentee-ticks-two-times")
    ana.get_by_role("button", name=f"Offer these times to {MENTOR}").click()
    expect(ana_status).to_have_text("Your times were offered.")
    offers = ana.get_by_role("region", name="Times offered")
    expect(offers).to_contain_text(f"You offered these times; waiting for {MENTOR} to pick one.")
    expect(offers.get_by_role("listitem")).to_have_text(
        [shown(s, LISBON, "D j M, H:i") for s in offered])

    # Beatriz is told, follows the notification and picks the later time, on her clock.
    beatriz.goto("/")
    header = beatriz.get_by_role("banner")
    expect(header.get_by_test_id("unread-count")).to_have_text("1 unread")
    header.get_by_role("link", name="Notifications").click()
    notification = beatriz.get_by_role("link", name=f"{MENTEE} offered 2 times to meet: pick one")
    expect(notification).to_be_visible()
    axe.check_new_page(beatriz)
    notification.focus()  # see test_journey_ask_and_agree: the visually-hidden span
    notification.press("Enter")
    expect(beatriz.get_by_role("heading", level=1)).to_have_text(f"Meetings with {MENTEE}")
    expect(beatriz.get_by_text("Times are shown in your timezone, Europe/Berlin.")).to_be_visible()
    picks = beatriz.get_by_role("group", name="Offered times")
    expect(picks.locator("label")).to_have_text(
        [shown(s, BERLIN, "D j M, H:i") for s in offered])
    picks.get_by_label(shown(offered[1], BERLIN, "D j M, H:i")).check()
    screenshot(beatriz, "mentor-picks-a-time")
    beatriz.get_by_role("button", name="Pick this time").click()
    expect(beatriz_status).to_have_text("The meeting is scheduled.")
    expect(beatriz.get_by_role("region", name="Times offered")).to_have_count(0)
    expect(beatriz.get_by_test_id("next-meeting")).to_contain_text(
        shown(offered[1], BERLIN, "l j F Y, H:i"))
    expect(rows_of(beatriz)).to_have_count(2)
    ana.reload()
    expect(ana.get_by_test_id("next-meeting")).to_contain_text(
        shown(offered[1], LISBON, "l j F Y, H:i"))
    expect(ana.get_by_role("region", name="Times offered")).to_have_count(0)

    # Step 3: Beatriz schedules a series from the form the agreement pre-fills: four
    # meetings, every two weeks, from a Tuesday three weeks on, at 17:30 Lisbon time.
    form = beatriz.get_by_role("region", name="Schedule a recurring series")
    # By name, not label: the page's three forms share ids (id_day, id_duration_minutes...),
    # so a label names the first field with its id, often in another form (reported).
    expect(field(form, "tz")).to_have_value("Europe/Lisbon")
    expect(field(form, "frequency")).to_have_value("WEEKLY")
    expect(field(form, "interval")).to_have_value("2")
    expect(field(form, "duration_minutes")).to_have_value("60")
    expect(field(form, "channel")).to_have_value("video")
    expect(field(form, "place")).to_have_value(MEETING_LINK)
    first_day = first_tuesday_from(timezone.localdate() + timedelta(weeks=3))
    field(form, "day").fill(first_day.isoformat())
    field(form, "at").fill("17:30")
    field(form, "count").fill("4")
    screenshot(beatriz, "mentor-fills-in-series")
    # By keyboard: after a full-page screenshot of this long page, chromium scrolls back on
    # the mouse press and the click lands beside the button.
    field(form, "count").press("Enter")
    expect(beatriz_status).to_have_text("The meetings are scheduled.")
    starts = [datetime.combine(first_day + timedelta(weeks=2 * n), time(17, 30), tzinfo=LISBON)
              for n in range(4)]
    rows = rows_of(beatriz)
    expect(rows).to_have_count(6)
    expect(rows.locator("td:first-child")).to_have_text(
        [shown(past.starts_at, BERLIN, "D j M Y, H:i"),
         shown(offered[1], BERLIN, "D j M Y, H:i"),
         *[shown(s, BERLIN, "D j M Y, H:i") for s in starts]])
    expect(rows.locator("td:nth-child(3)")).to_have_text(["To record"] + ["Scheduled"] * 5)
    screenshot(beatriz, "mentor-series-scheduled")
    series = MeetingSeries.objects.get(relationship=rel)
    series_link = re.compile(r"^Add the series starting .* to your calendar \(\.ics\)$")
    before = download_calendar(beatriz, series_link, series)
    assert occurrences(before) == starts

    # Step 4: Ana puts two things on the agenda of the first meeting of the series.
    ana.reload()
    ana.get_by_role("link", name=shown(starts[0], LISBON, "D j M Y, H:i")).click()
    expect(ana.get_by_role("heading", level=1)).to_have_text(
        f"Meeting on {shown(starts[0], LISBON, 'l j F Y, H:i')}")
    expect(ana.get_by_test_id("meeting-status")).to_have_text("Scheduled")
    expect(ana.get_by_text(f"60 minutes, video call · {MEETING_LINK} · part of a series")
           ).to_be_visible()
    agenda = ana.get_by_role("region", name="Agenda")
    expect(agenda).to_contain_text("Nothing yet. What do you want to talk about?")
    for item in AGENDA:
        agenda.get_by_role("textbox").fill(item)
        agenda.get_by_role("button", name="Add to the agenda").click()
        expect(ana_status).to_have_text("Added to the agenda.")
    expect(agenda.get_by_role("listitem")).to_have_text(
        [re.compile(rf"^{re.escape(item)} — {MENTEE}\b") for item in AGENDA])
    screenshot(ana, "mentee-agenda")

    # Beatriz cancels the third, saying why; the list shows it cancelled, the rest as they were.
    beatriz.get_by_role("link", name=shown(starts[2], BERLIN, "D j M Y, H:i")).click()
    expect(beatriz.get_by_role("heading", level=1)).to_have_text(
        f"Meeting on {shown(starts[2], BERLIN, 'l j F Y, H:i')}")
    beatriz.get_by_label("Why is it cancelled?").fill(CANCEL_REASON)
    beatriz.get_by_role("button", name="Cancel this meeting").click()
    expect(beatriz_status).to_have_text("The meeting was cancelled.")
    expect(beatriz.get_by_test_id("meeting-status")).to_have_text("Cancelled")
    expect(beatriz.get_by_text(f"Cancelled: {CANCEL_REASON}")).to_be_visible()
    expect(beatriz.get_by_role("button", name="Cancel this meeting")).to_have_count(0)
    screenshot(beatriz, "mentor-cancelled-one")
    beatriz.get_by_role("link", name=f"← Meetings with {MENTEE}").click()
    rows = rows_of(beatriz)
    expect(rows.locator("td:nth-child(3)")).to_have_text(
        ["To record", "Scheduled", "Scheduled", "Scheduled", "Cancelled", "Scheduled"])
    expect(rows.locator("td:nth-child(4)")).to_have_text(
        ["0 items", "0 items", "2 items", "0 items", "0 items", "0 items"])
    screenshot(beatriz, "mentor-list-with-cancelled")

    # Step 5: Beatriz records last week's meeting: held, shared notes, an action for Ana.
    due = timezone.localdate() + timedelta(days=10)
    beatriz.get_by_role("link", name=shown(past.starts_at, BERLIN, "D j M Y, H:i")).click()
    expect(beatriz.get_by_role("heading", name="How did it go?")).to_be_visible()
    beatriz.get_by_role("button", name="Mark as held").click()
    expect(beatriz_status).to_have_text("Marked as held.")
    expect(beatriz.get_by_test_id("meeting-status")).to_have_text("Held")
    expect(beatriz.get_by_role("button", name="Mark as missed instead")).to_be_visible()
    beatriz.get_by_role("textbox", name="Notes", exact=True).fill(NOTES)
    beatriz.get_by_role("button", name="Save notes").click()
    expect(beatriz_status).to_have_text("Notes saved.")
    actions = beatriz.get_by_role("region", name="Action items")
    expect(actions).to_contain_text("No actions yet.")
    # By name: the agenda's field has the same id (id_text), so "Action" labels that one.
    field(actions, "text").fill(ACTION)
    actions.get_by_label("Who").select_option(label=f"{MENTEE} (mentee)")
    actions.get_by_label("Due").fill(due.isoformat())
    screenshot(beatriz, "mentor-records-meeting")
    actions.get_by_role("button", name="Add action").click()
    expect(beatriz_status).to_have_text("Action added.")
    action_line = f"{ACTION} — {MENTEE}, due {django_date(due, 'j M')}"
    expect(actions.get_by_role("listitem")).to_have_text([re.compile(rf"^{re.escape(action_line)}\b")])

    # Ana is told about the action, follows it and reads the notes and her action.
    ana.goto("/")
    ana_header = ana.get_by_role("banner")
    expect(ana_header.get_by_test_id("unread-count")).to_have_text("4 unread")
    ana_header.get_by_role("link", name="Notifications").click()
    notification = ana.get_by_role("link", name=f"{MENTOR} gave you an action: {ACTION}")
    expect(notification).to_be_visible()
    axe.check_new_page(ana)
    notification.focus()
    notification.press("Enter")
    expect(ana.get_by_role("heading", level=1)).to_have_text(
        f"Meeting on {shown(past.starts_at, LISBON, 'l j F Y, H:i')}")
    expect(ana.get_by_test_id("meeting-status")).to_have_text("Held")
    expect(ana.get_by_role("textbox", name="Notes", exact=True)).to_have_value(NOTES)
    mine = ana.get_by_role("region", name="Action items").get_by_role("listitem")
    expect(mine).to_have_text([re.compile(rf"^{re.escape(action_line)}\s+Mark done {ACTION}\b")])
    screenshot(ana, "mentee-reads-notes-and-action")

    # Step 6: the series as a calendar file: same UID, three occurrences, one EXDATE.
    ana.get_by_role("link", name=f"← Meetings with {MENTOR}").click()
    expect(rows_of(ana).locator("td:nth-child(3)")).to_have_text(
        ["Held", "Scheduled", "Scheduled", "Scheduled", "Cancelled", "Scheduled"])
    after = download_calendar(ana, series_link, series)
    master = master_event(after)
    assert str(master["UID"]) == str(master_event(before)["UID"]) == series.uid
    assert master["SEQUENCE"] > master_event(before)["SEQUENCE"]
    assert exdates(master) == [starts[2]]
    assert occurrences(after) == [starts[0], starts[1], starts[3]]

    # Step 7: each writes the report that is due, from the mentorship page.
    due_dates = [d for d in report_selectors.due_dates(rel) if d <= timezone.localdate()]
    report_due = due_dates[-1]
    filled = {ana: (4, 40, "Too rare", "We found my real gap: system design."),
              beatriz: (5, 50, "About right", "Ana prepares every meeting well.")}
    for person, (satisfaction, percent, cadence, went_well) in filled.items():
        person.goto(mentorship_url)
        feedback_tab(person).click()
        axe.check_new_page(person)
        person.get_by_role("region", name="Progress reports").get_by_role(
            "link", name="Reports").click()
        expect(person.get_by_role("heading", level=1)).to_have_text("Progress reports")
        axe.check_new_page(person)
        reports = person.get_by_role("table").locator("tbody tr")
        expect(reports).to_have_count(len(due_dates) + 1)
        expect(reports.first).to_contain_text("(next)")
        row = reports.nth(1)
        expect(row.locator("td").first).to_have_text(django_date(report_due, "j F Y"))
        row.get_by_role("link", name="Write it").click()
        expect(person.get_by_role("heading", level=1)).to_have_text(
            f"Progress report due {django_date(report_due, 'j F Y')}")
        person.get_by_label(f"{GOAL}: status").select_option(label="In progress")
        person.get_by_label(f"{GOAL}: percent done").fill(str(percent))
        person.get_by_label("What went well").fill(went_well)
        person.get_by_role("group", name="How satisfied are you").get_by_label(
            str(satisfaction), exact=True).check()
        person.get_by_role("group", name="Do we meet as often").get_by_label(cadence).check()
        screenshot(person, f"{'mentee' if person is ana else 'mentor'}-writes-report")
        person.get_by_role("button", name="Save report").click()
        expect(person.get_by_role("status")).to_have_text("Your report is saved. Thank you.")
        author = MENTEE if person is ana else MENTOR
        expect(person.get_by_role("heading", level=1)).to_have_text(
            f"{author}'s report, due {django_date(report_due, 'j F Y')}")
        expect(person.get_by_text(f"Satisfaction {satisfaction} of 5")).to_be_visible()
        axe.check_new_page(person)

    # Both see the history as charts, with the figures as a table.
    for person in (ana, beatriz):
        person.goto(mentorship_url)
        feedback_tab(person).click()
        person.get_by_role("link", name="History as charts").click()
        expect(person.get_by_role("heading", level=1)).to_have_text("How the mentorship is going")
        charts = {"Satisfaction with the mentorship": ["4", "5"], f"Progress: {GOAL}": ["40", "50"]}
        for title, values in charts.items():
            chart = person.get_by_role("region", name=title)
            expect(chart.get_by_role("img", name=title)).to_have_count(1)
            expect(chart.locator("svg[role=img]")).to_be_visible()
            chart.get_by_text("The figures as a table").click()
            cells = chart.get_by_role("table").locator("tbody tr td")
            expect(cells).to_have_text([django_date(report_due, "j M Y"), *values])
        screenshot(person, f"{'mentee' if person is ana else 'mentor'}-sees-charts")

    # Step 8: nothing went wrong in either browser.
    console_log.assert_clean()
