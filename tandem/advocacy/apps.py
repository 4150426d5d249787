from django.apps import AppConfig


class AdvocacyConfig(AppConfig):
    name = "tandem.advocacy"
    label = "advocacy"
    verbose_name = "Advocacy: opportunities, introductions, resources"
