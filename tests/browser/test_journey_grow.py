"""Growing together, end to end with two people in two browsers: the mentee adds a SMART goal
with milestones and shares it with the mentorship; the mentor comments on it and builds a
development plan item; the mentee acknowledges the comment and asks for feedback; the mentor
answers the open request from the dashboard with constructive feedback; the mentee says
"Got it", writes a shared journal entry, gives kudos that show on the mentor's public page,
keeps a private note the mentor never sees, reads the timeline filtered by kind, and exports
the record as a printable page and as Markdown."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django.utils.dateformat import format as django_date
from playwright.sync_api import expect

from tandem.accounts.tests.factories import PASSWORD, make_mentee, make_mentor
from tandem.mentorships.models import Relationship
from tandem.mentorships.services import (
    agreement_confirm,
    agreement_propose,
    request_accept,
    request_create,
)
from tandem.notifications.models import Notification
from tests.browser import axe

# Every kind of page a journey visits is checked with axe-core (tests/browser/axe.py).
new_page, screenshot, sign_in = axe.new_page, axe.screenshot, axe.sign_in
pytestmark = pytest.mark.django_db(transaction=True)

MENTOR, MENTEE = "Beatriz Costa", "Ana Ferreira"
# The README takes its pictures from the demo (scripts/screenshots.py); these are for people
# reviewing a run.
DOCS = Path(__file__).resolve().parents[2] / "test-artifacts" / "readme"

GOAL = "Move into a backend role"
WHY = "I want to build the services my pipelines depend on, not just consume them."
MEASURE = "An offer for a backend position, or leading one API project at work."
MILESTONES = ("Ship a small Django REST API end to end", "Pass a system design mock interview")
REPLY = "Thank you. The pipeline status API could be that one; I will start there."
COMMENT = "Great goal. Aim for **one API in production** first; interviews will follow from it."
PLAN_ITEM = "Designing REST APIs in Django"
PLAN_DESCRIPTION = ("Resources and their URLs, status codes, pagination, and errors a client "
                    "can act on.")
PLAN_ACTION = "Build an API for the team's pipeline status, with tests"
RESOURCE = ("Designing Web APIs", "https://www.oreilly.com/library/view/designing-web-apis/")
TOPIC = "My first API design document"
DETAILS = "Is the resource model clear? Would you split the endpoints differently?"
WORK_LINK = "https://docs.example.com/ana/pipeline-status-api"
FEEDBACK = ("The resource model is clear, but the status endpoint does too much: split reads "
            "from the re-run action and say which errors a client can retry.")
JOURNAL_TITLE = "Reworked the API design after Beatriz's feedback"
JOURNAL_BODY = "Split the status endpoint in two. Writing the retry rules down was the hard part."
TAGS = "api design, feedback"
WHAT_HELPED = "Beatriz reads my drafts closely and always says what to try next."
COULD_BE_BETTER = "A written summary after each meeting would help me remember."
CONTRIBUTION = "Shared my notes from a talk on API versioning."
NOTE = "Ask about the tech lead path only once the API ships. Not ready to say it yet."


def seed() -> Relationship:
    """Ana (Lisbon) mentored by Beatriz (Berlin) under a confirmed agreement; Ana likes
    direct feedback and has no career goal yet."""
    mentor = make_mentor(email="beatriz@example.com", name=MENTOR)
    mentee = make_mentee(email="ana@example.com", name=MENTEE, goals=(),
                         feedback_style="direct", feedback_notes="Tell me straight.")
    request = request_create(actor=mentee, mentor=mentor, message="Hello Beatriz")
    rel = request_accept(actor=mentor, request=request)
    agreement_propose(actor=mentor, relationship=rel, changes={
        "objectives": [{"text": "Ship backend work Ana can show"}]})
    agreement_confirm(actor=mentee, relationship=rel, version=1)  # the mentor's proposal
    assert rel.agreements.get().status == "confirmed"
    Notification.objects.update(read_at=timezone.now())
    return rel


def open_mentorship(page, other: str, tab: str | None = None) -> None:
    """From the header to the mentorship's Overview, and on to one of its tabs."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Mentorships").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My mentorships")
    axe.check_new_page(page)
    page.get_by_role("link", name=other, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Mentorship with {other}")
    axe.check_new_page(page)
    if tab:
        open_tab(page, tab)


def open_tab(page, tab: str) -> None:
    """A tab of the mentorship's workspace, from its sub-navigation."""
    page.get_by_role("navigation", name="Mentorship").get_by_role(
        "link", name=tab, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(tab)
    axe.check_new_page(page)


def go_home(page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Tandem").click()


def readme_shot(page, name: str) -> None:
    """A clean full-page screenshot for the README, 1280 pixels wide."""
    axe.assert_accessible(page)
    DOCS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS / name), full_page=True)


def test_goal_plan_feedback_journal_kudos_notes_timeline_and_export(
    new_page, sign_in, screenshot, console_log
):
    # Step 1: the mentorship, both people signed in.
    seed()
    ana = new_page()
    sign_in(ana, "ana@example.com", PASSWORD)
    beatriz = new_page(timezone_id="Europe/Berlin")
    sign_in(beatriz, "beatriz@example.com", PASSWORD)
    ana_status, beatriz_status = ana.get_by_role("status"), beatriz.get_by_role("status")
    today = timezone.localdate()
    target = today + timedelta(days=180)
    due = (today + timedelta(days=30), today + timedelta(days=90))

    # Step 2: Ana goes from the mentorship to its goals: none shared yet, so on to her own
    # goals, where she adds a SMART goal and shares it with this mentorship only.
    open_mentorship(ana, MENTOR, "Goals and plan")
    goals_card = ana.get_by_role("region", name="Goals", exact=True)
    expect(goals_card).to_contain_text("You share no career goal here yet.")
    goals_card.get_by_role("link", name="Goals, comments and sharing").click()
    expect(ana.get_by_role("heading", level=1)).to_have_text("Goals")
    expect(ana.get_by_text(f"You share no career goal with {MENTOR} yet.")).to_be_visible()
    ana.get_by_role("link", name="Manage my goals").click()
    expect(ana.get_by_role("heading", level=1)).to_have_text("Career goals and objectives")
    form = ana.get_by_role("form", name="Add a goal")
    form.get_by_label("Title").fill(GOAL)
    form.get_by_label("Why it matters").fill(WHY)
    form.get_by_label("How success is measured").fill(MEASURE)
    form.get_by_label("Target date").fill((today - timedelta(days=1)).isoformat())
    form.get_by_label("Horizon").select_option(label="Within a year")
    who = form.get_by_role("group", name="Who sees it")
    who.get_by_label("Shared with the mentorships I choose").check()
    form.get_by_role("group", name="Mentorships that see it").get_by_label(
        f"{MENTOR} (active)").check()
    form.get_by_role("button", name="Add goal").click()
    # A target date in the past is refused, next to the field; the rest is kept.
    expect(form.get_by_role("alert")).to_have_text("Pick a date from today on.")
    expect(form.get_by_label("Title")).to_have_value(GOAL)
    expect(form.get_by_role("group", name="Mentorships that see it").get_by_label(
        f"{MENTOR} (active)")).to_be_checked()
    form.get_by_label("Target date").fill(target.isoformat())
    screenshot(ana, "mentee-adds-goal")
    form.get_by_role("button", name="Add goal").click()
    expect(ana_status).to_have_text("Goal added.")
    goal = ana.locator("li.goal").filter(has=ana.get_by_role("heading", name=GOAL))
    expect(goal.get_by_test_id("goal-status")).to_have_text("Not started")
    expect(goal).to_contain_text(f"target {django_date(target, 'j F Y')}")
    expect(goal.get_by_test_id("seen-by")).to_have_text(MENTOR)

    # Two milestones with due dates; the first is done, so progress follows the milestones.
    goal.get_by_text("Milestones", exact=True).click()  # the <details> is closed when empty
    for title, when in zip(MILESTONES, due, strict=True):
        goal.get_by_label("New milestone").fill(title)
        goal.get_by_label("Due").fill(when.isoformat())
        goal.get_by_role("button", name="Add", exact=True).click()
        expect(ana_status).to_have_text("Milestone added.")
    expect(goal.locator(".milestone-list li")).to_have_count(2)
    goal.get_by_role("button", name=f"Done {MILESTONES[0]}").click()
    expect(goal.get_by_role("progressbar", name=f"Progress on {GOAL}")).to_have_attribute(
        "value", "50")
    expect(goal.get_by_test_id("progress-source")).to_have_text("(from milestones done)")
    screenshot(ana, "mentee-goal-with-milestones")

    # Step 3: Beatriz sees the shared goal in the mentorship and comments on it.
    open_mentorship(beatriz, MENTEE, "Goals and plan")
    card = beatriz.get_by_role("region", name="Goals", exact=True)
    expect(card.get_by_role("link", name=GOAL)).to_be_visible()
    card.get_by_role("link", name="Goals and comments").click()
    expect(beatriz.get_by_role("heading", level=1)).to_have_text("Goals")
    shared = beatriz.get_by_role("region", name=GOAL)
    expect(shared).to_contain_text(WHY)
    expect(shared).to_contain_text(MEASURE)
    expect(shared.get_by_role("listitem")).to_have_text(
        [re.compile(rf"^{re.escape(MILESTONES[0])} done "),
         f"{MILESTONES[1]} due {django_date(due[1], 'j M Y')}"])
    shared.get_by_label("Comment", exact=True).fill(COMMENT)
    shared.get_by_role("button", name="Add comment").click()
    expect(beatriz_status).to_have_text("Comment added.")
    expect(shared.get_by_text("Not read yet")).to_be_visible()
    axe.check_new_page(beatriz)

    # Step 4: Beatriz builds the plan: a skill for the goal, from Beginner to Proficient,
    # with an action and a book.
    open_tab(beatriz, "Goals and plan")
    beatriz.get_by_role("region", name="Development plan").get_by_role(
        "link", name="Start the development plan").click()
    expect(beatriz.get_by_role("heading", level=1)).to_have_text("Development plan")
    axe.check_new_page(beatriz)
    add = beatriz.get_by_role("region", name="Add an item")
    add.get_by_label("Goal it serves").select_option(label=GOAL)
    add.get_by_label("Kind").select_option(label="Skill")
    add.get_by_label("Title").fill(PLAN_ITEM)
    add.get_by_label("Description").fill(PLAN_DESCRIPTION)
    add.get_by_label("Current level").select_option(label="2 Beginner")
    add.get_by_label("Target level").select_option(label="4 Proficient")
    add.get_by_role("button", name="Add to the plan").click()
    expect(beatriz_status).to_have_text("Added to the plan.")
    beatriz.get_by_role("link", name=PLAN_ITEM).click()
    expect(beatriz.get_by_role("heading", level=1)).to_have_text(PLAN_ITEM)
    expect(beatriz.get_by_test_id("item-levels")).to_contain_text(
        "Now 2 Beginner, aiming for 4 Proficient")
    expect(beatriz.locator(".prose")).to_have_text(PLAN_DESCRIPTION)
    actions = beatriz.get_by_role("region", name="Actions")
    actions.get_by_label("Action").fill(PLAN_ACTION)
    actions.get_by_label("Due (optional)").fill(due[0].isoformat())
    actions.get_by_role("button", name="Add action").click()
    expect(beatriz_status).to_have_text("Action added.")
    resources = beatriz.get_by_role("region", name="Resources")
    resources.get_by_label("Kind").select_option(label="Book")
    resources.get_by_label("Title").fill(RESOURCE[0])
    resources.get_by_label("Link (optional)").fill(RESOURCE[1])
    resources.get_by_role("button", name="Add resource").click()
    expect(beatriz_status).to_have_text("Resource added.")
    expect(beatriz.get_by_role("region", name="Actions").get_by_role("listitem")).to_contain_text(
        [PLAN_ACTION])
    expect(beatriz.get_by_role("region", name="Resources").get_by_role(
        "link", name=RESOURCE[0])).to_have_attribute("href", RESOURCE[1])
    beatriz.get_by_label("New current level").select_option(label="3 Practising")
    beatriz.get_by_role("button", name="Record the new level").click()
    expect(beatriz_status).to_have_text("New level recorded.")
    expect(beatriz.get_by_test_id("item-levels")).to_contain_text(
        "Now 3 Practising, aiming for 4 Proficient")
    history = beatriz.get_by_role("region", name="Progress over time").get_by_role("table")
    expect(history.locator("tbody tr td:last-child")).to_have_text(
        ["Started at 2 Beginner", "2 Beginner → 3 Practising"])
    beatriz.reload()  # without the "saved" message, for the README
    readme_shot(beatriz, "development-plan.png")
    screenshot(beatriz, "mentor-plan-item")

    # Step 5: Ana's home page points to the unread comment; she reads and acknowledges it.
    go_home(ana)
    unread = ana.get_by_test_id("dashboard-unread-comments")
    unread.get_by_role("link", name=f"1 unread comment from {MENTOR}").click()
    expect(ana.get_by_role("heading", level=1)).to_have_text("Goals")
    expect(ana.get_by_test_id("unread-comments")).to_contain_text("1 unread comment")
    mine = ana.get_by_role("region", name=GOAL)
    expect(mine.locator(".prose strong")).to_have_text("one API in production")
    screenshot(ana, "mentee-unread-comment")
    mine.get_by_role("button", name=re.compile(r"^Acknowledge")).click()
    expect(ana_status).to_have_text("Comment acknowledged.")
    expect(ana.get_by_test_id("unread-comments")).to_have_count(0)
    mine = ana.get_by_role("region", name=GOAL)
    mine.get_by_role("button", name="Reply", exact=True).click()
    # An empty reply is refused next to the field, which is still her "Reply" box.
    mine = ana.get_by_role("region", name=GOAL)
    expect(mine.get_by_role("alert")).to_have_text("Write a comment.")
    expect(mine.get_by_label("Reply", exact=True)).to_have_attribute("aria-invalid", "true")
    axe.check_new_page(ana)
    mine.get_by_label("Reply", exact=True).fill(REPLY)
    mine.get_by_role("button", name="Reply", exact=True).click()
    expect(ana_status).to_have_text("Comment added.")
    expect(ana.get_by_role("region", name=GOAL).get_by_role("listitem").filter(
        has_text=REPLY)).to_contain_text("Not read yet")
    beatriz.get_by_role("link", name=f"← Development plan with {MENTEE}").click()
    open_tab(beatriz, "Goals and plan")
    beatriz.get_by_role("link", name="Goals and comments").click()
    expect(beatriz.get_by_test_id("comment-read")).to_contain_text("Read ")
    thread = beatriz.get_by_role("region", name=GOAL).get_by_role("listitem")
    expect(thread.filter(has_text=REPLY)).to_contain_text(f"{MENTEE} ")
    expect(thread.filter(has_text=REPLY).get_by_text("Unread")).to_be_visible()
    readme_shot(beatriz, "goals-in-a-mentorship.png")

    # Step 6: Ana asks for feedback on a piece of work, from the mentorship.
    open_mentorship(ana, MENTOR)  # asking is one of the Overview's frequent tasks
    ana.get_by_test_id("quick-actions").get_by_role("link", name="Ask for feedback").click()
    expect(ana.get_by_role("heading", level=1)).to_have_text("Ask for feedback")
    axe.check_new_page(ana)
    ana.get_by_label("What would you like feedback on?").fill(TOPIC)
    ana.get_by_label("Details (optional)").fill(DETAILS)
    ana.get_by_label("About one of your goals (optional)").select_option(label=GOAL)
    ana.get_by_label("Link to the work (optional)").fill(WORK_LINK)
    ana.get_by_label("Would like it by (optional)").fill((today + timedelta(days=7)).isoformat())
    ana.get_by_role("button", name="Send the request").click()
    expect(ana_status).to_have_text(f"Your request is sent to {MENTOR}.")
    requests = ana.get_by_role("region", name="Feedback requests")
    expect(requests).to_contain_text(TOPIC)
    expect(requests).to_contain_text(f"goal: {GOAL}")

    # Step 7: the open request waits on Beatriz's home page; she answers it with
    # constructive feedback, seeing how Ana likes feedback next to the editor.
    go_home(beatriz)
    asked = beatriz.get_by_test_id("open-feedback-requests")
    expect(asked).to_contain_text(f"from {MENTEE}")
    screenshot(beatriz, "mentor-dashboard-open-request")
    asked.get_by_role("link", name=TOPIC).click()
    expect(beatriz.get_by_role("heading", level=1)).to_have_text(f"Feedback for {MENTEE}")
    expect(beatriz.get_by_role("region", name="Answering a request")).to_contain_text(DETAILS)
    expect(beatriz.get_by_test_id("feedback-preference").last).to_contain_text(
        "direct and to the point")
    expect(beatriz.get_by_test_id("feedback-preference").last).to_contain_text(
        "Tell me straight.")
    beatriz.get_by_role("group", name="Kind of feedback").get_by_role(
        "radio", name="Constructive: try changing this").check()
    expect(beatriz.get_by_label("About")).to_have_value(re.compile(r"^goal:\d+$"))
    beatriz.get_by_role("button", name="Send the answer").click()
    # Empty feedback is refused with a message on the field; the request stays in view.
    expect(beatriz.locator(".field.has-error").get_by_role("alert")).to_have_text(
        "Write the feedback.")
    expect(beatriz.get_by_role("region", name="Answering a request")).to_contain_text(TOPIC)
    expect(beatriz.get_by_role("radio", name="Constructive: try changing this")).to_be_checked()
    beatriz.get_by_label("Feedback", exact=True).fill(FEEDBACK)
    screenshot(beatriz, "mentor-answers-request")
    beatriz.get_by_role("button", name="Send the answer").click()
    expect(beatriz_status).to_have_text(f"Your feedback is saved; {MENTEE} has been told.")
    expect(beatriz.get_by_role("region", name="Feedback requests")).to_contain_text(
        "No open request.")
    go_home(beatriz)
    expect(beatriz.get_by_test_id("open-feedback-requests")).to_have_count(0)

    # Step 8: Ana reads it from her home page and says "Got it".
    go_home(ana)
    screenshot(ana, "mentee-dashboard-feedback-to-read")
    ana.get_by_test_id("unacknowledged-feedback").get_by_role(
        "link", name=f"Constructive feedback from {MENTOR}").click()
    expect(ana.get_by_role("heading", level=1)).to_have_text("Feedback")
    entry = ana.get_by_role("article").filter(has_text=FEEDBACK)
    expect(entry).to_contain_text(f"answers “{TOPIC}”")
    entry.get_by_role("button", name="Got it").click()
    expect(ana_status).to_have_text("Acknowledged: your mentor knows you have read it.")
    expect(ana.get_by_role("article").filter(has_text=FEEDBACK).get_by_text(
        "Got it", exact=True)).to_be_visible()

    # Step 9: a journal entry, tagged, linked to the goal and shared with the mentorship.
    open_mentorship(ana, MENTOR, "Notes and journal")
    ana.get_by_role("region", name="Journal and notes").get_by_role(
        "link", name="Write a journal entry to share").click()
    expect(ana.get_by_role("heading", level=1)).to_have_text("New journal entry")
    axe.check_new_page(ana)
    ana.get_by_label("Title").fill(JOURNAL_TITLE)
    ana.get_by_label("What happened, what I learned").fill(JOURNAL_BODY)
    ana.get_by_label("Tags").fill(TAGS)
    ana.get_by_role("group", name="Goals it relates to").get_by_label(GOAL).check()
    share = ana.get_by_role("group", name="Who can read it")
    expect(share.get_by_role("radio", name=re.compile(f"^Shared with {MENTOR}"))).to_be_checked()
    ana.get_by_role("button", name="Save entry").click()
    expect(ana_status).to_have_text("Entry saved and shared.")
    expect(ana.get_by_role("heading", level=1)).to_have_text(JOURNAL_TITLE)
    expect(ana.get_by_text(f"Shared with {MENTOR}")).to_be_visible()
    expect(ana.get_by_role("link", name="api design")).to_be_visible()
    expect(ana.get_by_role("link", name=GOAL)).to_be_visible()
    screenshot(ana, "mentee-journal-entry")

    # Step 10: giving back: feedback for Beatriz with consent to show it as kudos, and a
    # contribution.
    open_mentorship(ana, MENTOR, "Feedback and reports")
    ana.get_by_role("region", name="Feedback", exact=True).get_by_role(
        "link", name=f"Give {MENTOR} feedback").click()
    expect(ana.get_by_role("heading", level=1)).to_have_text(f"Feedback for {MENTOR}")
    axe.check_new_page(ana)
    ana.get_by_label("What helped", exact=True).fill(WHAT_HELPED)
    ana.get_by_label("What could be better").fill(COULD_BE_BETTER)
    ana.get_by_role("checkbox", name=re.compile("^Show what helped as kudos")).check()
    ana.get_by_role("button", name="Give feedback").click()
    expect(ana_status).to_have_text(f"Thank you: {MENTOR} can read it now.")
    giving = ana.get_by_role("region", name="Giving back")
    expect(giving.get_by_text("Shown as kudos")).to_be_visible()
    ana.get_by_role("link", name="Record a contribution").click()
    expect(ana.get_by_label("What you did")).to_be_visible()
    axe.check_new_page(ana)
    ana.get_by_label("What you did").select_option(label="Shared a resource")
    ana.get_by_label("Description").fill(CONTRIBUTION)
    ana.get_by_role("button", name="Record it").click()
    expect(ana_status).to_have_text("Contribution recorded.")
    expect(ana.get_by_role("region", name="Giving back").get_by_role("table")).to_contain_text(
        CONTRIBUTION)
    ana.reload()
    readme_shot(ana, "feedback.png")
    screenshot(ana, "mentee-feedback-page")

    # Beatriz finds the kudos on her public page, from her home page.
    go_home(beatriz)
    beatriz.get_by_role("link", name="See my public page").click()
    expect(beatriz.get_by_role("heading", level=1)).to_have_text(MENTOR)
    kudos = beatriz.get_by_role("region", name="Kudos from mentees")
    expect(kudos).to_contain_text(WHAT_HELPED)
    expect(kudos).to_contain_text(f"— {MENTEE} · 1 contribution to the mentorship")
    expect(kudos).not_to_contain_text(COULD_BE_BETTER)
    screenshot(beatriz, "mentor-public-page-kudos")

    # Step 11: a private note; Beatriz never sees it.
    open_mentorship(ana, MENTOR, "Notes and journal")
    ana.get_by_role("region", name="Journal and notes").get_by_role(
        "link", name="Write a note").click()
    expect(ana.get_by_role("heading", level=1)).to_have_text(f"Notes with {MENTOR}")
    ana.get_by_label("Note", exact=True).fill(NOTE)
    expect(ana.get_by_role("radio", name=re.compile("^Private: only you"))).to_be_checked()
    ana.get_by_role("button", name="Save note").click()
    expect(ana_status).to_have_text("Private note saved: only you can read it.")
    expect(ana.get_by_role("region", name="My private notes")).to_contain_text(NOTE)
    screenshot(ana, "mentee-private-note")

    open_mentorship(beatriz, MENTEE, "Notes and journal")
    journal_card = beatriz.get_by_role("region", name="Journal and notes")
    expect(journal_card).to_contain_text("Shared journal entries: 1")
    expect(journal_card).to_contain_text("Notes: 0 shared, 0 private")
    screenshot(beatriz, "mentor-mentorship-page")
    journal_card.get_by_role("link", name="Notes", exact=True).click()
    expect(beatriz.get_by_role("heading", level=1)).to_have_text(f"Notes with {MENTEE}")
    expect(beatriz.locator("main")).not_to_contain_text(NOTE)
    screenshot(beatriz, "mentor-sees-no-private-note")
    open_tab(beatriz, "Notes and journal")
    beatriz.get_by_role("link", name="Shared journal entries").click()
    expect(beatriz.get_by_role("article")).to_contain_text(JOURNAL_BODY)
    screenshot(beatriz, "mentor-reads-shared-journal")

    # Step 12: the timeline of the mentorship, then only its feedback.
    for person, other in ((ana, MENTOR), (beatriz, MENTEE)):
        open_mentorship(person, other)
        person.get_by_role("navigation", name="Mentorship").get_by_role(
            "link", name="Timeline").click()
        expect(person.get_by_role("heading", level=1)).to_have_text("Timeline")
    events = ana.get_by_test_id("timeline").locator("li.timeline-event")
    expect(events.filter(has_text=f"Goal shared: {GOAL}")).to_have_count(1)
    expect(events.filter(has_text=f"Milestone done: {MILESTONES[0]}")).to_have_count(1)
    comments = events.filter(has_text=f"Comment on “{GOAL}”")
    expect(comments.locator(".muted").filter(has_text=re.compile("^by "))).to_have_text(
        [f"by {MENTEE}", f"by {MENTOR}"])
    expect(events.filter(has_text="Plan item added")).to_have_count(1)
    expect(events.filter(has_text=f"Journal entry: {JOURNAL_TITLE}")).to_have_count(1)
    expect(events.filter(has_text="Private note")).to_have_count(1)
    expect(events.filter(has_text="Constructive feedback from")).to_have_count(1)
    readme_shot(ana, "timeline.png")
    screenshot(ana, "mentee-timeline")
    theirs = beatriz.get_by_test_id("timeline").locator("li.timeline-event")
    expect(theirs.filter(has_text=f"Journal entry: {JOURNAL_TITLE}")).to_have_count(1)
    expect(theirs.filter(has_text="Private note")).to_have_count(0)
    expect(beatriz.locator("main")).not_to_contain_text(NOTE)

    show = ana.get_by_role("group", name="Show only")
    show.get_by_label("Feedback").check()
    ana.get_by_role("button", name="Filter").click()
    kinds = ana.get_by_test_id("timeline").locator("li.timeline-event")
    expect(kinds.first).to_be_visible()
    assert set(kinds.evaluate_all("els => els.map(e => e.dataset.kind)")) == {"feedback"}
    expect(kinds.filter(has_text=f"{MENTEE} asked for feedback")).to_have_count(1)
    expect(kinds.filter(has_text=f"{MENTEE} acknowledged feedback")).to_have_count(1)
    expect(ana.get_by_role("group", name="Show only").get_by_label("Feedback")).to_be_checked()
    screenshot(ana, "mentee-timeline-feedback-only")

    # Step 13: the export, as a printable page and as Markdown.
    go_home(ana)
    ana.get_by_role("region", name="Your record").get_by_role(
        "link", name="Read and print my record").click()
    record = ana.get_by_test_id("record")
    expect(record.get_by_role("heading", name=GOAL, exact=True)).to_be_visible()
    for text in (MEASURE, FEEDBACK, JOURNAL_TITLE, NOTE):
        expect(record).to_contain_text(text)
    screenshot(ana, "mentee-record")
    with ana.expect_download() as info:
        ana.get_by_role("link", name="Download as Markdown").click()
    download = info.value
    assert download.suggested_filename == f"tandem-record-{today.isoformat()}.md"
    markdown = Path(download.path()).read_text(encoding="utf-8")
    assert f"### {GOAL}" in markdown
    assert f"- [x] {MILESTONES[0]}" in markdown
    assert f"- [ ] {MILESTONES[1]} (due {due[1]:%Y-%m-%d})" in markdown
    assert f"How success is measured: {MEASURE}" in markdown
    assert "**Constructive**" in markdown and FEEDBACK[:60] in markdown
    assert f"{TOPIC} (to {MENTOR}" in markdown
    assert JOURNAL_TITLE in markdown and "- Tags: api design, feedback" in markdown
    assert NOTE in markdown

    # Beatriz's own export has the feedback she gave back and never Ana's private note.
    go_home(beatriz)
    with beatriz.expect_download() as info:
        beatriz.get_by_role("region", name="Your record").get_by_role(
            "link", name="Download as Markdown").click()
    theirs = Path(info.value.path()).read_text(encoding="utf-8")
    assert WHAT_HELPED in theirs
    assert NOTE not in theirs

    # Step 14: nothing went wrong in either browser.
    console_log.assert_clean()
