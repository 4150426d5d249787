from django.apps import AppConfig


class CirclesConfig(AppConfig):
    name = "tandem.circles"
    label = "circles"
