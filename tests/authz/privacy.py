"""Authorization matrix entries for the privacy app (see tests/authz/__init__.py)."""

MATRIX: dict = {}


def objects(personas, base):
    return {}
