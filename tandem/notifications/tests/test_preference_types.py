"""The settings page and the API offer the same email types: every notification group
(issue 16, item 10)."""

import re

from tandem.notifications.models import Group


def test_it_returns_every_type_over_the_api(personas, api_client):
    body = api_client(personas.mentee).get("/api/notifications/preferences").json()
    assert set(body) == {*Group.values, "weekly_digest"}
    assert body["messages"] == "immediately"


def test_it_sets_every_type_over_the_api(personas, api_client):
    client = api_client(personas.mentor)
    for group in Group.values:
        response = client.patch("/api/notifications/preferences", {group: "daily"})
        assert response.status_code == 200, (group, response.content)
        assert response.json()[group] == "daily"
    assert client.get("/api/notifications/preferences").json()["safety"] == "daily"


def test_it_offers_the_same_types_on_the_page_and_in_the_api_schema(personas, client_for,
                                                                     api_client):
    html = client_for(personas.mentee).get("/settings/notifications/").content.decode()
    on_page = set(re.findall(r'name="([a-z_]+)" value="immediately"', html))
    schema = api_client(personas.mentee).get("/api/openapi.json").json()["components"]["schemas"]
    patch = set(schema["PreferencesPatch"]["properties"]) - {"weekly_digest"}
    out = set(schema["PreferencesIO"]["properties"]) - {"weekly_digest"}
    assert on_page == patch == out == set(Group.values)


def test_it_names_every_type_in_the_api_guide():
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[3] / "docs" / "api.md").read_text()
    line = next(text for text in guide.splitlines() if "/api/notifications/preferences" in text)
    assert all(f"`{group}`" in line for group in Group.values)
