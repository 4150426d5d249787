from django.urls import path

from tandem.record import views

app_name = "record"

urlpatterns = [
    path("mentorships/<int:relationship_id>/timeline/", views.timeline, name="timeline"),
    path("me/record/", views.record_page, name="record"),
    path("me/record.md", views.record_markdown, name="record_markdown"),
]
