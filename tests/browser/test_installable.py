"""Installable on a phone (issue 18, item 8): Chromium installs and activates Tandem's
service worker, a page opened without a connection shows Tandem's offline page (in its own
style, from the cache), and a signed-in person's pages never end up in that cache."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tandem.accounts.tests.factories import PASSWORD, make_mentee
from tests.browser import axe

new_page, screenshot, sign_in = axe.new_page, axe.screenshot, axe.sign_in
pytestmark = pytest.mark.django_db(transaction=True)

# The service worker, once the page's navigator.serviceWorker.ready settles: its script,
# its state, and whether it controls the page.
WORKER = """async () => {
    const registration = await navigator.serviceWorker.ready;
    return {script: registration.active.scriptURL, state: registration.active.state,
            scope: registration.scope};
}"""
# Every cache entry's address (path and query), by cache name.
CACHED = """async () => {
    const out = {};
    for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        out[name] = (await cache.keys()).map((r) => {
            const url = new URL(r.url);
            return url.pathname + url.search;
        });
    }
    return out;
}"""
# The text of every cached HTML response.
CACHED_HTML = """async () => {
    const out = [];
    for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
            const response = await cache.match(request);
            if ((response.headers.get('Content-Type') || '').includes('text/html')) {
                out.push({url: request.url, body: await response.text()});
            }
        }
    }
    return out;
}"""


def active_worker(page) -> dict:
    page.evaluate(WORKER)
    # Activated, and controlling the page (clients.claim), although the page was loaded
    # before the worker existed.
    page.wait_for_function("""() => navigator.serviceWorker.controller !== null
        && navigator.serviceWorker.controller.state === 'activated'""")
    return page.evaluate(WORKER)


def test_the_service_worker_registers_and_becomes_active(page, live_server, screenshot,
                                                         console_log):
    page.goto("/accounts/login/")
    worker = active_worker(page)
    assert worker["script"] == f"{live_server.url}/sw.js"
    assert worker["scope"] == f"{live_server.url}/"
    assert worker["state"] == "activated"
    manifest = page.locator("link[rel=manifest]").get_attribute("href")
    assert page.request.get(manifest).headers["content-type"] == "application/manifest+json"

    cached = page.evaluate(CACHED)
    assert len(cached) == 1, cached
    [(name, urls)] = cached.items()
    assert name.startswith("tandem-shell-")
    assert "/offline/" in urls
    assert "/static/css/tandem.css" in urls
    assert "/static/icons/icon-192.png" in urls
    screenshot(page, "sign-in with the worker active")
    console_log.assert_clean()


def test_without_a_connection_a_page_shows_the_offline_page(page, screenshot):
    page.goto("/accounts/login/")
    axe.check_new_page(page)
    active_worker(page)
    page.context.set_offline(True)
    page.goto("/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    expect(page).to_have_title("You are offline · Tandem")
    # The stylesheet came from the cache: the page has Tandem's colours.
    assert page.evaluate("""() => getComputedStyle(document.documentElement)
        .getPropertyValue('--brand').trim()""") != ""
    axe.assert_accessible(page)
    screenshot(page, "offline")

    # Back online, "Try again" opens the page that was asked for.
    page.context.set_offline(False)
    page.get_by_role("link", name="Try again").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign Up")
    axe.check_new_page(page)


def test_a_signed_in_persons_pages_are_never_cached(page, sign_in):
    mia = make_mentee(email="mia@example.com", name="Mia Mentee", goals=["Lead a team"])
    sign_in(page, "mia@example.com", PASSWORD)
    active_worker(page)
    # Pages opened while the worker controls them go through it.
    for path in ("/goals/", "/mentorships/", "/notifications/", "/"):
        page.goto(path)
        axe.check_new_page(page)
        expect(page.get_by_role("banner").get_by_role("button", name="Sign out", include_hidden=True)).to_have_count(1)

    cached = page.evaluate(CACHED)
    urls = [url for entries in cached.values() for url in entries]
    assert urls, "the shell is cached"
    assert [url for url in urls if url != "/offline/" and not url.startswith("/static/")] \
        == [], "only the shell may be cached"
    pages = page.evaluate(CACHED_HTML)
    assert [p["url"].rsplit("/", 2)[-2] for p in pages] == ["offline"]
    for cached_page in pages:
        assert "Sign out" not in cached_page["body"]
        assert mia.profile.display_name not in cached_page["body"]
        assert "Lead a team" not in cached_page["body"]

    # And offline, the private page is not there to be read: the offline page is.
    page.context.set_offline(True)
    page.goto("/goals/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    expect(page.get_by_text("Lead a team")).to_have_count(0)
