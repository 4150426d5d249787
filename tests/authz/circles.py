"""Authorization matrix entries for the circles app (see tests/authz/__init__.py)."""

MATRIX: dict = {}


def objects(personas, base):
    return {}
