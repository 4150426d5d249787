"""The header (issue 18, item 1): at 1280 px at most eight entries on one line; the
role entries only for the people who have the role (Programs for coordinators,
participants and staff, Safety for the people who review reports); the groups open with
the keyboard and without JavaScript; on a 375 px phone the Menu works without JavaScript;
Messages and Notifications are icons whose counts screen readers read out."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tandem.accounts.tests.factories import make_mentee, make_mentor
from tests.browser import axe
from tests.browser.nav import open_group

new_page, screenshot = axe.new_page, axe.screenshot
pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}

# The top-level entries of the header (not the brand): the items of the row, then the
# icons. Each with its box, for the one-line check.
ENTRIES = """() => {
  const nav = document.querySelector('nav[aria-label="Main"]');
  const items = [...nav.querySelectorAll('.nav-links > li'), ...nav.querySelectorAll(':scope > .nav-icon')]
    .filter(e => e.getClientRects().length > 0);
  const box = e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, height: r.height}; };
  return {
    nav: box(nav), brand: box(nav.querySelector('.brand')),
    entries: items.map(e => ({name: e.innerText.trim() || e.textContent.trim(), ...box(e)})),
  };
}"""


def signed_in(new_page, live_server, user, **options):
    """A page signed in as ``user`` (through the session cookie: coordinators and staff
    would otherwise type an authenticator code)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    page = new_page(**{**DESKTOP, **options})
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    return page


def make_everything():
    """One person with every role: staff, coordinator, mentor, and a program participant,
    so the header has the most entries it can have."""
    from conftest import enable_totp
    from tandem.programs.services import participant_apply, program_create
    from tandem.programs.tests.conftest import program_data

    boss = make_mentor(email="stan@example.com", name="Stan Staff")
    boss.is_staff = boss.is_superuser = boss.is_coordinator = True
    boss.save(update_fields=["is_staff", "is_superuser", "is_coordinator"])
    enable_totp(boss)
    program = program_create(actor=boss, **program_data())
    participant_apply(actor=boss, program=program, role="mentor", capacity=1)
    return boss, program


def top_level(page) -> list[str]:
    return [e["name"] for e in page.evaluate(ENTRIES)["entries"]]


def test_it_fits_at_most_eight_entries_on_one_line_at_1280(new_page, live_server, screenshot):
    boss, _ = make_everything()
    page = signed_in(new_page, live_server, boss)
    page.goto("/")
    layout = page.evaluate(ENTRIES)
    names = [e["name"] for e in layout["entries"]]
    assert len(names) <= 8, f"{len(names)} header entries: {names}"
    assert names[:2] == ["Find a mentor", "Mentorships"] and "Programs" in names
    # One line: every entry sits in the same row as the brand, and the nav is no taller
    # than one entry and its padding.
    row = layout["brand"]["top"] + layout["brand"]["height"] / 2
    for entry in layout["entries"]:
        middle = entry["top"] + entry["height"] / 2
        assert abs(middle - row) < 8, f"{entry['name']} is not on the brand's line: {layout}"
    tallest = max(e["height"] for e in layout["entries"] + [layout["brand"]])
    assert layout["nav"]["height"] < tallest * 1.9, f"the header has two lines: {layout}"
    screenshot(page, "header-1280-light")  # checks the page with axe first
    # Dark mode too, with a group open.
    page.emulate_media(color_scheme="dark")
    open_group(page, "Me")
    expect(page.get_by_role("banner").get_by_role("link", name="My goals")).to_be_visible()
    screenshot(page, "header-1280-dark-me-open")


def test_it_shows_programs_and_safety_only_to_people_with_the_role(new_page, live_server):
    from conftest import enable_totp
    from tandem.accounts.tests.factories import make_user
    from tandem.programs.services import participant_apply, program_create
    from tandem.programs.tests.conftest import program_data

    mentee = make_mentee(email="ana@example.com", name="Ana Ferreira")
    coordinator = make_user(email="cora@example.com", name="Cora Coordinator")
    coordinator.is_coordinator = True
    coordinator.save(update_fields=["is_coordinator"])
    enable_totp(coordinator)
    participant = make_mentee(email="pia@example.com", name="Pia Participant")
    program = program_create(actor=coordinator, **program_data())
    participant_apply(actor=participant, program=program, role="mentee", answers=["Rust"])
    staff, _ = make_everything()

    def links(user) -> tuple[list[str], list[str]]:
        page = signed_in(new_page, live_server, user)
        page.goto("/")
        banner = page.get_by_role("banner")
        every = banner.get_by_role("link", include_hidden=True).all_inner_texts() + \
            banner.locator("a").evaluate_all("els => els.map(e => e.textContent.trim())")
        names = top_level(page)
        axe.assert_accessible(page)  # each role's header
        page.context.close()
        return names, every

    names, every = links(mentee)
    assert "Programs" not in names and "Programs" not in every
    assert "Safety" not in names and "Safety" not in every and "Staff" not in names
    assert len(names) <= 8
    names, _ = links(participant)
    assert "Programs" in names and "Safety" not in names
    names, _ = links(coordinator)
    assert "Programs" in names and "Safety" in names  # coordinators review reports
    names, every = links(staff)
    assert "Programs" in names and "Staff" in names and "Safety" in every


def test_it_opens_a_group_with_the_keyboard(new_page, live_server):
    mentee = make_mentee(email="ana@example.com", name="Ana Ferreira")
    page = signed_in(new_page, live_server, mentee)
    page.goto("/")
    header = page.get_by_role("banner")
    goals = header.get_by_role("link", name="My goals")
    expect(goals).to_be_hidden()
    me = header.get_by_test_id("nav-group-me")
    me.focus()
    page.keyboard.press("Enter")
    expect(goals).to_be_visible()
    axe.assert_accessible(page)
    # Escape closes it and leaves the focus on its button; Space opens it again.
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(goals).to_be_hidden()
    expect(me).to_be_focused()
    page.keyboard.press("Space")
    expect(goals).to_be_visible()
    # Opening another group closes this one.
    header.get_by_test_id("nav-group-community").click()
    expect(header.get_by_role("link", name="Circles")).to_be_visible()
    expect(goals).to_be_hidden()
    header.get_by_test_id("nav-group-me").focus()
    page.keyboard.press("Enter")
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.innerText") == "My goals":
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Career goals and objectives")
    axe.check_new_page(page)
    # The current page's group shows it: its button is marked.
    expect(header.get_by_test_id("nav-group-me")).to_have_class("nav-group-button is-current")


def test_it_works_without_javascript_on_a_desktop_and_a_phone(new_page, live_server, screenshot):
    mentee = make_mentee(email="ana@example.com", name="Ana Ferreira")
    page = signed_in(new_page, live_server, mentee, java_script_enabled=False)
    page.goto("/")
    header = page.get_by_role("banner")
    header.get_by_test_id("nav-group-community").click()
    header.get_by_role("link", name="Resources").click()
    expect(page).to_have_url(f"{live_server.url}/resources/")
    open_group(page, "Me")
    header.get_by_role("link", name="Journal").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("journal", ignore_case=True)

    phone = signed_in(new_page, live_server, mentee, java_script_enabled=False, **PHONE)
    phone.goto("/")
    header = phone.get_by_role("banner")
    expect(header.get_by_role("link", name="Notifications")).to_be_visible()
    expect(header.get_by_role("link", name="Messages")).to_be_visible()
    goals = header.get_by_role("link", name="My goals")
    expect(goals).to_be_hidden()
    header.get_by_text("Menu", exact=True).click()
    # Every group's links show at once in the open menu: one tap to any of them.
    for name in ("Find a mentor", "Circles", "Resources", "My goals", "Requests", "My record"):
        expect(header.get_by_role("link", name=name)).to_be_visible()
    screenshot(phone, "phone-menu-open-no-js")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 375
    goals.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Career goals and objectives")


def test_it_labels_the_counts_for_screen_readers(new_page, live_server):
    from tandem.notifications.services import notify

    mentee = make_mentee(email="ana@example.com", name="Ana Ferreira")
    for kind in ("meeting.moved", "meeting.cancelled", "request.accepted"):
        notify(recipient=mentee, kind=kind, title=kind, url="/", email=False)
    page = signed_in(new_page, live_server, mentee)
    page.goto("/")
    header = page.get_by_role("banner")
    bell = header.get_by_test_id("notifications-link")
    # The icon is hidden from screen readers; the link's name is words.
    expect(bell).to_have_accessible_name("Notifications, 3 unread")
    expect(bell.locator("svg")).to_have_attribute("aria-hidden", "true")
    expect(header.get_by_test_id("unread-count")).to_have_text("3 unread")
    expect(header.get_by_test_id("messages-link")).to_have_accessible_name("Messages")
    for link in (bell, header.get_by_test_id("messages-link")):
        box = link.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box  # WCAG 2.5.8
    axe.assert_accessible(page)


def test_it_prints_the_record_black_on_white_without_the_chrome(new_page, live_server):
    """The print stylesheet (issue 18, item 5): the record prints without the header, the
    menu, the footer or buttons, black on white even when the screen is in dark mode."""
    mentee = make_mentee(email="ana@example.com", name="Ana Ferreira")
    page = signed_in(new_page, live_server, mentee)
    page.goto("/me/record/")
    axe.check_new_page(page)
    page.emulate_media(media="print", color_scheme="dark")
    for chrome in ("header.site-header", "footer.site-footer", ".button"):
        expect(page.locator(chrome).first).to_be_hidden()
    colours = page.evaluate("""() => {
      const record = document.querySelector('[data-testid=record]');
      return [getComputedStyle(document.body).backgroundColor, getComputedStyle(record).color];
    }""")
    assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"], colours
    page.emulate_media(media="screen", color_scheme="dark")
    expect(page.locator("header.site-header")).to_be_visible()
