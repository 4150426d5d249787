from django.urls import path  # noqa: F401

from tandem.advocacy import views  # noqa: F401

app_name = "advocacy"

urlpatterns: list = []
