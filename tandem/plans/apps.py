from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "tandem.plans"
    label = "plans"
    verbose_name = "Development plans"
