import sys
from pathlib import Path

from tandem.core.warmup import LAZY_MODULES, warm_up


def test_an_app_process_loads_lazy_modules_and_compiles_every_template_before_serving():
    ours = sum(1 for path in Path("tandem").rglob("templates/**/*.html"))
    result = warm_up()
    assert result["templates"] > ours > 100
    assert all(module in sys.modules for module in LAZY_MODULES)
    assert "sklearn" in sys.modules


def test_the_wsgi_module_warms_up_each_process_then_freezes_what_it_loaded(monkeypatch):
    import gc

    import tandem.core.warmup as warmup

    calls = []
    monkeypatch.setattr(warmup, "warm_up", lambda: calls.append("warm up"))
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.delitem(sys.modules, "tandem.wsgi", raising=False)
    import tandem.wsgi  # noqa: F401

    assert calls == ["warm up", "freeze"]
