"""Take the README's screenshots from a running Tandem with the demo data.

    make run &                      # in another terminal
    .venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000]

Uses Debian's chromium (/usr/bin/chromium) through Playwright; writes docs/screenshots/:
the desktop pictures at 1280 px, the dark-mode workspace, and the phone pictures at
375 x 812 (the home, the menu opened, the workspace).
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


DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}


def shoot(page, name: str, *, full_page: bool = False) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=OUT / f"{name}.png", full_page=full_page, animations="disabled")


def new_page(browser, viewport: dict, **options):
    return browser.new_context(viewport=viewport, **options).new_page()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)

        # Signed out, then Maya the mentee: her home, the directory, a mentor's page.
        page = new_page(browser, DESKTOP)
        page.goto(f"{BASE}/")
        shoot(page, "landing")
        sign_in(page, "mentee@demo.tandem.test")
        page.goto(f"{BASE}/")  # again, without the "signed in" message
        shoot(page, "dashboard")
        page.goto(f"{BASE}/mentors/?skill=python&has_free_places=on")
        shoot(page, "directory")
        page.get_by_role("main").get_by_role("listitem").get_by_role("link").first.click()
        page.wait_for_load_state()
        shoot(page, "mentor-page")
        page.goto(f"{BASE}/profile/")
        shoot(page, "profile")

        # Her mentorship with Marco Mentor, the demo's busiest: the workspace's Overview, its
        # Goals and plan and Timeline tabs, and the pages they lead to.
        page.goto(f"{BASE}/mentorships/")
        page.get_by_role("main").get_by_role("link", name="Marco Mentor").first.click()
        page.wait_for_load_state()
        mentorship = page.url
        shoot(page, "mentorship", full_page=True)
        page.goto(f"{mentorship}tab/goals/")
        shoot(page, "goals-in-a-mentorship")
        page.goto(f"{mentorship}plan/")
        shoot(page, "development-plan")
        page.goto(f"{mentorship}feedback/")
        shoot(page, "feedback")
        page.goto(f"{mentorship}timeline/")
        shoot(page, "timeline")
        page.goto(f"{mentorship}agreement/")
        shoot(page, "agreement")
        page.goto(f"{mentorship}reports/history/")
        shoot(page, "report-history")
        page.goto(f"{mentorship}strengths/")
        shoot(page, "strengths")

        # The workspace in dark mode.
        page.emulate_media(color_scheme="dark")
        page.goto(mentorship)
        shoot(page, "mentorship-dark")
        page.context.close()

        # On a phone: the home, the menu opened, the workspace.
        phone = new_page(browser, PHONE)
        sign_in(phone, "mentee@demo.tandem.test")
        phone.goto(f"{BASE}/")
        shoot(phone, "phone-dashboard")
        phone.get_by_role("banner").get_by_text("Menu", exact=True).click()
        shoot(phone, "phone-menu")
        phone.goto(mentorship)
        shoot(phone, "phone-mentorship")
        phone.context.close()

        # Marco the mentor: his home, down to his mentees.
        page = new_page(browser, DESKTOP)
        sign_in(page, "mentor@demo.tandem.test")
        page.goto(f"{BASE}/")
        shoot(page, "mentor-home", full_page=True)
        page.context.close()

        # Carla the coordinator: her home (program status first), a program's overview
        # after matching, its matching run and its dashboard.
        page = new_page(browser, DESKTOP)
        sign_in(page, "coordinator@demo.tandem.test")
        page.goto(f"{BASE}/")
        shoot(page, "coordinator-home")
        page.goto(f"{BASE}/programs/")
        page.get_by_role("main").get_by_role("link", name="New managers 2025").first.click()
        page.wait_for_load_state()
        program = page.url
        shoot(page, "program-overview")
        page.goto(f"{program}matching/")
        shoot(page, "program-matching")
        page.goto(f"{program}dashboard/")
        shoot(page, "program-dashboard")
        page.context.close()
        browser.close()
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main()
