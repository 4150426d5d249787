from django.urls import path  # noqa: F401

from tandem.health import views  # noqa: F401

app_name = "health"

urlpatterns: list = []
