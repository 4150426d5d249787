import pytest

from tandem.accounts.models import AccessToken
from tandem.accounts.tests.races import race_past_a_check


def test_it_shows_a_new_token_once_and_stores_only_its_hash(personas, client_for):
    client = client_for(personas.mentor)
    response = client.post("/settings/tokens/", {"name": "dashboard script"})
    page = response.content.decode()
    token = AccessToken.objects.get(user=personas.mentor)
    secret = page.split('data-testid="new-token">')[1].split("<")[0]
    assert secret.startswith("tdm_")
    assert token.token_hash == AccessToken.hash(secret) and secret not in token.token_hash
    assert secret not in client.get("/settings/tokens/").content.decode()


def test_it_lets_a_script_use_the_api_with_a_token_until_revoked(personas, client, api_client):
    response = api_client(personas.mentor).post("/api/me/tokens", {"name": "cron"})
    assert response.status_code == 201
    secret, token_id = response.json()["token"], response.json()["id"]

    me = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert me.status_code == 200 and me.json()["email"] == "marta@example.com"
    assert client.get("/api/me", HTTP_X_API_KEY=secret).status_code == 200
    # A token authenticates writes without a CSRF token: it is not a cookie.
    assert client.patch("/api/me/profile", data='{"headline": "Via token"}',
                        content_type="application/json",
                        HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    assert AccessToken.objects.get(pk=token_id).last_used_at is not None

    assert api_client(personas.mentor).delete(f"/api/me/tokens/{token_id}").status_code == 204
    response = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401
    assert response.json()["detail"] == "Sign in, or send a personal access token."


def test_it_refuses_a_wrong_token_and_a_nameless_one(personas, client, api_client):
    assert client.get("/api/me", HTTP_AUTHORIZATION="Bearer tdm_wrong").status_code == 401
    response = api_client(personas.mentor).post("/api/me/tokens", {"name": "  "})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "name"


def test_it_hides_another_persons_token(personas, api_client, client_for):
    response = api_client(personas.mentor).post("/api/me/tokens", {"name": "mine"})
    token_id = response.json()["id"]
    assert api_client(personas.mentee).delete(f"/api/me/tokens/{token_id}").status_code == 404
    assert client_for(personas.mentee).post(f"/settings/tokens/{token_id}/revoke/").status_code == 404
    assert AccessToken.objects.get(pk=token_id).revoked_at is None


@pytest.mark.postgres
def test_it_holds_the_token_limit_when_requests_race(transactional_db, monkeypatch):
    from tandem.accounts.services import MAX_TOKENS, token_create
    from tandem.accounts.tests.factories import make_user

    user = make_user()
    for n in range(MAX_TOKENS - 1):
        token_create(actor=user, name=f"script {n}")
    outcomes = race_past_a_check(
        monkeypatch, AccessToken.objects,
        [lambda n=n: token_create(actor=user, name=f"racer {n}") for n in range(2)])
    assert sorted(outcomes) == ["done", "refused"], outcomes
    assert AccessToken.objects.filter(user=user, revoked_at__isnull=True).count() == MAX_TOKENS


def test_a_credential_sent_must_be_valid_whatever_else_comes_with_it(personas, client,
                                                                     api_client, client_for):
    secret = api_client(personas.mentor).post("/api/me/tokens", {"name": "s"}).json()["token"]
    other = api_client(personas.mentee).post("/api/me/tokens", {"name": "s"}).json()["token"]
    assert client.get("/api/me", HTTP_X_API_KEY=secret,
                      HTTP_AUTHORIZATION="Bearer").status_code == 401
    for authorization in ("Bearer tdm_wrong", "Basic bWFydGE6eA==", "tdm_nothing", ""):
        response = client.get("/api/directory/mentors", HTTP_X_API_KEY=secret,
                              HTTP_AUTHORIZATION=authorization)
        assert response.status_code == 401, authorization
        assert response.json()["detail"] == "Sign in, or send a personal access token."
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}",
                      HTTP_X_API_KEY="tdm_wrong").status_code == 401
    # Two valid tokens of two people: refused rather than choosing one.
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}",
                      HTTP_X_API_KEY=other).status_code == 401
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}",
                      HTTP_X_API_KEY=secret).json()["email"] == "marta@example.com"
    # A signed-in browser that also sends a wrong token is refused too.
    assert client_for(personas.mentor).get(
        "/api/me", HTTP_AUTHORIZATION="Bearer tdm_wrong").status_code == 401


def test_a_session_write_without_the_csrf_token_is_refused_as_documented(personas):
    from django.test import Client

    from tandem.api import api

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas.mentor)
    response = browser.patch("/api/me/profile", data='{"headline": "x"}',
                             content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"].startswith("CSRF check failed: a signed-in browser")
    schema = api.get_openapi_schema()
    undocumented = [(method, path) for path, item in schema["paths"].items()
                    for method, operation in item.items()
                    if method in {"post", "put", "patch", "delete"}
                    and 403 not in operation["responses"]]
    assert undocumented == []
