"""Accessibility checks for the browser journeys, with axe-core (the npm package pinned in
tests/browser/package.json and package-lock.json).

``assert_accessible(page)`` runs axe on the page as it is now against the WCAG 2.0, 2.1 and
2.2 A and AA rules and fails on any serious or critical violation, naming the rule, the
elements and how to fix them. Any test can call it.

The journeys import two fixtures from here that replace the plain ones of conftest.py:

* ``new_page``: the same pages, and it remembers which kinds of page (the path with its
  ids replaced by ``N``) the test's pages visited; at the end of a passing test every kind
  must have been checked at least once, so a new step in a journey cannot skip the check;
* ``screenshot``: checks the page before each screenshot, so the key states of every
  journey are checked where they are already photographed;
* ``sign_in``: checks the sign-in page and the dashboard (once per page object).

``check_new_page(page)`` checks a page unless that page already checked its kind: the call
to put after a navigation that has no screenshot.

axe-core is installed with ``npm ci --prefix tests/browser`` when it is missing. Without
npm (or when the install fails) the tests are skipped with the reason, except under
``CI=true``, where that is a failure.

Why ``page.evaluate`` and not ``page.add_script_tag(path=...)``: Tandem's pages send a strict
Content-Security-Policy (scripts from 'self' only, no inline), which blocks the inline
<script> that add_script_tag makes from a file; ``evaluate`` goes through the DevTools
protocol, which the page's policy does not govern, so the check needs no weakened policy
and no ``bypass_csp`` context (which would also hide real CSP violations from the tests).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

HERE = Path(__file__).resolve().parent
AXE_FILE = HERE / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
FAILING_IMPACTS = ("serious", "critical")
# Pages that are not Tandem's own templates: Django's admin and the API's Swagger page.
NOT_CHECKED = ("/admin/", "/api/")


_NO_JS_CONTEXTS: weakref.WeakSet = weakref.WeakSet()


class AxeUnavailable(Exception):
    pass


_source: str | None = None


def axe_source() -> str:
    """The text of axe.min.js, installing axe-core with npm first if it is missing."""
    global _source
    if _source is None:
        if not AXE_FILE.exists():
            npm = shutil.which("npm")
            if npm is None:
                raise AxeUnavailable(
                    "npm is missing: install Node.js and npm to check pages with axe-core")
            done = subprocess.run(
                [npm, "ci", "--prefix", str(HERE), "--no-audit", "--no-fund"],
                capture_output=True, text=True, timeout=300, check=False)
            if done.returncode != 0 or not AXE_FILE.exists():
                raise AxeUnavailable(
                    f"`npm ci --prefix {HERE}` failed ({done.returncode}):\n"
                    f"{done.stdout[-2000:]}{done.stderr[-2000:]}")
        _source = AXE_FILE.read_text(encoding="utf-8")
    return _source


def require_axe() -> str:
    """axe-core's source; skips the test locally, fails it under CI, when it cannot be had."""
    try:
        return axe_source()
    except AxeUnavailable as missing:
        if os.environ.get("CI") == "true":
            pytest.fail(str(missing), pytrace=False)
        pytest.skip(str(missing))


@pytest.fixture(scope="session")
def axe_script() -> str:
    return require_axe()


def run_axe(page) -> list[dict]:
    """axe's violations (WCAG A and AA rules) for the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return page.evaluate(
        "async (options) => (await window.axe.run(document, options)).violations", options)


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}"
                     f" <{violation['helpUrl']}>")
        for node in violation["nodes"][:8]:
            target = " ".join(json.dumps(t) if not isinstance(t, str) else t
                              for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {target}: {node['html'][:160]}")
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    ... and {len(violation['nodes']) - 8} more elements")
    return "\n".join(lines)


def assert_accessible(page, *, impacts=FAILING_IMPACTS) -> None:
    """Fail when axe finds a serious or critical WCAG 2.x A/AA violation on ``page``.

    A page in a context with JavaScript turned off cannot run axe (``evaluate`` would wait
    for ever), so it is not checked: the same templates are checked with JavaScript on."""
    if page.context in _NO_JS_CONTEXTS:
        _audit_of(page).checked.add(page_kind(page.url))
        return
    page.wait_for_load_state()
    failing = [v for v in run_axe(page) if v["impact"] in impacts]
    assert not failing, (f"accessibility violations on {page.url}:\n{describe(failing)}")
    _audit_of(page).checked.add(page_kind(page.url))


def check_new_page(page) -> None:
    """``assert_accessible(page)`` unless this page has already checked this kind of page."""
    if page_kind(page.url) not in _audit_of(page).checked:
        assert_accessible(page)


def page_kind(url: str) -> str:
    """The route behind a URL: /mentorships/12/goals/ -> /mentorships/N/goals/."""
    return re.sub(r"\d+", "N", urlparse(url).path)


@dataclass
class Audit:
    visited: list[str] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)

    def navigated(self, frame) -> None:
        if frame.parent_frame is None and frame.url.startswith("http"):
            kind = page_kind(frame.url)
            if kind not in self.visited and not kind.startswith(NOT_CHECKED):
                self.visited.append(kind)

    @property
    def unchecked(self) -> list[str]:
        return [kind for kind in self.visited if kind not in self.checked]


def _audit_of(page) -> Audit:
    audit = getattr(page, "_tandem_axe_audit", None)
    if audit is None:
        audit = Audit()
        page._tandem_axe_audit = audit
    return audit


@pytest.fixture
def new_page(request, new_page):
    """conftest's ``new_page``, whose pages must each have every kind of page they visit
    checked by ``assert_accessible`` (directly or through ``screenshot``) by the end."""
    require_axe()
    pages = []

    def make(**options):
        page = new_page(**options)
        if options.get("java_script_enabled") is False:
            _NO_JS_CONTEXTS.add(page.context)
        page.on("framenavigated", _audit_of(page).navigated)
        pages.append(page)
        return page

    yield make
    if getattr(request.node, "browser_call_failed", True):
        return
    # A kind of page counts as checked when any page of the test checked it (the mentee's
    # and the mentor's view of a page come from the same template).
    audits = [_audit_of(page) for page in pages if page.context not in _NO_JS_CONTEXTS]
    checked = set().union(*(audit.checked for audit in audits))
    missing = list(dict.fromkeys(kind for audit in audits for kind in audit.visited
                                 if kind not in checked))
    if missing:
        pytest.fail("pages visited but never checked with assert_accessible():\n"
                    + "\n".join(f"- {kind}" for kind in missing), pytrace=False)


@pytest.fixture
def screenshot(screenshot):
    """conftest's ``screenshot``, checking the page with axe first (not a failed test's
    last page, which is photographed as it is)."""

    def take(page, step: str, *, check: bool = True):
        if check and step != "failed" and not page_kind(page.url).startswith(NOT_CHECKED):
            assert_accessible(page)
        return screenshot(page, step)

    return take


DOCS_SCREENSHOTS = HERE.parents[1] / "docs" / "screenshots"


def docs_screenshot(page, name: str, *, full_page: bool = False) -> None:
    """With ``TANDEM_DOCS_SCREENSHOTS=1``, save the page as docs/screenshots/<name>.png,
    the pictures the README shows (the demo's pages come from scripts/screenshots.py).
    Off by default, so a test run leaves the working tree as it was."""
    if os.environ.get("TANDEM_DOCS_SCREENSHOTS") == "1":
        page.screenshot(path=str(DOCS_SCREENSHOTS / f"{name}.png"), full_page=full_page)


@pytest.fixture
def sign_in(sign_in):
    """conftest's ``sign_in``, checking the sign-in page and the dashboard it lands on."""

    def go(page, email: str, password: str) -> None:
        # The first page of a test run pays for loading the URLconf and templates.
        page.goto("/accounts/login/", timeout=30_000)
        check_new_page(page)
        sign_in(page, email, password)
        check_new_page(page)

    return go


@pytest.fixture
def page(new_page):
    return new_page()
