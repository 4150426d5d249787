from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (``tandem demo``): the one place that fills every app at once, so it
    sits above all of them and nothing imports it."""

    name = "tandem.demo"
    label = "demo"
    verbose_name = "Demo data"
