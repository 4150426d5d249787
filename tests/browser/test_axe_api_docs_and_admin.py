"""Pages that are not Tandem's own templates pass axe too: the API's Swagger page at
/api/docs and the admin's user change page (as staff), with no violation of any impact and,
in the admin, no Content-Security-Policy violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tandem.accounts.tests.factories import PASSWORD, make_user
from tests.browser.axe import describe, require_axe, run_axe

pytestmark = pytest.mark.django_db(transaction=True)


def _no_violations(page):
    violations = run_axe(page)
    assert not violations, f"axe violations on {page.url}:\n{describe(violations)}"


def test_the_api_docs_have_no_axe_violation(page, console_log):
    require_axe()
    page.set_default_timeout(30_000)
    page.goto("/api/docs")
    # Swagger UI draws the operations from the OpenAPI description after the page loads.
    expect(page.locator(".opblock").first).to_be_visible(timeout=30_000)
    _no_violations(page)
    # An operation opened, as a reader would, is checked as well.
    page.locator(".opblock-summary-control").first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
    _no_violations(page)
    page.locator(".try-out__btn").first.click()
    expect(page.locator(".btn.execute").first).to_be_visible()
    _no_violations(page)
    console_log.assert_clean()


def test_the_admin_user_change_page_has_no_axe_or_csp_violation(page, console_log, sign_in):
    require_axe()
    staff = make_user(email="stan@example.com", name="Stan Staff")
    staff.is_staff = staff.is_superuser = True
    staff.save(update_fields=["is_staff", "is_superuser"])
    other = make_user(email="mia@example.com", name="Mia Mentee")
    # The first page of a run pays for loading the URLconf and the templates.
    page.set_default_timeout(30_000)
    page.goto("/accounts/login/")
    sign_in(page, "stan@example.com", PASSWORD)
    for path in (f"/admin/accounts/user/{other.pk}/change/", "/admin/accounts/user/",
                 "/admin/"):
        page.goto(path)
        expect(page.locator("#content")).to_be_visible()
        _no_violations(page)
    console_log.assert_clean()
