"""What staff can and cannot do to accounts in the Django admin."""

from django.forms import MultiWidget

from tandem.accounts.models import AccessToken, AvailabilityWindow, CareerGoal, Profile
from tandem.accounts.services import token_create, token_revoke
from tandem.core.models import AuditEntry
from tandem.growth.services import goal_create

SECRET_TITLE = "Leave my job without telling my manager"


def form_data(response) -> dict:
    """The POST body a browser would send for an admin change page, unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(name): management[name].value()
                     for name in management.fields})
        forms += [f for f in formset.forms if f.has_changed() or f.instance.pk]
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None or value is False:
                continue
            if isinstance(field.widget, MultiWidget):  # e.g. a date and a time
                for index, part in enumerate(field.widget.decompress(value)):
                    data[f"{form.add_prefix(name)}_{index}"] = part
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def test_it_keeps_goal_titles_out_of_the_admin(personas, client_for):
    goal = goal_create(actor=personas.mentee, title=SECRET_TITLE, visibility="private")
    client = client_for(personas.staff)
    pages = [
        client.get("/admin/accounts/careergoal/"),
        client.get(f"/admin/accounts/careergoal/{goal.pk}/change/"),
        client.get(f"/admin/accounts/user/{personas.mentee.pk}/delete/"),
    ]
    for page in pages:
        assert page.status_code == 200
        assert SECRET_TITLE not in page.content.decode()
    assert f"Career goal #{goal.pk}" in pages[2].content.decode()


def test_it_lets_only_the_owner_delete_a_goal_but_staff_may_delete_an_account(
        personas, client_for):
    goal = personas.mentee.career_goals.first()
    client = client_for(personas.staff)
    response = client.post(f"/admin/accounts/careergoal/{goal.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    client.post("/admin/accounts/careergoal/",
                {"action": "delete_selected", "_selected_action": [goal.pk], "post": "yes"})
    assert CareerGoal.objects.filter(pk=goal.pk).exists()

    response = client.post(f"/admin/accounts/user/{personas.mentee.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not CareerGoal.objects.filter(pk=goal.pk).exists()


def test_it_offers_only_known_timezones_and_channels_to_staff(personas, client_for):
    profile = personas.mentor.profile
    client = client_for(personas.staff)
    url = f"/admin/accounts/profile/{profile.pk}/change/"
    data = form_data(client.get(url))
    response = client.post(url, {**data, "timezone": "Mars/Olympus", "headline": "Changed"})
    assert response.status_code == 200
    assert "Select a valid choice. Mars/Olympus is not one of the available choices." in (
        response.content.decode())
    response = client.post(url, {**data, "meeting_channels": ["video", "carrier pigeon"]})
    assert response.status_code == 200
    assert "carrier pigeon is not one of the available choices" in response.content.decode()
    response = client.post(url, {**data, "mentor_capacity": "-3"})
    assert response.status_code == 200
    profile.refresh_from_db()
    assert profile.timezone == "Europe/Berlin" and profile.headline == "Experienced mentor"
    # The person page still works, which an unknown zone would have broken.
    assert client_for(personas.mentee).get(f"/people/{profile.pk}/").status_code == 200


def test_it_applies_the_services_rules_to_staff_edits(personas, client_for):
    profile = personas.outsider.profile
    Profile.objects.filter(pk=profile.pk).update(display_name="")
    client = client_for(personas.staff)
    url = f"/admin/accounts/profile/{profile.pk}/change/"
    response = client.post(url, {**form_data(client.get(url)), "is_mentor": "on"})
    assert response.status_code == 200
    assert "Mentors need a name people can see." in response.content.decode()
    assert not Profile.objects.get(pk=profile.pk).is_mentor


def test_it_keeps_offsets_windows_and_search_in_step_after_a_staff_edit(personas, client_for):
    profile = personas.mentor.profile  # Berlin, Tuesday 18:00-20:00
    client = client_for(personas.staff)
    url = f"/admin/accounts/profile/{profile.pk}/change/"
    data = form_data(client.get(url))
    response = client.post(url, {**data, "timezone": "Asia/Tokyo", "headline": "Go and Rust",
                                 "meeting_channels": ["chat", "video"]})
    assert response.status_code == 302, response.content.decode()[:2000]
    profile.refresh_from_db()
    assert profile.utc_offset_minutes == 540
    assert profile.meeting_channels == ["video", "chat"]
    window = AvailabilityWindow.objects.get(profile=profile)
    assert window.utc_start == 1 * 1440 + 18 * 60 - 540  # Tuesday 18:00 in Tokyo
    assert "go and rust" in profile.search_text
    entry = AuditEntry.objects.filter(action="accounts.profile.updated", actor=personas.staff).get()
    assert entry.data["via"] == "admin"
    assert {"timezone", "headline", "meeting_channels"} <= set(entry.data["fields"])


def test_it_checks_the_profile_part_of_the_user_page_too(personas, client_for):
    profile = personas.mentor.profile
    client = client_for(personas.staff)
    url = f"/admin/accounts/user/{personas.mentor.pk}/change/"
    data = form_data(client.get(url))
    response = client.post(url, {**data, "profile-0-timezone": "Mars/Olympus"})
    assert response.status_code == 200
    assert "Mars/Olympus is not one of the available choices" in response.content.decode()
    response = client.post(url, {**data, "profile-0-timezone": "Asia/Kolkata",
                                 "profile-0-headline": "Platform engineer"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.utc_offset_minutes == 330 and "platform engineer" in profile.search_text


def test_it_shows_availability_to_staff_without_letting_them_edit_it(personas, client_for):
    profile = personas.mentor.profile  # Tuesday 18:00-20:00
    window = AvailabilityWindow.objects.get(profile=profile)
    client = client_for(personas.staff)
    url = f"/admin/accounts/profile/{profile.pk}/change/"
    data = form_data(client.get(url))
    data.update({"availability-0-id": window.pk, "availability-0-profile": profile.pk,
                 "availability-0-start_minute": "0", "availability-0-DELETE": "on"})
    assert client.post(url, data).status_code == 302
    window.refresh_from_db()
    assert (window.start_minute, window.end_minute) == (18 * 60, 20 * 60)


def test_it_keeps_a_revoked_token_revoked_in_the_admin(personas, client_for):
    token, _ = token_create(actor=personas.mentor, name="leaked")
    token = token_revoke(actor=personas.mentor, token=token)
    client = client_for(personas.staff)
    url = f"/admin/accounts/accesstoken/{token.pk}/change/"
    assert client.get(url).status_code == 200  # staff still see it
    response = client.post(url, {"user": personas.mentor.pk, "name": "leaked",
                                 "revoked_at_0": "", "revoked_at_1": ""})
    assert response.status_code == 403
    assert AccessToken.objects.get(pk=token.pk).revoked_at == token.revoked_at


def test_it_lets_staff_revoke_a_token(personas, client_for):
    token, secret = token_create(actor=personas.mentor, name="leaked")
    client = client_for(personas.staff)
    response = client.post("/admin/accounts/accesstoken/",
                           {"action": "revoke", "_selected_action": [token.pk]})
    assert response.status_code == 302
    assert AccessToken.objects.get(pk=token.pk).revoked_at is not None
    assert AuditEntry.objects.filter(action="accounts.token.revoked", actor=personas.staff).exists()
    script = client_for(None)
    assert script.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
