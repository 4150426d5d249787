import pytest

from tandem.accounts.models import Profile, Tag
from tandem.accounts.services import profile_update
from tandem.core.errors import ValidationFailed


def fields_of(exc) -> dict:
    return {e["field"]: e["message"] for e in exc.value.errors}


@pytest.mark.parametrize("changes,field,message", [
    ({"timezone": "Mars/Olympus"}, "timezone", "Unknown timezone"),
    ({"languages": ["en", "xx"]}, "languages", "Unknown language code 'xx'"),
    ({"mentor_capacity": -1}, "mentor_capacity", "below zero"),
    ({"mentor_capacity": 21}, "mentor_capacity", "At most 20"),
    ({"bio": "x" * 5001}, "bio", "At most 5000 characters"),
    ({"display_name": "   "}, "display_name", "cannot be empty"),
    ({"meeting_channels": ["carrier pigeon"]}, "meeting_channels", "Unknown channel"),
    ({"feedback_style": "brutal"}, "feedback_style", "Use one of"),
    ({"experience_years": 200}, "experience_years", "0 to 70"),
    ({"skills_offered": ["!!!"]}, "skills_offered", "not a usable name"),
    ({"favourite_colour": "blue"}, "favourite_colour", "Not a profile field"),
    ({"headline": "tab\x00null"}, "headline", "NUL character"),
    ({"skills_offered": ["ok", "bad\x00"]}, "skills_offered", "NUL character"),
])
def test_it_refuses_bad_input_with_the_field_and_reason(personas, changes, field, message):
    user = personas.outsider
    before = Profile.objects.get(user=user)
    with pytest.raises(ValidationFailed) as exc:
        profile_update(actor=user, profile=user.profile, changes={"headline": "New", **changes})
    assert message in fields_of(exc)[field]
    after = Profile.objects.get(user=user)
    assert after.headline == before.headline  # nothing half-saved


def test_it_names_every_faulty_field_at_once(personas):
    with pytest.raises(ValidationFailed) as exc:
        profile_update(actor=personas.outsider, profile=personas.outsider.profile,
                       changes={"timezone": "Nowhere", "mentor_capacity": -3})
    assert set(fields_of(exc)) == {"timezone", "mentor_capacity"}


def test_it_normalizes_tags_so_spellings_fold_together(personas):
    user = personas.outsider
    profile_update(actor=user, profile=user.profile,
                   changes={"skills_offered": ["Machine  Learning", "machine learning", " Python "]})
    names = sorted(t.name for t in user.profile.skills_offered.all())
    assert names == ["Machine Learning", "Python"]
    profile_update(actor=personas.mentee, profile=personas.mentee.profile,
                   changes={"skills_wanted": ["MACHINE LEARNING"]})
    assert Tag.objects.filter(slug="machine-learning").count() == 1


def test_it_keeps_search_text_and_utc_offset_in_step(personas):
    user = personas.outsider
    profile_update(actor=user, profile=user.profile, changes={
        "headline": "Staff Engineer", "skills_offered": ["Kubernetes"], "timezone": "Asia/Kolkata"})
    profile = Profile.objects.get(user=user)
    assert "staff engineer" in profile.search_text and "kubernetes" in profile.search_text
    assert profile.utc_offset_minutes == 330


def test_it_saves_the_profile_form_and_shows_errors_on_it(personas, client_for):
    client = client_for(personas.outsider)
    form = {
        "display_name": "Oscar O.", "headline": "Analyst", "bio": "I like data.",
        "is_mentee": "on", "skills_wanted": "SQL, Statistics", "languages": ["en", "es"],
        "timezone": "America/Mexico_City", "feedback_format": "written",
        "feedback_style": "gentle", "feedback_timing": "at_meetings", "mentor_capacity": "0",
        "meeting_channels": ["video", "chat"],
    }
    response = client.post("/profile/", form)
    assert response.status_code == 302
    profile = Profile.objects.get(user=personas.outsider)
    assert profile.is_mentee and profile.timezone == "America/Mexico_City"
    assert sorted(lang.code for lang in profile.languages.all()) == ["en", "es"]
    assert profile.meeting_channels == ["video", "chat"]

    response = client.post("/profile/", {**form, "mentor_capacity": "-2", "headline": "Changed"})
    assert response.status_code == 400
    assert "Capacity cannot be below zero." in response.content.decode()
    assert Profile.objects.get(user=personas.outsider).headline == "Analyst"


def test_it_shows_what_is_missing_from_a_profile(personas, client_for):
    from tandem.accounts.selectors import profile_completeness, profile_of

    page = client_for(personas.outsider).get("/").content.decode()
    assert "Still missing" in page and "whether you want a mentor, to mentor, or both" in page

    fresh = profile_completeness(profile_of(personas.outsider), goal_count=0)
    assert "whether you want a mentor, to mentor, or both" in fresh.missing
    assert 0 < fresh.percent < 100
    profile_update(actor=personas.outsider, profile=personas.outsider.profile,
                   changes={"is_mentor": True})
    as_mentor = profile_completeness(profile_of(personas.outsider), goal_count=0)
    assert "the skills you can offer" in as_mentor.missing
    assert "at least one career goal" not in as_mentor.missing


def test_it_serves_and_updates_my_profile_over_the_api(personas, api_client):
    client = api_client(personas.outsider)
    response = client.patch("/api/me/profile", {"headline": "Data analyst",
                                                "languages": ["en", "pt"]})
    assert response.status_code == 200
    body = response.json()
    assert body["headline"] == "Data analyst" and body["languages"] == ["en", "pt"]
    assert "completeness" in body and isinstance(body["missing"], list)

    response = client.patch("/api/me/profile", {"timezone": "Atlantis/Capital"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "timezone", "message": (
        "Unknown timezone 'Atlantis/Capital': use an IANA name such as Europe/Berlin.")}]

    response = client.patch("/api/me/profile", {"bio": "nul \u0000 byte"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "bio"

    response = client.patch("/api/me/profile", {"mentor_capacity": "lots"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "mentor_capacity"


def test_it_shows_a_mentor_profile_but_hides_a_mentee_profile(personas, api_client):
    client = api_client(personas.outsider)
    assert client.get(f"/api/profiles/{personas.mentor.profile.pk}").status_code == 200
    response = client.get(f"/api/profiles/{personas.mentee.profile.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}
