"""Staff and coordinators freeze an account (sign-in refused, sessions ended, API tokens
refused, hidden from the directory) and unfreeze it; every step is in the history and
the audit log."""

import pytest

from tandem.accounts.tests.factories import PASSWORD
from tandem.core.errors import Conflict, ValidationFailed
from tandem.core.models import AuditEntry
from tandem.notifications.models import Notification
from tandem.safety import services
from tandem.safety.models import Freeze


def freeze(actor, user, **kwargs):
    return services.account_freeze(actor=actor, user=user,
                                   reason=kwargs.pop("reason", "Spam to many mentees."),
                                   **kwargs)


def test_it_refuses_sign_in_to_a_frozen_account(personas, client):
    freeze(personas.coordinator, personas.mentor)
    response = client.post("/accounts/login/", {"login": "marta@example.com",
                                                 "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/inactive/"
    assert "_auth_user_id" not in client.session
    assert "Your account is frozen" in client.get("/accounts/inactive/").content.decode()


def test_it_ends_the_sessions_of_a_frozen_account(personas, client_for):
    marta = client_for(personas.mentor)
    assert marta.get("/mentorships/").status_code == 200
    freeze(personas.staff, personas.mentor)
    response = marta.get("/mentorships/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert marta.get("/api/me").status_code == 401


def test_it_refuses_the_api_tokens_of_a_frozen_account(personas, client):
    from tandem.accounts.services import token_create

    _, secret = token_create(actor=personas.mentor, name="script")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/me", **auth).status_code == 200
    freeze(personas.staff, personas.mentor)
    assert client.get("/api/me", **auth).status_code == 401
    services.account_unfreeze(actor=personas.staff, user=personas.mentor)
    assert client.get("/api/me", **auth).status_code == 200


def test_it_hides_a_frozen_person_until_unfrozen(personas, client_for, api_client):
    mia = client_for(personas.mentee)
    person_url = f"/people/{personas.mentor.profile.pk}/"

    def listed():
        page = mia.get("/mentors/", {"q": "Python"}).content.decode()
        api = api_client(personas.mentee).get("/api/directory/mentors", {"q": "Python"}).json()
        return "Marta Mentor" in page, "Marta Mentor" in str(api)

    assert listed() == (True, True) and mia.get(person_url).status_code == 200
    freeze(personas.coordinator, personas.mentor)
    assert listed() == (False, False)
    assert mia.get(person_url).status_code == 404
    services.account_unfreeze(actor=personas.coordinator, user=personas.mentor)
    assert listed() == (True, True) and mia.get(person_url).status_code == 200


def test_it_keeps_a_history_and_an_audit_trail(report, personas, api_client):
    client = api_client(personas.staff)
    frozen = client.post(f"/api/safety/people/{personas.mentor.pk}/freeze",
                         {"reason": "Crypto spam.", "report_id": report.pk})
    assert frozen.status_code == 201, frozen.content
    assert frozen.json()["report_id"] == report.pk and frozen.json()["unfrozen_at"] is None
    account = client.get(f"/api/safety/people/{personas.mentor.pk}").json()
    assert account["frozen"] and not account["is_active"]
    unfrozen = client.post(f"/api/safety/people/{personas.mentor.pk}/unfreeze",
                           {"note": "Appeal accepted."})
    assert unfrozen.status_code == 200 and unfrozen.json()["unfrozen_by_id"] == personas.staff.pk
    personas.mentor.refresh_from_db()
    assert personas.mentor.is_active
    account = client.get(f"/api/safety/people/{personas.mentor.pk}").json()
    assert not account["frozen"] and len(account["freezes"]) == 1
    entries = AuditEntry.objects.filter(action__startswith="safety.account").order_by("id")
    assert [(e.action, e.data["user_id"]) for e in entries] == [
        ("safety.account.frozen", personas.mentor.pk),
        ("safety.account.unfrozen", personas.mentor.pk)]
    assert "Crypto spam." not in str([e.data for e in entries])
    # Unfrozen people are told; nothing names who reported or who froze them.
    told = Notification.objects.get(recipient=personas.mentor, kind="safety.unfrozen")
    assert "Stan" not in told.title and "Mia" not in told.title


def test_it_refuses_freezing_twice(personas, api_client):
    freeze(personas.staff, personas.mentor)
    with pytest.raises(Conflict):
        freeze(personas.coordinator, personas.mentor)
    response = api_client(personas.staff).post(
        f"/api/safety/people/{personas.mentor.pk}/freeze", {"reason": "Again"})
    assert response.status_code == 409
    assert Freeze.objects.count() == 1


def test_it_refuses_unfreezing_an_active_account(personas, api_client):
    response = api_client(personas.staff).post(
        f"/api/safety/people/{personas.mentor.pk}/unfreeze", {})
    assert response.status_code == 409
    assert response.json()["detail"] == "This account is not frozen."


def test_it_keeps_coordinators_off_staff_and_coordinator_accounts(personas, api_client):
    cora = api_client(personas.coordinator)
    for target in (personas.staff,):
        response = cora.post(f"/api/safety/people/{target.pk}/freeze", {"reason": "x"})
        assert response.status_code == 403
    other = personas.outsider
    other.is_coordinator = True
    other.save(update_fields=["is_coordinator"])
    assert cora.post(f"/api/safety/people/{other.pk}/freeze",
                     {"reason": "x"}).status_code == 403
    assert api_client(personas.staff).post(f"/api/safety/people/{other.pk}/freeze",
                                           {"reason": "x"}).status_code == 201
    personas.staff.refresh_from_db()
    assert personas.staff.is_active


def test_it_refuses_freezing_yourself(personas, api_client):
    for reviewer in (personas.staff, personas.coordinator):
        response = api_client(reviewer).post(f"/api/safety/people/{reviewer.pk}/freeze",
                                             {"reason": "x"})
        assert response.status_code == 403
        with pytest.raises(ValidationFailed):
            freeze(reviewer, reviewer)
    assert not Freeze.objects.exists()


def test_it_hides_accounts_from_everyone_else(personas, api_client, client_for):
    for someone in (personas.mentee, personas.mentor, personas.outsider):
        assert api_client(someone).post(f"/api/safety/people/{personas.mentee2.pk}/freeze",
                                        {"reason": "x"}).status_code == 404
        assert client_for(someone).get(
            f"/safety/people/{personas.mentee2.pk}/").status_code == 404
    assert api_client(personas.staff).get("/api/safety/people/987654").status_code == 404
    assert api_client(personas.staff).get(
        f"/api/safety/people/{2**70}").status_code in (404, 422)
    personas.mentee2.refresh_from_db()
    assert personas.mentee2.is_active


@pytest.mark.parametrize("kwargs,field", [
    ({"reason": ""}, "reason"),
    ({"reason": "x" * 2001}, "reason"),
    ({"reason": "a\x00"}, "reason"),
    ({"report_id": 987654}, "report_id"),
    ({"report_id": 2**70}, "report_id"),
])
def test_it_names_the_field_at_fault(personas, kwargs, field):
    with pytest.raises(ValidationFailed) as exc:
        freeze(personas.staff, personas.mentor, **kwargs)
    assert field in {e["field"] for e in exc.value.errors}
    personas.mentor.refresh_from_db()
    assert personas.mentor.is_active and not Freeze.objects.exists()


def test_it_refuses_a_report_about_someone_else(report, personas):
    with pytest.raises(ValidationFailed) as exc:
        freeze(personas.staff, personas.mentor2, report_id=report.pk)
    assert exc.value.field == "report_id"


def test_it_freezes_and_unfreezes_on_the_page(report, personas, client_for):
    cora = client_for(personas.coordinator)
    url = f"/safety/people/{personas.mentor.pk}/"
    page = cora.get(url + f"?report={report.pk}")
    assert page.status_code == 200 and "Freeze the account" in page.content.decode()
    assert f'value="{report.pk}" selected' in page.content.decode()
    empty = cora.post(url + "freeze/", {"reason": ""})
    assert empty.status_code == 400 and "Say why" in empty.content.decode()
    done = cora.post(url + "freeze/", {"reason": "Spam.", "report_id": str(report.pk)})
    assert done.status_code == 302
    page = cora.get(url).content.decode()
    assert "Frozen" in page and "Unfreeze the account" in page and "Spam." in page
    assert "Marta Mentor" in cora.get("/safety/reports/").content.decode()
    again = cora.post(url + "freeze/", {"reason": "Again."})
    assert again.status_code == 409 and "frozen already" in again.content.decode()
    assert cora.post(url + "unfreeze/", {"note": ""}).status_code == 302
    personas.mentor.refresh_from_db()
    assert personas.mentor.is_active
    assert cora.post(url + "unfreeze/", {}).status_code == 409


def test_it_shows_no_freeze_form_for_staff_to_coordinators(personas, client_for):
    page = client_for(personas.coordinator).get(f"/safety/people/{personas.staff.pk}/")
    assert page.status_code == 200
    assert "Only staff freeze or unfreeze" in page.content.decode()
    assert client_for(personas.coordinator).post(
        f"/safety/people/{personas.staff.pk}/freeze/", {"reason": "x"}).status_code == 403
