"""Playwright fixtures for the browser journeys: one headless Debian chromium per session,
a fresh context and page per test against pytest-django's ``live_server``, a screenshot
helper and a collector for console errors (CSP violations show up there)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--lang=en-GB",  # date and time inputs in the day-month order the tests expect
]
HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE.parent.parent / "test-artifacts" / "screenshots"
CONTEXT_OPTIONS = {
    "viewport": {"width": 1280, "height": 900},
    "locale": "en-GB",
    "timezone_id": "Europe/Lisbon",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and HERE in item.path.resolve().parents:
        item.browser_call_failed = report.failed
    return report


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package to run browser tests"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    # Sync Playwright runs an event loop in this thread; the ORM calls made by the tests
    # (factories, assertions) are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# The site has no favicon, so chromium's automatic request for one logs a 404 (reported
# to the app's owners); it says nothing about the page under test.
IGNORED_RESOURCES = ("/favicon.ico",)
# A form with errors comes back with status 400 by design; chromium logs that as a failed
# load of the document itself. The tests check what the page then shows.
FORM_ERROR_STATUS = "the server responded with a status of 400"


@dataclass
class ConsoleLog:
    """Console errors and uncaught exceptions seen by the pages of one test."""

    errors: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", lambda msg: self._console(page, msg))
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: page error: {exc}"))

    def _console(self, page, msg) -> None:
        source = msg.location.get("url") or ""
        if msg.type != "error" or source.endswith(IGNORED_RESOURCES):
            return
        if source == page.url and FORM_ERROR_STATUS in msg.text:
            return
        self.errors.append(f"{page.url}: console error: {msg.text} ({source})")

    @property
    def csp_violations(self) -> list[str]:
        return [e for e in self.errors if "Content Security Policy" in e]

    def assert_clean(self) -> None:
        assert not self.csp_violations, "Content-Security-Policy violations:\n" + "\n".join(
            self.csp_violations)
        assert not self.errors, "errors in the browser console:\n" + "\n".join(self.errors)


@pytest.fixture
def console_log() -> ConsoleLog:
    return ConsoleLog()


@pytest.fixture
def new_page(request, browser, live_server, console_log, screenshot):
    """``new_page(**context_options)``: a page in a fresh context on the live server.
    When the test fails, each page's last state is saved as a ``failed`` screenshot."""
    contexts = []

    def make(**options):
        context = browser.new_context(
            base_url=live_server.url, **{**CONTEXT_OPTIONS, **options}
        )
        context.set_default_timeout(5_000)
        contexts.append(context)
        page = context.new_page()
        console_log.attach(page)
        return page

    yield make
    for context in contexts:
        if getattr(request.node, "browser_call_failed", False):
            for open_page in context.pages:
                screenshot(open_page, "failed")
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text).strip("-")


@pytest.fixture
def screenshot(request):
    """``screenshot(page, "signed-up")`` saves test-artifacts/screenshots/<test>/NN-<step>.png."""
    folder = ARTIFACTS / slug(request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    counter = iter(range(1, 100))

    def take(page, step: str) -> Path:
        path = folder / f"{next(counter):02d}-{slug(step)}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def sign_in():
    """``sign_in(page, email, password)``: sign in through /accounts/login/ and wait until
    the header offers "Sign out"."""
    from playwright.sync_api import expect

    def go(page, email: str, password: str) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign In").click()
        expect(page.get_by_role("banner").get_by_role("button", name="Sign out")).to_be_visible()

    return go
