from django.urls import path

from tandem.conversations import views

app_name = "conversations"

urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("mentorships/<int:relationship_id>/messages/", views.thread, name="thread"),
    path("mentorships/<int:relationship_id>/messages/new/", views.poll, name="poll"),
    path("messages/<int:message_id>/edit/", views.edit, name="edit"),
    path("messages/<int:message_id>/delete/", views.delete, name="delete"),
]
