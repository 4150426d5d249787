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
    ({"display_name": "Mia\nEvil"}, "display_name", "single line without control characters"),
    ({"display_name": "Mia\rBcc: x"}, "display_name", "single line without control"),
    ({"headline": "Tab\there"}, "headline", "single line without control characters"),
    ({"location": "Lisbon\x1b[31m"}, "location", "single line without control characters"),
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

    # The home's getting started names the step; the profile page lists what is missing.
    home = client_for(personas.outsider).get("/").content.decode()
    assert "whether you want a mentor, to mentor, or both" in home
    page = client_for(personas.outsider).get("/profile/").content.decode()
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


def test_it_shows_others_a_mentor_profile_without_the_mentee_side(personas, api_client):
    mentor = personas.mentor
    profile_update(actor=mentor, profile=mentor.profile, changes={
        "is_mentee": True, "skills_wanted": ["Negotiation"], "feedback_style": "gentle",
        "feedback_notes": "Please go easy on me, it has been a rough year."})
    body = api_client(personas.mentee).get(f"/api/profiles/{mentor.profile.pk}").json()
    assert body["display_name"] == "Marta Mentor" and body["skills_offered"] == [
        "Leadership", "Python"]
    for private in ("skills_wanted", "feedback_format", "feedback_style", "feedback_timing",
                    "feedback_notes"):
        assert private not in body
    assert "rough year" not in str(body) and "Negotiation" not in str(body)
    # The person still sees all of it on their own profile.
    mine = api_client(mentor).get("/api/me/profile").json()
    assert mine["feedback_notes"].endswith("rough year.") and mine["skills_wanted"] == [
        "Negotiation"]


def test_it_hides_a_deactivated_mentors_profile(personas, api_client):
    mentor = personas.mentor
    mentor.is_active = False
    mentor.save(update_fields=["is_active"])
    response = api_client(personas.mentee).get(f"/api/profiles/{mentor.profile.pk}")
    assert response.status_code == 404
    assert api_client(personas.mentee).get(
        f"/api/profiles/{personas.mentor2.profile.pk}").status_code == 200


def test_it_keeps_c_plus_plus_c_sharp_c_and_dot_net_apart(personas):
    from tandem.directory.selectors import DirectoryQuery, mentor_search

    user = personas.outsider
    profile_update(actor=user, profile=user.profile, changes={
        "skills_offered": ["C++", "C#", "C", ".NET", "c ++"]})
    slugs = sorted(t.slug for t in user.profile.skills_offered.all())
    assert slugs == ["c", "c-plus-plus", "c-sharp", "dot-net"]
    names = sorted(t.name for t in user.profile.skills_offered.all())
    assert names == [".NET", "C", "C#", "C++"]
    profile_update(actor=personas.mentor2, profile=personas.mentor2.profile,
                   changes={"skills_offered": ["C#"]})
    found = mentor_search(viewer=personas.mentee, query=DirectoryQuery(skills=["c-sharp"]))
    assert [p.display_name for p in found.results] == ["Omar Second"]
    assert not mentor_search(viewer=personas.mentee, query=DirectoryQuery(skills=["c"])).results


def test_it_refuses_unknown_keys_and_wrong_shapes_over_the_api(personas, api_client):
    client = api_client(personas.outsider)
    response = client.patch("/api/me/profile", {"timezon": "Asia/Tokyo"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "timezon",
                                          "message": "Extra inputs are not permitted"}]
    assert client.patch("/api/me/profile", [{"headline": "In a list"}]).status_code == 422
    response = client.put("/api/me/availability",
                          [{"weekday": True, "start": "09:00", "end": "10:00"}])
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].endswith("weekday")
    response = client.post("/api/me/goals", {"title": "Run a marathon", "horizn": "6m"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "horizn"
    goal = personas.mentee2.career_goals.get()
    response = api_client(personas.mentee2).patch(f"/api/me/goals/{goal.pk}", {"titel": "x"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "titel"
    response = client.post("/api/me/tokens", {"name": "cron", "scope": "all"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "scope"
    profile = Profile.objects.get(user=personas.outsider)
    assert profile.timezone == "UTC" and profile.headline == ""
    assert not profile.availability.exists() and not personas.outsider.career_goals.exists()


def test_it_never_names_a_person_after_their_email_address(db, client, api_client):
    from tandem.accounts.models import User

    client.post("/accounts/signup/", {"email": "jane.doe.1987@example.com",
                                      "password1": "plenty-of-entropy-42",
                                      "password2": "plenty-of-entropy-42"})
    user = User.objects.get(email="jane.doe.1987@example.com")
    assert user.profile.display_name == ""
    assert user.display_name == f"Tandem member #{user.pk}"
    assert "jane" not in user.display_name


def test_it_asks_a_mentor_for_a_name(personas, api_client):
    user = personas.outsider
    Profile.objects.filter(user=user).update(display_name="")
    client = api_client(user)
    response = client.patch("/api/me/profile", {"is_mentor": True, "mentor_capacity": 2})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "display_name",
                                          "message": "Mentors need a name people can see."}]
    assert not Profile.objects.get(user=user).is_mentor
    response = client.patch("/api/me/profile", {"is_mentor": True, "display_name": "Oscar O."})
    assert response.status_code == 200 and response.json()["is_mentor"] is True


def test_it_refuses_a_name_on_two_lines_on_the_profile_page(personas, client_for):
    response = client_for(personas.outsider).post("/profile/", {
        "display_name": "Oscar\nBcc: everyone@example.com", "timezone": "UTC",
        "feedback_format": "either", "feedback_style": "direct",
        "feedback_timing": "at_meetings", "mentor_capacity": "0"})
    assert response.status_code == 400
    assert "Use a single line without control characters." in response.content.decode()
    assert Profile.objects.get(user=personas.outsider).display_name == "Oscar Outsider"
