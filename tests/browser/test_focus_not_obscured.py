"""Focus Not Obscured (WCAG 2.2, 2.4.11): moving through a long page with the keyboard,
every control that takes the focus is scrolled fully into view and nothing (the site
header above all) covers it, on a phone and on a desktop. /goals/ is the page where it was
seen: each goal's milestones with their Done and Remove buttons and the Add form."""

from __future__ import annotations

import pytest

from tandem.accounts.tests.factories import make_mentee

pytestmark = pytest.mark.django_db(transaction=True)

# Is the top of the focused element inside the viewport, and is it what the browser
# finds there (not the header or anything else painted over it)? Points on the vertical
# centre line: hit testing follows rounded corners.
COVERED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const r = e.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return null;
  const name = e.tagName.toLowerCase() + ' "' + (e.innerText || e.value || e.name || '')
    .trim().slice(0, 40) + '"';
  if (r.top < 0 || r.top > window.innerHeight - 8) return name + ' is outside the view';
  const x = r.left + r.width / 2;
  const points = [r.top + 2, r.top + Math.min(r.height, window.innerHeight - r.top) / 2];
  for (const y of points) {
    const hit = document.elementFromPoint(x, y);
    if (hit && hit !== e && !e.contains(hit)) {
      const by = hit.closest('header') ? 'the site header' : hit.tagName.toLowerCase();
      return name + ' is covered by ' + by + ' at y=' + Math.round(y);
    }
  }
  return null;
}"""


@pytest.mark.parametrize("size", [{"width": 375, "height": 600}, {"width": 1280, "height": 600}],
                         ids=["phone", "desktop"])
def test_it_keeps_every_focused_control_in_view_on_the_goals_page(new_page, sign_in, size):
    from tandem.accounts.tests.factories import PASSWORD
    from tandem.growth.services import milestone_add

    mentee = make_mentee(email="ines@example.com", name="Inês Duarte",
                         goals=["Lead a team", "Speak at a conference", "Write a book"])
    for goal in mentee.career_goals.all():
        for step in ("Read two books", "Find a sponsor", "Draft an outline"):
            milestone_add(actor=mentee, goal=goal, title=step)

    page = new_page()
    page.context.set_default_timeout(30_000)  # a busy machine is slow to start the server
    sign_in(page, mentee.email, PASSWORD)
    page.set_viewport_size(size)
    page.goto("/goals/")
    # Scrolled to the end first, so moving backwards brings each control in from above,
    # under the header, and moving forwards from below.
    problems = []
    for key in ("Tab", "Shift+Tab"):
        if key == "Shift+Tab":
            page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        for _ in range(70):
            page.keyboard.press(key)
            problem = page.evaluate(COVERED)
            if problem:
                problems.append(f"{key}: {problem}")
    assert not problems, "focused controls hidden on /goals/:\n" + "\n".join(problems)


def test_it_keeps_the_open_menu_off_the_control_that_has_the_focus(new_page, sign_in):
    """On a phone the open menu lies over the top of the page. Tabbing on past its last
    link and the bell into the page, the control that takes the focus is never under it."""
    from playwright.sync_api import expect

    from tandem.accounts.tests.factories import PASSWORD

    mentee = make_mentee(email="ines@example.com", name="Inês Duarte",
                         goals=["Lead a team", "Speak at a conference"])
    page = new_page()
    page.context.set_default_timeout(30_000)
    sign_in(page, mentee.email, PASSWORD)
    page.set_viewport_size({"width": 375, "height": 600})
    page.goto("/mentors/")  # the search field comes right under the heading
    header = page.get_by_role("banner")
    header.get_by_text("Menu", exact=True).focus()
    page.keyboard.press("Enter")
    expect(header.get_by_role("link", name="My goals")).to_be_visible()
    problems = []
    for _ in range(25):
        page.keyboard.press("Tab")
        problem = page.evaluate(COVERED)
        if problem:
            problems.append(problem)
    assert not problems, "focused controls under the open menu:\n" + "\n".join(problems)
