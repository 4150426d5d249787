"""The first-run wizard (issue 18, item 6): after sign-up, a few small steps (name and
roles, timezone, languages, then skills, and capacity for a mentor), each a form that
posts and redirects, with Back and "Skip for now". Every step writes through
``profile_update``: all of it or nothing, with an audit entry."""

from __future__ import annotations

import re

import pytest

from tandem.accounts.models import Profile, User
from tandem.accounts.services import user_create
from tandem.core.models import AuditEntry
from tandem.core.validation import SURROGATE_MESSAGE

PASSWORD = "plenty-of-entropy-42"


@pytest.fixture
def lea(db) -> User:
    """A new account, as sign-up leaves it: no name, no role, UTC."""
    return user_create(email="lea@example.com", password=PASSWORD, verified=True)


@pytest.fixture
def as_lea(lea, client_for):
    return client_for(lea)


def profile(user) -> Profile:
    return Profile.objects.get(user=user)


def test_it_sends_a_new_account_to_the_wizard_after_confirming_the_email(db, client,
                                                                         mailoutbox):
    client.post("/accounts/signup/", {"email": "new@example.com", "password1": PASSWORD,
                                      "password2": PASSWORD})
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mailoutbox[-1].body)[1]
    response = client.post(link)
    assert response["Location"] == "/welcome/"
    assert client.get("/welcome/")["Location"] == "/welcome/roles/"


def test_signing_in_with_an_empty_profile_leads_to_the_wizard_until_it_is_done(lea, client):
    response = client.post("/accounts/login/", {"login": lea.email, "password": PASSWORD})
    assert response["Location"] == "/welcome/"
    client.post("/welcome/skip/")
    client.logout()
    response = client.post("/accounts/login/", {"login": lea.email, "password": PASSWORD})
    assert response["Location"] == "/"


def test_people_with_a_profile_or_who_run_programs_go_home(personas, client, lea):
    response = client.post("/accounts/login/", {"login": personas.mentee.email,
                                                "password": "correct-horse-battery-staple"})
    assert response["Location"] == "/"
    client.logout()
    lea.is_coordinator = True
    lea.save(update_fields=["is_coordinator"])
    from conftest import enable_totp

    enable_totp(lea)
    response = client.post("/accounts/login/", {"login": lea.email, "password": PASSWORD})
    assert "/2fa/authenticate" in response["Location"]  # then home, as before


def test_it_walks_a_mentee_through_every_step(lea, as_lea):
    page = as_lea.get("/welcome/roles/")
    assert page.status_code == 200
    assert "step 1 of 4" in page.content.decode()
    assert "Neither" not in page.content.decode()  # a role is for those who run programs
    response = as_lea.post("/welcome/roles/", {"display_name": " Lea Schmidt ", "role": "mentee"})
    assert response["Location"] == "/welcome/timezone/"
    page = as_lea.get("/welcome/timezone/").content.decode()
    assert "data-timezone-from-browser" in page and 'href="/welcome/roles/">Back<' in page
    assert as_lea.post("/welcome/timezone/", {"timezone": "Europe/Berlin"})["Location"] \
        == "/welcome/languages/"
    page = as_lea.get("/welcome/languages/").content.decode()
    assert "/static/js/multiselect" in page and "/static/css/multiselect" in page
    assert as_lea.post("/welcome/languages/", {"languages": ["de", "en"]})["Location"] \
        == "/welcome/skills/"
    page = as_lea.get("/welcome/skills/").content.decode()
    assert "Skills I want to grow" in page and "Mentees I can take" not in page
    response = as_lea.post("/welcome/skills/", {"skills_wanted": "Python, public speaking"})
    assert response["Location"] == "/"

    saved = profile(lea)
    assert (saved.display_name, saved.is_mentee, saved.is_mentor, saved.timezone,
            saved.utc_offset_minutes in (60, 120)) == (
        "Lea Schmidt", True, False, "Europe/Berlin", True)
    assert sorted(lang.code for lang in saved.languages.all()) == ["de", "en"]
    assert sorted(tag.name for tag in saved.skills_wanted.all()) == ["Python", "public speaking"]
    assert saved.welcomed_at is not None
    actions = list(AuditEntry.objects.filter(actor=lea).order_by("pk")
                   .values_list("action", flat=True))
    assert actions[-5:] == ["accounts.profile.updated"] * 4 + ["accounts.welcome.finished"]


def test_a_mentor_gives_capacity_and_can_finish_on_the_full_profile(lea, as_lea):
    as_lea.post("/welcome/roles/", {"display_name": "Lea", "role": "mentor"})
    page = as_lea.get("/welcome/skills/").content.decode()
    assert "What you can offer" in page and "Skills I want to grow" not in page
    assert "write a career goal" not in page
    assert 'name="mentor_capacity" value="1"' in page  # a likely start, open to requests
    response = as_lea.post("/welcome/skills/", {"skills_offered": "Go, SQL",
                                                "mentor_capacity": "3",
                                                "open_to_requests": "on", "then": "profile"})
    assert response["Location"] == "/profile/"
    saved = profile(lea)
    assert (saved.is_mentor, saved.mentor_capacity, saved.open_to_requests) == (True, 3, True)
    assert sorted(tag.name for tag in saved.skills_offered.all()) == ["Go", "SQL"]


def test_both_roles_get_both_questions(lea, as_lea):
    as_lea.post("/welcome/roles/", {"display_name": "Lea", "role": "both"})
    page = as_lea.get("/welcome/skills/").content.decode()
    assert "Skills I want to grow" in page and "Skills I can offer" in page


def test_a_mentee_can_finish_on_the_goals_page(lea, as_lea):
    as_lea.post("/welcome/roles/", {"display_name": "Lea", "role": "mentee"})
    assert "Finish and write a career goal" in as_lea.get("/welcome/skills/").content.decode()
    response = as_lea.post("/welcome/skills/", {"skills_wanted": "SQL", "then": "goals"})
    assert response["Location"] == "/goals/"
    assert profile(lea).welcomed_at is not None


def test_back_shows_what_was_saved(lea, as_lea):
    as_lea.post("/welcome/roles/", {"display_name": "Lea", "role": "both"})
    page = as_lea.get("/welcome/roles/").content.decode()
    assert 'value="Lea"' in page and re.search(r'value="both"[^>]*checked', page)
    as_lea.post("/welcome/languages/", {"languages": ["fr"]})
    page = as_lea.get("/welcome/languages/").content.decode()
    assert '<option value="fr" selected>' in page


def test_skip_for_now_goes_home_and_is_recorded_once(lea, as_lea):
    response = as_lea.post("/welcome/skip/")
    assert response["Location"] == "/"
    as_lea.post("/welcome/skip/")
    assert profile(lea).welcomed_at is not None
    assert AuditEntry.objects.filter(actor=lea, action="accounts.welcome.skipped").count() == 1
    assert as_lea.get("/welcome/roles/").status_code == 200  # still open afterwards


def test_without_a_role_there_is_no_skills_step(lea, as_lea):
    assert as_lea.get("/welcome/skills/")["Location"] == "/welcome/roles/"


def test_a_coordinator_may_choose_neither_role_and_skips_the_skills(lea, as_lea):
    from conftest import enable_totp

    lea.is_coordinator = True
    lea.save(update_fields=["is_coordinator"])
    enable_totp(lea)  # coordinators must have two-factor authentication
    page = as_lea.get("/welcome/roles/").content.decode()
    assert "Neither: I run programs" in page and "step 1 of 3" in page
    as_lea.post("/welcome/roles/", {"display_name": "Cora", "role": "neither"})
    assert as_lea.post("/welcome/languages/", {"languages": ["en"]})["Location"] == "/"
    assert profile(lea).welcomed_at is not None


@pytest.mark.parametrize("step,data,field,message", [
    ("roles", {"display_name": "", "role": "mentee"}, "display_name", "This field is required"),
    ("roles", {"display_name": "Lea", "role": "admin"}, "role", "Select a valid choice"),
    ("roles", {"display_name": "Lea", "role": "neither"}, "role", "Select a valid choice"),
    ("roles", {"display_name": "Lea\nBcc: x", "role": "mentee"}, "display_name",
     "single line"),
    ("roles", {"display_name": "L" * 81, "role": "mentee"}, "display_name", "At most 80"),
    ("timezone", {"timezone": "Mars/Olympus"}, "timezone", "Select a valid choice"),
    ("languages", {"languages": ["en", "xx"]}, "languages", "Select a valid choice"),
])
def test_bad_input_gets_an_error_and_nothing_is_saved(lea, as_lea, step, data, field, message):
    before = AuditEntry.objects.count()
    response = as_lea.post(f"/welcome/{step}/", data)
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert "nothing was saved" in response.content.decode()
    saved = profile(lea)
    assert (saved.display_name, saved.is_mentee, saved.timezone) == ("", False, "UTC")
    assert not saved.languages.exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("capacity,message", [
    ("99999999999999999999", "At most 20 mentees at once."),
    ("9" * 5000, "Enter a whole number."),
    ("-1", "Capacity cannot be below zero."),
    ("two", "Enter a whole number."),
    ("", "This field is required."),
])
def test_a_mentor_s_capacity_is_checked(lea, as_lea, capacity, message):
    as_lea.post("/welcome/roles/", {"display_name": "Lea", "role": "mentor"})
    response = as_lea.post("/welcome/skills/", {"skills_offered": "Go",
                                                "mentor_capacity": capacity})
    assert response.status_code == 400
    assert response.context["form"].errors["mentor_capacity"] == [message]
    saved = profile(lea)
    assert saved.mentor_capacity == 0 and not saved.skills_offered.exists()
    assert saved.welcomed_at is None


def test_it_refuses_a_lone_surrogate_with_a_message(lea, as_lea):
    body = (b'--xx\r\nContent-Disposition: form-data; name="display_name"\r\n\r\nLea +2AA-\r\n'
            b'--xx\r\nContent-Disposition: form-data; name="role"\r\n\r\nmentee\r\n--xx--\r\n')
    response = as_lea.generic("POST", "/welcome/roles/", body,
                              content_type="multipart/form-data; boundary=xx; charset=utf-7")
    assert response.status_code == 400
    assert response.context["form"].errors["display_name"] == [SURROGATE_MESSAGE]
    assert profile(lea).display_name == ""


def test_it_needs_a_sign_in(client, db):
    response = client.get("/welcome/roles/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_each_step_runs_the_same_queries_however_full_the_profile(lea, as_lea,
                                                                   django_assert_max_num_queries):
    from tandem.accounts.choices import LANGUAGE_CHOICES

    as_lea.post("/welcome/roles/", {"display_name": "Lea", "role": "both"})
    as_lea.post("/welcome/languages/", {"languages": [code for code, _ in LANGUAGE_CHOICES[:30]]})
    as_lea.post("/welcome/skills/", {
        "skills_wanted": ", ".join(f"Wanted {n}" for n in range(25)),
        "skills_offered": ", ".join(f"Offered {n}" for n in range(25)), "mentor_capacity": "2"})
    assert profile(lea).languages.count() == 30
    for step in ("roles", "timezone", "languages", "skills"):
        # 10 for an empty profile too (the header's figures come from the cache)
        with django_assert_max_num_queries(10):
            assert as_lea.get(f"/welcome/{step}/").status_code == 200
