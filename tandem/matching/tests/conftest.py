"""The engine's tests need no database and no Django: the project-wide autouse fixture that
clears Django's cache is replaced here by one that does nothing."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    yield
