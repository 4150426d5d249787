import sys
from pathlib import Path

from tandem.core.registry import lazy_modules
from tandem.core.warmup import warm_up


def test_an_app_process_loads_lazy_modules_and_compiles_every_template_before_serving():
    ours = sum(1 for path in Path("tandem").rglob("templates/**/*.html"))
    result = warm_up()
    assert result["templates"] > ours > 100
    assert result["modules"] == list(lazy_modules())
    assert "tandem.directory.suggestions" in result["modules"]
    assert all(module in sys.modules for module in result["modules"])
    assert "sklearn" in sys.modules


def test_the_wsgi_module_warms_up_each_process_then_freezes_what_it_loaded(monkeypatch):
    """...and collects the young generation less often than Python's default (700
    allocations), which walked each page's objects several times (bench/README.md)."""
    import gc

    import tandem.core.warmup as warmup

    calls: list = []
    monkeypatch.setattr(warmup, "warm_up", lambda: calls.append("warm up"))
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gc, "set_threshold", lambda *limits: calls.append(limits))
    monkeypatch.delitem(sys.modules, "tandem.wsgi", raising=False)
    import tandem.wsgi  # noqa: F401

    assert calls[:2] == ["warm up", "freeze"]
    assert len(calls) == 3 and calls[2][0] >= 10_000
