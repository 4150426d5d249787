"""Playwright fixtures for the browser journeys: one headless Debian chromium per session,
a fresh context and page per test against pytest-django's ``live_server``, a screenshot
helper, a collector for console errors (CSP violations show up there), and a capture of
every log record the app writes during the journeys, searched for passwords, tokens,
session keys and private text after each journey."""

from __future__ import annotations

import logging
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import expect

# expect(...) waits up to this long too (Playwright's default is 5 s), for the same reason
# as the contexts' default timeout below.
expect.set_options(timeout=15_000)

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
        # Generous: the live server shares two cores with the other test process, and a
        # page that answers in 50 ms alone can take seconds while the other one is busy.
        context.set_default_timeout(15_000)
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
    the header offers "Sign out". Coordinators and staff must use two-factor
    authentication: they get an authenticator (conftest's ``enable_totp``) and the journey
    types its current code on allauth's second step, as a person would."""
    from playwright.sync_api import expect

    def go(page, email: str, password: str) -> None:
        from django.contrib.auth import get_user_model

        from conftest import enable_totp
        from tandem.core.middleware import needs_two_factor

        user = get_user_model().objects.filter(email__iexact=email).first()
        two_factor = user is not None and needs_two_factor(user)
        if two_factor:
            enable_totp(user)
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign In").click()
        if two_factor:
            expect(page.locator("input[name=code]")).to_be_visible()
            if getattr(page, "_tandem_axe_audit", None) is not None:
                from tests.browser.axe import check_new_page

                check_new_page(page)
            page.locator("input[name=code]").fill(_fresh_totp_code(user.pk))
            page.get_by_role("button", name="Sign In").click()
        expect(page.get_by_role("banner").get_by_role("button", name="Sign out", include_hidden=True)).to_have_count(1)

    return go


_USED_TOTP: dict[int, int] = {}


def _fresh_totp_code(user_id: int) -> str:
    """The authenticator's current code; a code is accepted once, so a second sign-in of
    the same person within the same 30 seconds waits for the next one."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from conftest import PERSONA_TOTP_SECRET

    # Not in the last seconds of a window either: the code must still be current when
    # the form arrives.
    if _USED_TOTP.get(user_id) == int(time.time()) // 30 or time.time() % 30 > 25:
        time.sleep(30 - time.time() % 30 + 0.2)
    counter = int(time.time()) // 30
    _USED_TOTP[user_id] = counter
    return format_hotp_value(hotp_value(PERSONA_TOTP_SECRET, counter))


# --- Nothing sensitive in the logs ------------------------------------------------------

class _Records(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        try:
            text = record.getMessage()
        except Exception:  # a record whose arguments do not fit its message
            text = f"{record.msg!r} {record.args!r}"
        if record.exc_info and record.exc_info[1] is not None:
            text += f" {record.exc_info[1]!r}"
        self.lines.append(f"{record.name} {record.levelname} {text}")


@pytest.fixture(scope="session")
def app_log():
    """Every log record written while the journeys run (the live server runs in this
    process, so its records reach the root logger here), at DEBUG and up except the
    database's query log, which LOGGING keeps at INFO."""
    handler = _Records()
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(level)


TOKEN_RE = re.compile(r"tdm_[A-Za-z0-9_-]{16,}")


def sensitive_values() -> dict[str, str]:
    """What must never be logged: passwords, personal access tokens (by their form),
    session keys, the authenticator secret, and the text of private notes, journal
    entries and meeting notes made during the journey."""
    from django.contrib.sessions.models import Session

    from conftest import PERSONA_TOTP_SECRET
    from tandem.accounts.tests.factories import PASSWORD
    from tandem.journal.models import JournalEntry, Note
    from tandem.meetings.models import Meeting

    values = {"the test password": PASSWORD, "the authenticator secret": PERSONA_TOTP_SECRET}
    for key in Session.objects.values_list("session_key", flat=True):
        values[f"session key {key[:6]}…"] = key
    texts = [*Note.objects.values_list("body", flat=True),
             *JournalEntry.objects.values_list("body", flat=True),
             *Meeting.objects.exclude(notes="").values_list("notes", flat=True)]
    for text in texts:
        text = (text or "").strip()
        if len(text) >= 12:  # long enough not to match ordinary words by chance
            values[f"private text {text[:20]!r}"] = text[:80]
    return values


@pytest.fixture(autouse=True)
def no_secrets_in_the_logs(request, app_log):
    """After each journey: none of its log records holds a sensitive value."""
    journey = "live_server" in request.fixturenames
    if journey:
        # Set up before this fixture, so the journey's data is still there when it checks.
        request.getfixturevalue("transactional_db")
    start = len(app_log.lines)
    yield
    if not journey:
        return
    lines = app_log.lines[start:]
    leaks = [f"{what} in: {line[:200]}" for line in lines
             for what, value in sensitive_values().items() if value and value in line]
    leaks += [f"a personal access token in: {line[:200]}" for line in lines
              if TOKEN_RE.search(line)]
    assert not leaks, "sensitive data in the logs:\n" + "\n".join(leaks)


def reseed() -> None:
    """Put back the rows Tandem's data migrations seed (decline reasons, built-in plan
    templates), which an earlier live-server test's flush removed, before loading the demo
    (it declines a request with "Not my area" and starts a plan from a template)."""
    import importlib

    from django.apps import apps

    for module, function in (("tandem.mentorships.migrations.0002_decline_reasons", "add_reasons"),
                             ("tandem.plans.migrations.0002_builtin_templates", "load")):
        getattr(importlib.import_module(module), function)(apps, None)
