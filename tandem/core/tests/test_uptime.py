"""Uptime monitors and browsers: HEAD answers wherever GET does, and /favicon.ico is an
icon (issue 16, item 19)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TANDEM = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("who", ["anonymous", "mentee"])
def test_it_answers_head_on_the_home_page(who, personas, client, client_for):
    http = client if who == "anonymous" else client_for(personas.mentee)
    response = http.head("/")
    assert response.status_code == 200
    assert response.content == b""


def test_it_answers_head_on_a_signed_in_page(personas, client_for):
    http = client_for(personas.mentee)
    for path in ("/goals/", "/settings/notifications/", "/me/record/"):
        assert http.head(path).status_code == 200, path


def test_it_serves_a_favicon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
    assert client.head("/favicon.ico").status_code == 200
    page = client.get("/accounts/login/").content.decode()
    assert 'rel="icon" href="/favicon.ico"' in page


def _methods(decorator) -> set[str] | None:
    """The methods a require_* decorator allows, or None if it is not one."""
    if isinstance(decorator, ast.Name) and decorator.id == "require_GET":
        return {"GET"}
    if (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Name)
            and decorator.func.id == "require_http_methods" and decorator.args
            and isinstance(decorator.args[0], ast.List | ast.Tuple)):
        return {e.value for e in decorator.args[0].elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)}
    return None


def test_it_allows_head_wherever_a_view_allows_get():
    """The guard: a page limited to GET (or GET and POST) must take HEAD too (use
    require_safe, or list "HEAD")."""
    lacking = []
    for path in TANDEM.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for decorator in node.decorator_list:
                    methods = _methods(decorator)
                    if methods and "GET" in methods and "HEAD" not in methods:
                        lacking.append(f"{path.relative_to(TANDEM.parent)}:{node.name}")
            # `if request.method == "GET": page; else: the POST` would treat HEAD as a
            # POST: test for POST instead.
            if (isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute)
                    and node.left.attr == "method"
                    and any(isinstance(c, ast.Constant) and c.value == "GET"
                            for c in node.comparators)):
                lacking.append(f"{path.relative_to(TANDEM.parent)}:{node.lineno} == 'GET'")
    assert lacking == []
