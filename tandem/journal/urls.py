from django.urls import path  # noqa: F401

from tandem.journal import views  # noqa: F401

app_name = "journal"

urlpatterns: list = []
