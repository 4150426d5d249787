from django.urls import path

from tandem.privacy import views

app_name = "privacy"

urlpatterns = [
    path("me/data/", views.data_page, name="data"),
    path("me/data/export.json", views.export_download, name="export"),
    path("me/delete/", views.erase, name="erase"),
]
