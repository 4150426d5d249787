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
    """...closes any database connection or cache client the warm-up opened (gunicorn
    forks the workers from this process: tandem/gunicorn_config.py), and collects the
    young generation less often than Python's default (700 allocations), which walked
    each page's objects several times (bench/README.md)."""
    import gc

    from django.core.cache import caches
    from django.db import connections

    import tandem.core.warmup as warmup

    calls: list = []
    monkeypatch.setattr(warmup, "warm_up", lambda: calls.append("warm up"))
    monkeypatch.setattr(connections, "close_all", lambda: calls.append("close connections"))
    monkeypatch.setattr(caches, "close_all", lambda: calls.append("close caches"))
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gc, "set_threshold", lambda *limits: calls.append(limits))
    monkeypatch.delitem(sys.modules, "tandem.wsgi", raising=False)
    import tandem.wsgi  # noqa: F401

    assert calls[:4] == ["warm up", "close connections", "close caches", "freeze"]
    assert len(calls) == 5 and calls[4][0] >= 10_000


def test_gunicorn_loads_the_app_once_and_forks_the_workers_from_it():
    """The settings ``tandem serve`` gives gunicorn (and docs/deploy.md tells a deployment
    to give it): the master warms the app up once instead of each worker doing it."""
    import runpy

    from tandem.core.management.commands.serve import gunicorn_command

    command = gunicorn_command()
    config = command[command.index("-c") + 1]
    assert config == "python:tandem.gunicorn_config"
    assert command[-1] == "tandem.wsgi:application"
    settings = runpy.run_module(config.removeprefix("python:"))
    assert settings["preload_app"] is True
