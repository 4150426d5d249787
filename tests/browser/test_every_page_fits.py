"""Every page a persona of the authorization matrix can open (a GET route that answers
them 200 with HTML) fits a 375 px phone and a 1280 px desktop: the page never scrolls
sideways. Tables scroll inside their own box, and long words (a 60-character name with no
space in it) break instead of pushing the page wider.

The world is the matrix's own (tests/test_authorization_matrix.py and tests/authz/*),
with long unbroken names put on the people, a goal, a program and a circle, so a new
page that cannot hold them fails here. One signed-in persona per route (the first that
gets 200), and anonymous people too where the route serves them.

Each of those pages is also checked with axe-core at 1280 px, in light and in dark mode
(``prefers-color-scheme: dark``): no serious or critical WCAG 2.x A/AA violation in
either (issue 18: "axe finds 0 serious or critical violations on every page, in light and
dark mode"). One axe run per mode per page, in the page already loaded for the widths.
"""

from __future__ import annotations

import time

import pytest

from conftest import PERSONA_NAMES, make_personas

pytestmark = pytest.mark.django_db(transaction=True)

PHONE, DESKTOP = 375, 1280
# Sixty characters without a space: an email-like handle, a German compound, a URL.
LONG = "Maximiliana-Wolfeschlegelsteinhausenbergerdorff_Jr.Engineers"
assert len(LONG) == 60 and " " not in LONG

# Routes whose 200 is not a page of ours: the JSON schema, and the API explorer (a
# third-party page, item 27 of issue 16 has its own checks).
NOT_OUR_PAGES = {"api:openapi-json", "api:openapi-view"}
# Django's admin is not our template (tests/browser/axe.py leaves it out too).
NOT_AXE_CHECKED = ("/admin/",)


def page_routes():
    """(route name, persona) for every GET route: the first signed-in persona it serves
    (home is a dashboard for them), and also anonymous people when it serves them."""
    from tests.test_authorization_matrix import MATRIX

    routes = []
    for key, methods in MATRIX.items():
        if " " in key or key in NOT_OUR_PAGES or "GET" not in methods:
            continue
        served = [p for p in PERSONA_NAMES if methods["GET"].get(p) == 200]
        signed_in = [p for p in served if p != "anonymous"]
        routes += [(key, p) for p in ["anonymous"][:"anonymous" in served] + signed_in[:1]]
    return routes


def lengthen_names(personas, objects) -> None:
    """Long unbroken words wherever a person, a goal, a program or a circle is named."""
    from django.apps import apps

    from tandem.accounts.models import CareerGoal, Profile

    people = [personas.mentee, personas.mentee2, personas.mentor, personas.mentor2,
              personas.outsider, personas.coordinator]
    Profile.objects.filter(user__in=people).update(display_name=LONG, headline=LONG * 2)
    CareerGoal.objects.filter(user=personas.mentee).update(title=LONG)
    for label, field in (("programs.Program", "name"), ("circles.Circle", "topic")):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if field in {f.name for f in model._meta.fields}:
            model.objects.update(**{field: LONG[: model._meta.get_field(field).max_length]})


def overflow(page, width: int) -> str | None:
    """None when the page fits ``width``; else how wide it is and its widest elements."""
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    if scroll <= width:
        return None
    wide = page.evaluate("""(width) => {
        const out = [];
        for (const e of document.querySelectorAll('body *')) {
          const r = e.getBoundingClientRect();
          if (r.right > width + 1 && r.width > 0) {
            const parent = e.parentElement && e.parentElement.getBoundingClientRect();
            // Only the element where the overflow starts, not its wide children.
            if (!parent || parent.right <= width + 1 || e.parentElement === document.body) {
              out.push(e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
                ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + ' ' + Math.round(r.right));
            }
          }
        }
        return out.slice(0, 4);
    }""", width)
    return f"{scroll}px wide at {width}px: {', '.join(wide)}"


# A card whose content sticks out of it (a table wider than its card on a dashboard),
# even where the page itself still fits.
OUT_OF_CARD = """() => [...document.querySelectorAll('.card')]
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => 'content sticks out of ' + e.tagName.toLowerCase() + '.card "'
         + (e.querySelector('h2, h3') || e).innerText.trim().slice(0, 40) + '" ('
         + e.scrollWidth + 'px in ' + e.clientWidth + 'px)')"""

SCROLLING_TABLE = """() => [...document.querySelectorAll('.table-scroll')]
    .some(e => e.scrollWidth > e.clientWidth)"""


def unreachable_scrollers(page) -> list[str]:
    """A table that scrolls sideways must be reachable with the keyboard (axe's
    scrollable-region-focusable rule, WCAG 2.1.1)."""
    from tests.browser.axe import axe_source

    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    found = page.evaluate("""async () => (await window.axe.run(document, {runOnly:
        {type: 'rule', values: ['scrollable-region-focusable']}})).violations""")
    return [f"{v['id']}: {node['html'][:80]}" for v in found for node in v["nodes"]]


def axe_in_both_modes(page) -> list[str]:
    """The serious and critical axe violations of the page as it is, in light and in
    dark mode (the page is left in light mode)."""
    from tests.browser.axe import FAILING_IMPACTS, describe, run_axe

    found = []
    for mode in ("light", "dark"):
        page.emulate_media(color_scheme=mode)
        failing = [v for v in run_axe(page) if v["impact"] in FAILING_IMPACTS]
        if failing:
            found.append(f"in {mode} mode:\n{describe(failing)}")
    page.emulate_media(color_scheme="light")
    return found


def test_every_page_the_matrix_reaches_fits_a_phone_and_a_desktop(browser, live_server):
    from django.test import Client

    from tests.browser.axe import require_axe

    require_axe()
    from tests.test_authorization_matrix import _path, build_objects

    personas = make_personas()
    objects = build_objects(personas)
    lengthen_names(personas, objects)

    clients: dict[str, Client] = {}
    contexts = {}
    pages = []
    for key, persona in page_routes():
        if persona not in clients:
            client = Client()
            user = personas.get(persona)
            if user is not None:
                client.force_login(user)
            clients[persona] = client
        path = _path(key, objects, None)
        # Downloads (CSV, calendar files) and redirects are not pages to look at.
        response = clients[persona].get(path)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            # A fragment that htmx swaps into a page (the messages poll) has no <title>
            # or lang of its own: axe checks it inside its page.
            document = b"<html" in response.content[:1000].lower()
            pages.append((key, persona, path, document))
    assert len(pages) > 100, f"only {len(pages)} pages: the matrix world is missing"

    offenders, inaccessible = [], []
    axe_seconds = 0.0
    for key, persona, path, document in pages:
        if persona not in contexts:
            context = browser.new_context(base_url=live_server.url, locale="en-GB",
                                          viewport={"width": PHONE, "height": 800})
            context.set_default_timeout(10_000)
            session = clients[persona].cookies.get("sessionid")
            if session is not None:
                context.add_cookies([{"name": "sessionid", "value": session.value,
                                      "url": live_server.url}])
            contexts[persona] = context.new_page()
        page = contexts[persona]
        page.set_viewport_size({"width": PHONE, "height": 800})
        page.goto(path, wait_until="load")
        for width in (PHONE, DESKTOP):
            if width != PHONE:
                page.set_viewport_size({"width": width, "height": 900})
            problem = overflow(page, width)
            if problem:
                offenders.append(f"{path} ({key}, as {persona}) is {problem}")
            offenders += [f"{path} ({key}, as {persona}) at {width}px: {card}"
                          for card in page.evaluate(OUT_OF_CARD)]
            if width == PHONE and page.evaluate(SCROLLING_TABLE):
                offenders += [f"{path} ({key}, as {persona}) at {width}px: {v}"
                              for v in unreachable_scrollers(page)]
        if document and not path.startswith(NOT_AXE_CHECKED):
            started = time.perf_counter()
            inaccessible += [f"{path} ({key}, as {persona}) {v}" for v in axe_in_both_modes(page)]
            axe_seconds += time.perf_counter() - started
    for page in contexts.values():
        page.context.close()
    print(f"axe, light and dark: {axe_seconds:.0f} s for {len(pages)} pages")
    assert not offenders, (f"{len(offenders)} of {len(pages) * 2} page views do not fit "
                           "(the page or a card scrolls sideways):\n" + "\n".join(offenders))
    assert not inaccessible, (f"{len(inaccessible)} of {len(pages) * 2} page views (light and "
                              "dark) have serious or critical axe violations:\n"
                              + "\n".join(inaccessible))
