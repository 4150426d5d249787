"""The import contracts in pyproject.toml catch what they are meant to catch.

``make test`` runs ``lint-imports`` on the real tree; these tests run it on a copy of the
tree with one forbidden import added, and check that the right contract breaks. Imports
inside functions count, as they do in the real check.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """A copy of the tandem package (Python files only) and the project's contracts."""
    root = tmp_path_factory.mktemp("contracts")
    shutil.copytree(ROOT / "tandem", root / "tandem",
                    ignore=shutil.ignore_patterns("__pycache__", "static", "templates",
                                                  "*.html", "*.css", "*.js", "*.png"))
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo"], cwd=root,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=120)


def with_import(tree: Path, module: str, line: str):
    """The copy with ``line`` added at the end of ``module``'s file, inside a function."""
    path = tree / (module.replace(".", "/") + ".py")
    assert path.is_file(), path
    original = path.read_text()
    path.write_text(original + f"\n\ndef _contract_probe():\n    {line}\n")
    try:
        return lint(tree)
    finally:
        path.write_text(original)


def test_the_real_tree_keeps_every_contract(tree):
    result = lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("tandem.matching.scoring", "import django.db", "The matching engine imports no Django"),
    ("tandem.matching.solve", "from tandem.accounts import models",
     "The matching engine imports no Django"),
    ("tandem.core.permissions", "from tandem.mentorships.models import Relationship",
     "tandem.core imports no app"),
    ("tandem.accounts.services", "from tandem.mentorships import services",
     "Apps import only from the layers below them"),
    ("tandem.notifications.services", "from tandem.feedback.models import ProgressReport",
     "Apps import only from the layers below them"),
    ("tandem.feedback.selectors", "from tandem.journal import selectors",
     "Apps import only from the layers below them"),
    ("tandem.privacy.services", "from tandem.growth.views import goals_page",
     "Only growth imports its"),
    ("tandem.circles.services.membership", "from tandem.programs.forms import ProgramForm",
     "Only programs imports its"),
])
def test_a_forbidden_import_breaks_its_contract(tree, module, line, contract):
    result = with_import(tree, module, line)
    assert result.returncode != 0, result.stdout
    broken = result.stdout.split("Broken contracts", 1)[1]
    assert contract in broken, result.stdout
