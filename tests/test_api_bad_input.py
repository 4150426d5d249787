"""Bad input to the API gets a 4xx JSON answer naming the field, never a 500 (issue 16,
items 29-31): lone surrogates in text, integers out of range, unknown paths and methods,
oversized bodies and bodies that are not declared as JSON.

The class guards are generated from the OpenAPI description, so an operation added
tomorrow is covered without a new test: every string field of every JSON body refuses a
lone surrogate, and every integer (path, query or body) refuses a value outside signed
64 bits, and every id one below 1, each with a 422 that names the field.
"""

from __future__ import annotations

import json
import logging

import pytest

SURROGATE = "Hello \ud800 world"
TOO_BIG = 2**63
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


@pytest.fixture(scope="module")
def token_client(django_db_setup, django_db_blocker):
    """A client with a personal access token of a mentee, made once for the module inside
    a transaction rolled back at the end (the guards send thousands of requests)."""
    from django.db import transaction
    from django.test import Client

    from tandem.accounts.services import token_create
    from tandem.accounts.tests.factories import make_mentee

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            user = make_mentee(email="guard@example.com", name="Guard Mentee")
            token = token_create(actor=user, name="guard")[1]
            yield Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def openapi():
    from tandem.api import api

    return api.get_openapi_schema()


def _resolve(schema, spec):
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _pick(schema, spec):
    """The first alternative of an anyOf that is not null."""
    schema = _resolve(schema, spec)
    for option in schema.get("anyOf", []):
        if _resolve(option, spec).get("type") != "null":
            return _resolve(option, spec)
    return schema


FORMATS = {"date": "2031-03-04", "date-time": "2031-03-04T10:00:00Z", "time": "10:00:00"}


def example(schema, spec):
    """A value the schema allows, with every property filled (lists and maps with one
    item), so that every field of the body is reached."""
    schema = _pick(schema, spec)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        value = {name: example(sub, spec) for name, sub in schema.get("properties", {}).items()}
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and not schema.get("properties"):
            value["q1"] = example(extra, spec)
        return value
    if kind == "array":
        return [example(schema.get("items", {}), spec)]
    if kind == "string":
        if schema.get("format") in FORMATS:
            return FORMATS[schema["format"]]
        return "x" * max(1, schema.get("minLength", 1))
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return True
    return "x"


def leaves(value, schema, spec, path=()):
    """(path, schema) of every scalar in ``value``, as the body's schema declares it."""
    schema = _pick(schema, spec)
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key, item in value.items():
            sub = props.get(key) or schema.get("additionalProperties") or {}
            yield from leaves(item, sub if isinstance(sub, dict) else {}, spec, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, schema.get("items", {}), spec, (*path, index))
    else:
        yield path, schema


def replaced(value, path, new):
    value = json.loads(json.dumps(value))
    target = value
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return value


def operations(spec, *, writes_only):
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if writes_only and method not in {"post", "put", "patch", "delete"}:
                continue
            yield path, method, op


def _url(path, op, spec, overrides=None):
    overrides = overrides or {}
    url = path
    for param in op.get("parameters", []):
        if param["in"] == "path":
            url = url.replace("{" + param["name"] + "}",
                              str(overrides.get(param["name"], 1)))
    return url


def _json_body(op, spec):
    content = op.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    return None if schema is None else schema


def _spec():
    import django

    django.setup()
    from tandem.api import api

    return api.get_openapi_schema()


def _string_cases():
    spec = _spec()
    cases = []
    for path, method, op in operations(spec, writes_only=True):
        schema = _json_body(op, spec)
        if schema is None:
            continue
        body = example(schema, spec)
        for leaf, leaf_schema in leaves(body, schema, spec):
            if leaf and _pick(leaf_schema, spec).get("type") == "string":
                cases.append(pytest.param(path, method, leaf,
                                          id=f"{method.upper()} {path} {'.'.join(map(str, leaf))}"))
    return cases


def _integer_cases():
    spec = _spec()
    cases = []
    for path, method, op in operations(spec, writes_only=False):
        for param in op.get("parameters", []):
            if param["in"] in {"path", "query"} and _pick(param["schema"], spec).get("type") \
                    == "integer":
                cases.append(pytest.param(path, method, param["in"], (param["name"],),
                                          id=f"{method.upper()} {path} {param['name']}"))
        schema = _json_body(op, spec)
        if schema is None:
            continue
        body = example(schema, spec)
        for leaf, leaf_schema in leaves(body, schema, spec):
            if leaf and _pick(leaf_schema, spec).get("type") == "integer":
                cases.append(pytest.param(path, method, "body", leaf,
                                          id=f"{method.upper()} {path} {'.'.join(map(str, leaf))}"))
    return cases


def _is_id(leaf) -> bool:
    names = [part for part in leaf if isinstance(part, str)]
    name = names[-1] if names else ""
    return name == "id" or name.endswith("_id") or name.endswith("_ids")


def _send(client, method, url, body=None, query=None):
    kwargs = {}
    if body is not None:
        kwargs = {"data": json.dumps(body), "content_type": "application/json"}
    if query:
        from urllib.parse import urlencode

        url = f"{url}?{urlencode(query)}"
    return getattr(client, method)(url, **kwargs)


def _fields(response):
    return [error["field"] for error in response.json()["errors"]]


# --- Item 29: lone surrogates -----------------------------------------------------------

def test_it_refuses_a_lone_surrogate_in_a_message_with_422_naming_the_field(
        personas, api_client):
    from tandem.mentorships.services import request_accept, request_create

    asked = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hello")
    relationship = request_accept(actor=personas.mentor, request=asked)
    response = api_client(personas.mentee).post(
        f"/api/mentorships/{relationship.pk}/messages", {"body": SURROGATE})
    assert response.status_code == 422, response.content
    assert response.json()["errors"] == [
        {"field": "body", "message": response.json()["errors"][0]["message"]}]
    assert "surrogate" in response.json()["detail"]
    assert not relationship.messages.exists()


def test_it_refuses_a_lone_surrogate_in_the_profile(personas, api_client):
    response = api_client(personas.mentee).patch("/api/me/profile", {"headline": SURROGATE})
    assert response.status_code == 422, response.content
    assert _fields(response) == ["headline"]
    personas.mentee.profile.refresh_from_db()
    assert "\ud800" not in (personas.mentee.profile.headline or "")


def test_it_refuses_a_lone_surrogate_in_a_list_naming_the_item(personas, api_client):
    response = api_client(personas.mentee).patch(
        "/api/me/profile", {"headline": "Fine", "skills_wanted": ["Go", "fine \udfff"]})
    assert response.status_code == 422, response.content
    assert _fields(response) == ["skills_wanted.1"]


@pytest.mark.parametrize(("path", "method", "leaf"), _string_cases())
def test_every_string_field_of_every_write_refuses_a_lone_surrogate(
        path, method, leaf, openapi, token_client, db):
    op = openapi["paths"][path][method]
    schema = _json_body(op, openapi)
    body = replaced(example(schema, openapi), leaf, SURROGATE)
    response = _send(token_client, method, _url(path, op, openapi), body)
    assert response.status_code == 422, (response.status_code, response.content[:300])
    assert ".".join(map(str, leaf)) in _fields(response), response.json()


# --- Item 30: integers out of range ---------------------------------------------------

def test_it_refuses_a_huge_id_in_a_list_with_422_naming_the_field(personas, api_client):
    from tandem.circles import services

    circle = services.circle_create(actor=personas.mentor, topic="Leading a first team",
                                    mentor_led=True, size_limit=4)
    response = api_client(personas.mentor).put(
        f"/api/circles/{circle.pk}/goals", {"goal_ids": [-3293737330708411030995730432]})
    assert response.status_code == 422, response.content
    assert _fields(response) == ["goal_ids.0"]


@pytest.mark.parametrize("value", [TOO_BIG, 10**30, INT64_MIN - 1, 0, -1])
def test_it_refuses_an_id_out_of_range_in_the_path(value, personas, api_client):
    response = api_client(personas.mentee).get(f"/api/meetings/{value}")
    assert response.status_code == 422, response.content
    assert _fields(response) == ["meeting_id"]


def test_the_largest_id_is_simply_not_found(personas, api_client):
    response = api_client(personas.mentee).get(f"/api/meetings/{INT64_MAX}")
    assert response.status_code == 404


def test_the_openapi_description_declares_the_bounds(openapi):
    param = openapi["paths"]["/api/meetings/{meeting_id}"]["get"]["parameters"][0]
    assert param["schema"]["minimum"] == 1 and param["schema"]["maximum"] == INT64_MAX
    goals = openapi["components"]["schemas"]["GoalsIn"]["properties"]["goal_ids"]["items"]
    assert goals["minimum"] == 1 and goals["maximum"] == INT64_MAX
    limit = [p for p in openapi["paths"]["/api/notifications"]["get"]["parameters"]
             if p["name"] == "limit"]
    if limit:
        schema = _pick(limit[0]["schema"], openapi)
        assert schema["maximum"] <= INT64_MAX and schema["minimum"] >= INT64_MIN


@pytest.mark.parametrize(("path", "method", "where", "leaf"), _integer_cases())
def test_every_integer_refuses_a_value_out_of_range(path, method, where, leaf, openapi,
                                                     token_client, db):
    op = openapi["paths"][path][method]
    values = [TOO_BIG, INT64_MIN - 1] + ([0] if _is_id(leaf) else [])
    for value in values:
        body = query = None
        overrides = {}
        schema = _json_body(op, openapi)
        if schema is not None:
            body = example(schema, openapi)
        if where == "body":
            body = replaced(body, leaf, value)
        elif where == "path":
            overrides = {leaf[0]: value}
        else:
            query = {leaf[0]: value}
        response = _send(token_client, method, _url(path, op, openapi, overrides), body, query)
        assert response.status_code == 422, (value, response.status_code, response.content[:300])
        assert ".".join(map(str, leaf)) in _fields(response), (value, response.json())


# --- Item 31: every answer under /api/ is JSON -----------------------------------------

def test_an_unknown_api_path_answers_404_json(personas, api_client):
    for client in (api_client(None), api_client(personas.mentee)):
        response = client.get("/api/nope")
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert response.json() == {"detail": "Not found.", "errors": []}


def test_a_wrong_method_answers_405_json(personas, api_client):
    response = api_client(personas.mentee).delete("/api/decline-reasons")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["errors"] == [] and "GET" in response.json()["detail"]
    assert "GET" in response["Allow"]


def test_a_body_too_large_answers_413_json_without_a_traceback(personas, api_client, caplog):
    big = json.dumps({"title": "x" * (3 * 1024 * 1024)})
    with caplog.at_level(logging.INFO):
        response = api_client(personas.mentee).c.post("/api/me/goals", data=big,
                                                      content_type="application/json")
    assert response.status_code == 413, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert "MB" in response.json()["detail"]
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml",
                                          "application/x-www-form-urlencoded"])
def test_a_json_body_sent_as_another_type_answers_415(content_type, personas, api_client):
    from tandem.accounts.models import CareerGoal

    before = CareerGoal.objects.count()
    response = api_client(personas.mentee).c.post(
        "/api/me/goals", data=json.dumps({"title": "Learn Go"}), content_type=content_type)
    assert response.status_code == 415, response.content[:300]
    assert response.json()["errors"] == [
        {"field": "body", "message": response.json()["errors"][0]["message"]}]
    assert "application/json" in response.json()["detail"]
    assert CareerGoal.objects.count() == before


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8",
                                          "application/merge-patch+json"])
def test_json_content_types_are_accepted(content_type, personas, api_client):
    response = api_client(personas.mentee).c.post(
        "/api/me/goals", data=json.dumps({"title": "Learn Go"}), content_type=content_type)
    assert response.status_code == 201, response.content[:300]
