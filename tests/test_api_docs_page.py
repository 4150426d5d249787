"""The API's documentation page: a page in English whose OpenAPI description Swagger UI can
read (Swagger reads JSON as YAML, which refuses a key given twice), styled from a local
stylesheet."""

from __future__ import annotations

import json
from collections import Counter


def test_it_serves_an_openapi_description_without_duplicate_keys(client):
    duplicates = []

    def keys_once(pairs):
        duplicates.extend(k for k, n in Counter(k for k, _ in pairs).items() if n > 1)
        return dict(pairs)

    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    json.loads(response.content, object_pairs_hook=keys_once)
    assert duplicates == []


def test_it_serves_the_docs_page_in_english_with_a_local_stylesheet(client):
    page = client.get("/api/docs").content.decode()
    assert '<html lang="en">' in page
    assert "/static/css/api-docs.css" in page
    assert "cdn" not in page.lower()
