from django.urls import path

from tandem.directory import views

app_name = "directory"

urlpatterns = [
    path("mentors/", views.directory, name="mentors"),
    path("people/<int:profile_id>/", views.person, name="person"),
]
