from django.urls import path  # noqa: F401

from tandem.record import views  # noqa: F401

app_name = "record"

urlpatterns: list = []
