"""Installs are reproducible: `make run` and `make test` install the hashed lock files in
requirements/, and those files must agree with pyproject.toml's ranges.

A dependency added to pyproject.toml without `make lock` would install nowhere (the locks
are installed with --no-deps), and a range narrowed without it would be silently ignored:
both fail here with the command that fixes them.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
FIX = "run `make lock`, then `make test` (docs/deploy.md, 'Updating dependencies')"


def _pins(lock: str) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) for every `name==version` in a lock file."""
    pins: dict[str, tuple[str, int]] = {}
    current = None
    for line in (ROOT / "requirements" / lock).read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;\\]+)", line)
        if match:
            current = canonicalize_name(match.group(1).split("[")[0])
            pins[current] = (match.group(2), 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


def _requirements(*extras: str) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = list(project["dependencies"])
    for extra in extras:
        names += project["optional-dependencies"][extra]
    names += [line.strip() for line in (ROOT / "requirements" / "build.in").read_text()
              .splitlines() if line.strip() and not line.startswith("#")]
    return [Requirement(name) for name in names]


@pytest.mark.parametrize("lock,extras", [
    ("app.lock", ()), ("test.lock", ("test",)), ("bench.lock", ("test", "bench")),
])
def test_it_pins_every_dependency_within_its_range_with_hashes(lock, extras):
    pins = _pins(lock)
    problems = []
    for requirement in _requirements(*extras):
        name = canonicalize_name(requirement.name)
        if name not in pins:
            problems.append(f"{requirement.name} is not in {lock}")
            continue
        version, hashes = pins[name]
        if not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{lock} pins {name}=={version}, outside {requirement}")
        if hashes == 0:
            problems.append(f"{lock} has no hash for {name}")
    assert not problems, "; ".join(problems) + f": {FIX}"


def test_it_bounds_every_pre_1_0_and_tool_dependency_from_above():
    """A pre-1.0 release may break anything in a minor version: each such dependency, and
    the tools whose new releases change what passes (gunicorn, ruff), has an upper bound."""
    unbounded = []
    for requirement in _requirements("test", "bench"):
        specifiers = list(requirement.specifier)
        has_upper = any(s.operator in ("<", "<=", "==", "~=") for s in specifiers)
        lower = next((s.version for s in specifiers if s.operator in (">=", "==", "~=")), "")
        pre_1_0 = lower.startswith("0.")
        if (pre_1_0 or canonicalize_name(requirement.name) in {"gunicorn", "ruff"}) \
                and not has_upper:
            unbounded.append(str(requirement))
    assert not unbounded, f"add an upper bound to: {unbounded}"


def test_the_make_targets_install_from_the_locks():
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes" in makefile
    for lock in ("requirements/app.lock", "requirements/test.lock", "requirements/bench.lock"):
        assert lock in makefile, f"the Makefile does not install {lock}"
    assert "pip install --quiet -e ." not in makefile, "an unlocked install of the project"


def test_the_installer_itself_is_pinned_with_hashes():
    """uv, which installs the other locks, comes from requirements/installer.lock: the
    version installer.in names, with a hash for each of its files."""
    wanted = [Requirement(line.strip()) for line in
              (ROOT / "requirements" / "installer.in").read_text().splitlines()
              if line.strip() and not line.startswith("#")]
    pins = _pins("installer.lock")
    assert [canonicalize_name(r.name) for r in wanted] == ["uv"]
    version, hashes = pins["uv"]
    assert wanted[0].specifier.contains(version) and hashes > 0, FIX
    makefile = (ROOT / "Makefile").read_text()
    assert "requirements/installer.lock" in makefile and "$(UV) pip install" in makefile


def test_the_suite_runs_the_versions_production_runs():
    """Every package of the app's lock has the same version in the test and bench locks:
    a test dependency that caps a package the app also uses must cap it for the app too
    (pyproject.toml), or the suite passes on code production never runs. (Seen: a test
    dependency held python-dateutil at 2.9 while the app's lock had 4.0.)"""
    app = _pins("app.lock")
    differ = [f"{name}: app.lock {app[name][0]}, {lock} {pins[name][0]}"
              for lock in ("test.lock", "bench.lock") for pins in [_pins(lock)]
              for name in app if name in pins and pins[name][0] != app[name][0]]
    missing = [f"{name} (in app.lock) is not in {lock}"
               for lock in ("test.lock", "bench.lock") for pins in [_pins(lock)]
               for name in app if name not in pins]
    assert not differ and not missing, "; ".join(differ + missing) + f": {FIX}"
