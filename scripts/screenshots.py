"""Take the README's screenshots from a running Tandem with the demo data.

    make run &                      # in another terminal
    .venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000]

Uses Debian's chromium (/usr/bin/chromium) through Playwright; writes docs/screenshots/.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


# The demo coordinator's and staff's authenticator key (tandem/demo/people.py).
DEMO_TOTP_SECRET = "KRAW4RDFNVXVIT2UKBAXGZLDOJSXIMZS"


def totp_code(secret: str) -> str:
    """The current six-digit code of an authenticator app (RFC 6238: HMAC-SHA1, 30 s)."""
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", int(time.time()) // 30),
                      hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 10**6:06d}"


def sign_in(page, email: str) -> None:
    page.goto(f"{BASE}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("tandem-demo-2026")
    page.get_by_role("button", name="Sign In").click()
    if "/2fa/" in page.url:  # coordinators and staff use two-factor authentication
        page.locator("input[name=code]").fill(totp_code(DEMO_TOTP_SECRET))
        page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{BASE}/")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.goto(f"{BASE}/")
        page.screenshot(path=OUT / "landing.png")
        sign_in(page, "mentee@demo.tandem.test")
        page.screenshot(path=OUT / "dashboard.png")
        page.goto(f"{BASE}/mentors/?skill=python&has_free_places=on")
        page.screenshot(path=OUT / "directory.png", full_page=False)
        page.get_by_role("listitem").get_by_role("link").first.click()
        page.wait_for_load_state()
        page.screenshot(path=OUT / "mentor-page.png", full_page=True)
        page.goto(f"{BASE}/profile/")
        page.screenshot(path=OUT / "profile.png")
        page.goto(f"{BASE}/mentorships/")
        page.get_by_role("link", name="Marco Mentor").first.click()
        page.wait_for_load_state()
        mentorship = page.url
        page.goto(f"{mentorship}agreement/")
        page.screenshot(path=OUT / "agreement.png")
        page.goto(f"{mentorship}reports/history/")
        page.screenshot(path=OUT / "report-history.png")
        page.goto(mentorship)
        page.screenshot(path=OUT / "mentorship.png", full_page=True)
        page.goto(f"{mentorship}goals/")
        page.screenshot(path=OUT / "goals-in-a-mentorship.png")
        page.goto(f"{mentorship}plan/")
        page.screenshot(path=OUT / "development-plan.png")
        page.goto(f"{mentorship}feedback/")
        page.screenshot(path=OUT / "feedback.png")
        page.goto(f"{mentorship}timeline/")
        page.screenshot(path=OUT / "timeline.png")
        page.goto(f"{mentorship}strengths/")
        page.screenshot(path=OUT / "strengths.png")
        # A coordinator: a program after matching, and its dashboard.
        page.context.clear_cookies()
        sign_in(page, "coordinator@demo.tandem.test")
        page.goto(f"{BASE}/programs/")
        page.get_by_role("link", name="New managers 2025").first.click()
        page.wait_for_load_state()
        program = page.url
        page.goto(f"{program}matching/")
        page.screenshot(path=OUT / "program-matching.png")
        page.goto(f"{program}dashboard/")
        page.screenshot(path=OUT / "program-dashboard.png")
        browser.close()
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main()
