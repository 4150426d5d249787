"""The profile's timezone select is marked for the browser to pre-fill (static/js/
timezone-from-browser.js) only while nobody has chosen a timezone."""

from __future__ import annotations

import re

import pytest

from tandem.accounts.tests.factories import make_mentee, make_user

MARK = "data-timezone-from-browser"


def timezone_select(page: str) -> str:
    return re.search(r'<select[^>]*name="timezone"[^>]*>', page)[0]


@pytest.mark.django_db
def test_it_marks_the_select_of_a_new_account(client_for):
    page = client_for(make_user()).get("/profile/").content.decode()
    assert MARK in timezone_select(page)
    assert '<option value="UTC" selected>' in page  # without JavaScript: UTC, as before
    assert re.search(r'<script src="[^"]*/js/timezone-from-browser\.js" defer></script>', page)


@pytest.mark.django_db
@pytest.mark.parametrize("changes", [{"timezone": "Asia/Tokyo"}, {"is_mentee": True},
                                     {"is_mentor": True, "display_name": "Ada"}])
def test_it_leaves_a_chosen_timezone_alone(client_for, changes):
    page = client_for(make_user(**changes)).get("/profile/").content.decode()
    assert MARK not in timezone_select(page)


@pytest.mark.django_db
def test_it_leaves_a_utc_chosen_on_purpose_alone(client_for):
    page = client_for(make_mentee(timezone="UTC")).get("/profile/").content.decode()
    assert MARK not in timezone_select(page)


@pytest.mark.django_db
def test_it_does_not_mark_a_form_sent_back_with_errors(client_for):
    response = client_for(make_user()).post("/profile/", {"timezone": "UTC",
                                                                  "mentor_capacity": "99"})
    assert response.status_code == 400
    assert MARK not in timezone_select(response.content.decode())
