"""A group mentoring circle, end to end in three browsers: a mentor starts a circle that
takes requests and invites one mentee, who joins from her circles page; a second mentee
finds the circle by searching the open circles and asks to join, and the mentor accepts.
The mentor plans a series of meetings; at the first one a member adds to the agenda and
writes notes, the mentor records attendance; a post appears for another member without a
reload (htmx polling); finally a member leaves and the mentor sees it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tandem.accounts.tests.factories import PASSWORD, make_mentee, make_mentor
from tandem.circles.models import CircleMeeting, Membership
from tests.browser import axe

# Every kind of page a journey visits is checked with axe-core (tests/browser/axe.py).
new_page, screenshot, sign_in = axe.new_page, axe.screenshot, axe.sign_in

pytestmark = pytest.mark.django_db(transaction=True)

MENTOR, ANA, RUI = "Beatriz Costa", "Ana Ferreira", "Rui Santos"
TOPIC = "Senior interview prep"
DESCRIPTION = "Backend engineers preparing for **senior** interviews together."
AGENDA = "Mock system design: a URL shortener"
NOTES = "Start from the numbers; draw the write path first."
POST = "I passed the phone screen thanks to the mock!"


def test_a_mentor_starts_a_circle_two_mentees_join_meet_and_one_leaves(
    new_page, sign_in, screenshot, console_log
):
    make_mentor(email="beatriz@example.com", name=MENTOR, skills=["System design"])
    make_mentee(email="ana@example.com", name=ANA)
    make_mentee(email="rui@example.com", name=RUI)

    # Step 1: Beatriz starts a mentor-led circle that takes requests.
    beatriz = new_page(timezone_id="Europe/Berlin")
    # The live server's first page can be slow on a busy machine: let it warm up.
    beatriz.goto("/accounts/login/", timeout=60_000)
    sign_in(beatriz, "beatriz@example.com", PASSWORD)
    beatriz.goto("/circles/")
    expect(beatriz.get_by_role("heading", level=1)).to_have_text("Circles")
    beatriz.get_by_role("link", name="Start a circle").click()
    kind = beatriz.get_by_role("group", name="Kind of circle")
    expect(kind.get_by_label("Mentor-led: I mentor the circle")).to_be_checked()
    beatriz.get_by_label("Topic").fill(TOPIC)
    beatriz.get_by_label("Description").fill(DESCRIPTION)
    beatriz.get_by_label("Members at most").fill("4")
    beatriz.get_by_label("How people join").select_option(label="By request (anyone may ask)")
    beatriz.get_by_label("How you meet").select_option(label="Video call")
    screenshot(beatriz, "mentor-starts-circle")
    beatriz.get_by_role("button", name="Start the circle").click()
    expect(beatriz.get_by_role("status")).to_contain_text("Circle started.")
    expect(beatriz.get_by_role("heading", level=1)).to_have_text(TOPIC)
    expect(beatriz.get_by_role("navigation", name="Circle").get_by_role(
        "link", name="Members")).to_have_attribute("aria-current", "page")

    # Step 2: she invites Ana by her email address.
    invite = beatriz.get_by_role("region", name="Invite someone")
    invite.get_by_label("Their email address").fill("ana@example.com")
    invite.get_by_label("A note (optional)").fill("Your interviews are in May: join us!")
    invite.get_by_role("button", name="Send the invitation").click()
    expect(beatriz.get_by_role("status")).to_contain_text("Invitation sent.")
    expect(beatriz.get_by_text(ANA)).to_be_visible()

    # Step 3: Ana accepts the invitation from her circles page.
    ana = new_page()
    sign_in(ana, "ana@example.com", PASSWORD)
    ana.goto("/circles/")
    invitations = ana.get_by_test_id("circle-invitations")
    expect(invitations).to_contain_text(TOPIC)
    screenshot(ana, "mentee-invited")
    invitations.get_by_role("button", name=f"Join {TOPIC}").click()
    expect(ana.get_by_role("status")).to_contain_text("Welcome to the circle.")
    expect(ana.get_by_role("heading", level=1)).to_have_text(TOPIC)

    # Step 4: Rui finds the circle by searching the open circles and asks to join.
    rui = new_page()
    sign_in(rui, "rui@example.com", PASSWORD)
    rui.goto("/circles/")
    rui.get_by_label("Search open circles by topic").fill("interview")
    rui.get_by_role("button", name="Search").click()
    rui.get_by_test_id("open-circles").get_by_role("link", name=TOPIC).click()
    expect(rui.get_by_text("Backend engineers preparing for")).to_be_visible()
    rui.get_by_label("Why you would like to join (optional)").fill("Interviewing in June.")
    rui.get_by_role("button", name="Ask to join").click()
    expect(rui.get_by_role("status")).to_contain_text("Request sent.")
    expect(rui.get_by_test_id("requested")).to_be_visible()

    # Step 5: Beatriz accepts Rui's request.
    beatriz.reload()
    requests = beatriz.get_by_test_id("join-requests")
    expect(requests).to_contain_text("Interviewing in June.")
    screenshot(beatriz, "mentor-sees-request")
    requests.get_by_role("button", name=f"Accept {RUI}").click()
    expect(beatriz.get_by_role("status")).to_contain_text(f"{RUI} joined the circle.")
    expect(beatriz.get_by_test_id("members")).to_contain_text(RUI)

    # Step 6: she plans three meetings, every two weeks from tomorrow at 18:00.
    beatriz.get_by_role("navigation", name="Circle").get_by_role("link", name="Meetings").click()
    axe.check_new_page(beatriz)
    tomorrow = timezone.localdate() + timedelta(days=1)
    beatriz.get_by_label("First meeting").fill(tomorrow.isoformat())
    beatriz.get_by_label("At", exact=True).fill("18:00")
    beatriz.get_by_label("How many meetings to plan").fill("3")
    beatriz.get_by_label("Every how many weeks").fill("2")
    beatriz.get_by_role("button", name="Plan the meetings").click()
    expect(beatriz.get_by_role("status")).to_contain_text("3 meetings planned.")
    expect(beatriz.get_by_test_id("next-meeting")).to_be_visible()

    # Time passes: the first meeting began half an hour ago.
    first = CircleMeeting.objects.order_by("starts_at").first()
    CircleMeeting.objects.filter(pk=first.pk).update(
        starts_at=timezone.now() - timedelta(minutes=30))

    # Step 7: at the meeting, Ana adds to the agenda and writes her notes.
    ana.get_by_role("navigation", name="Circle").get_by_role("link", name="Meetings").click()
    ana.get_by_test_id("past-meetings").get_by_role("link").first.click()
    ana.get_by_label("Add a topic to the agenda").fill(AGENDA)
    ana.get_by_role("button", name="Add to the agenda").click()
    expect(ana.get_by_role("status")).to_contain_text("Added to the agenda.")
    ana.get_by_label("Your notes").fill(NOTES)
    ana.get_by_role("button", name="Save my notes").click()
    expect(ana.get_by_role("status")).to_contain_text("Your notes are saved.")
    expect(ana.get_by_test_id("meeting-note")).to_contain_text("Start from the numbers")

    # Step 8: Beatriz records who came: Rui missed it.
    beatriz.goto(ana.url.replace(ana.url.split("/circles/")[0], ""))
    expect(beatriz.get_by_test_id("agenda")).to_contain_text(AGENDA)
    beatriz.get_by_label(RUI).uncheck()
    screenshot(beatriz, "mentor-records-attendance")
    beatriz.get_by_role("button", name="Record attendance").click()
    expect(beatriz.get_by_role("status")).to_contain_text("Attendance recorded.")
    expect(beatriz.get_by_test_id("meeting-status")).to_have_text("Held")

    # Step 9: Ana has the conversation open; Rui's post appears there without a reload.
    ana.get_by_role("navigation", name="Circle").get_by_role(
        "link", name="Conversation", exact=True).click()
    expect(ana.get_by_role("heading", name="Conversation", exact=True)).to_be_visible()
    rui.goto(beatriz.url.split("/circles/")[0] + "/circles/")
    rui.get_by_test_id("my-circles").get_by_role("link", name=TOPIC).click()
    rui.get_by_role("navigation", name="Circle").get_by_role(
        "link", name="Conversation", exact=True).click()
    rui.get_by_label("Write to the circle").fill(POST)
    rui.get_by_role("button", name="Post").click()
    expect(rui.get_by_role("status")).to_contain_text("Posted.")
    expect(ana.get_by_test_id("posts").get_by_text(POST)).to_be_visible(timeout=15_000)
    screenshot(ana, "post-arrives-without-reload")

    # Step 10: Rui leaves the circle; his post stays, Beatriz sees him among former members.
    rui.get_by_role("navigation", name="Circle").get_by_role("link", name="Overview").click()
    axe.check_new_page(rui)
    rui.get_by_role("link", name="Leave the circle").click()
    axe.check_new_page(rui)
    rui.get_by_role("button", name=f"Leave “{TOPIC}”").click()
    expect(rui.get_by_role("status")).to_contain_text(f"You left the circle “{TOPIC}”.")
    expect(rui.get_by_text("You are not in a circle yet.")).to_be_visible()
    beatriz.get_by_role("navigation", name="Circle").get_by_role("link", name="Members").click()
    expect(beatriz.get_by_text(f"{RUI} — left")).to_be_visible()
    screenshot(beatriz, "member-left")
    assert Membership.objects.get(user__email="rui@example.com").status == "left"
    console_log.assert_clean()
