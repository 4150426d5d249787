"""The header's groups for the journeys: ``open_group(page, "Me")`` opens the "Me" group
(where My goals, Journal, Profile, Requests and Sign out live) so its links can be
clicked. On a phone the groups are laid out flat inside the open Menu: there it opens
the Menu instead, if it is closed."""

from __future__ import annotations


def open_group(page, name: str) -> None:
    header = page.get_by_role("banner")
    summary = header.get_by_test_id(f"nav-group-{name.lower()}")
    if summary.is_visible():
        if summary.locator("xpath=..").get_attribute("open") is None:
            summary.click()
        return
    menu = header.locator("details.nav-menu")
    if menu.get_attribute("open") is None:
        header.get_by_text("Menu", exact=True).click()
