"""The API's error body and its status maps live once, in tandem/core/schemas.py
(issue 17, item 3): every router declares its errors from those pieces, and the
description still names one ErrorOut schema that every operation answers with."""

from __future__ import annotations

import ast
from pathlib import Path

import tandem

ROOT = Path(tandem.__file__).parent
HOME = ROOT / "core" / "schemas.py"  # the one home of ErrorOut and the maps
COMMON = {401, 403, 404, 422}


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" not in path.relative_to(ROOT).parts and "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(), filename=str(path))


def _is_error_out(node) -> bool:
    return (isinstance(node, ast.Name) and node.id == "ErrorOut") or (
        isinstance(node, ast.Attribute) and node.attr == "ErrorOut")


def test_it_defines_the_error_schema_in_core_only():
    homes = {(path.relative_to(ROOT).as_posix(), node.name)
             for path, tree in _modules() for node in ast.walk(tree)
             if isinstance(node, ast.ClassDef) and node.name in {"ErrorOut", "ErrorItem"}}
    assert homes == {("core/schemas.py", "ErrorOut"), ("core/schemas.py", "ErrorItem")}


def test_it_lists_the_common_statuses_in_core_only():
    # A router may add a status of its own ({409: ErrorOut}, {429: ErrorOut}) to a core
    # map; spelling out 401, 403, 404 or 422 again is a copy of one.
    copies = []
    for path, tree in _modules():
        if path == HOME:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if (isinstance(key, ast.Constant) and key.value in COMMON
                            and _is_error_out(value)):
                        copies.append(f"{path.relative_to(ROOT)}:{node.lineno} {key.value}")
    assert copies == []


def test_it_builds_the_error_pieces_without_naming_an_app():
    for path in (HOME, ROOT / "core" / "api.py"):
        tree = ast.parse(path.read_text())
        imported = [node.module for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom) and node.module] + [
            alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
            for alias in node.names]
        apps = [name for name in imported
                if name.startswith("tandem.") and not name.startswith("tandem.core")]
        assert apps == [], path


def test_it_composes_the_maps_from_one_another():
    from tandem.core import schemas

    assert list(schemas.READ_ERRORS) == [401, 404, 422]
    assert list(schemas.ACCESS_ERRORS) == [401, 403, 404, 422]
    assert list(schemas.ERRORS) == [401, 403, 404, 409, 422]
    for errors in (schemas.READ_ERRORS, schemas.ACCESS_ERRORS, schemas.ERRORS):
        assert set(errors.values()) == {schemas.ErrorOut}
    assert schemas.error_map(422, 401, 409, 401) == {401: schemas.ErrorOut,
                                                     409: schemas.ErrorOut,
                                                     422: schemas.ErrorOut}


def test_it_answers_every_operation_with_the_one_error_out():
    from tandem.api import api

    spec = api.get_openapi_schema()
    components = spec["components"]["schemas"]
    assert sorted(components["ErrorOut"]["properties"]) == ["detail", "errors"]
    assert components["ErrorOut"]["properties"]["errors"]["items"] == {
        "$ref": "#/components/schemas/ErrorItem"}
    assert not [name for name in components
                if name != "ErrorOut" and name.endswith("ErrorOut") and "Row" not in name]
    error_out = {"$ref": "#/components/schemas/ErrorOut"}
    operations = [(path, method, op) for path, item in spec["paths"].items()
                  for method, op in item.items()]
    assert len(operations) > 200
    for path, method, op in operations:
        for status in (401, 404, 422):
            response = op["responses"].get(status) or op["responses"][str(status)]
            assert response["content"]["application/json"]["schema"] == error_out, (
                path, method, status)
