"""What an app process loads before it accepts its first request.

Without it, the first requests of each gunicorn worker pay for lazy work: the first
dashboard imports the matching scorer and scikit-learn (about 2.5 s on two cores), and
each page's first view compiles its templates. Under load those first requests hold a
worker while others queue behind it (measured by ``bench/load.py``: p99 of 2-3 s on pages
whose median is 20-70 ms). ``tandem.wsgi`` calls :func:`warm_up` once per process.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

from tandem.core import registry

logger = logging.getLogger(__name__)



def _template_names(backend) -> list[tuple[str, bool]]:
    """(name, ours) for every ``*.html`` template in the engine's folders: the project's
    and its apps', and the installed libraries' (allauth's sign-in pages, the admin)."""
    package = Path(__file__).resolve().parent.parent  # the tandem package
    names: list[tuple[str, bool]] = []
    for folder in backend.template_dirs:
        root = Path(folder).resolve()
        if not root.is_dir():
            continue
        ours = root == package or package in root.parents
        names.extend((str(path.relative_to(root)), ours) for path in sorted(root.rglob("*.html")))
    return names


def warm_up() -> dict:
    """Resolve every URL (importing every view), import the lazily imported modules and
    compile Tandem's templates into the cached loader. Returns what it did, for tests."""
    from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
    from django.urls import get_resolver

    resolver = get_resolver()
    resolver._populate()  # imports every URLconf, and so every view module
    # Modules that views import on first use, not at start, as their apps registered them.
    lazy = registry.lazy_modules()
    for module in lazy:
        importlib.import_module(module)
    compiled = 0
    for backend in engines.all():
        for name, ours in _template_names(backend):
            try:
                backend.get_template(name)
            except (TemplateDoesNotExist, TemplateSyntaxError):
                if ours:
                    raise
                continue  # a library's template for a feature not installed here
            compiled += 1
    logger.debug("warm-up: %d templates compiled", compiled)
    return {"modules": list(lazy), "templates": compiled}
