from django.urls import path

from tandem.journal import views

app_name = "journal"

urlpatterns = [
    path("journal/", views.journal_list, name="list"),
    path("journal/new/", views.entry_new, name="new"),
    path("journal/<int:journal_entry_id>/", views.entry_detail, name="entry"),
    path("journal/<int:journal_entry_id>/edit/", views.entry_edit, name="edit"),
    path("journal/<int:journal_entry_id>/delete/", views.entry_delete, name="delete"),
    path("mentorships/<int:relationship_id>/journal/", views.shared_journal, name="shared"),
    path("mentorships/<int:relationship_id>/notes/", views.notes, name="notes"),
    path("notes/<int:journal_note_id>/edit/", views.note_edit, name="note_edit"),
    path("notes/<int:journal_note_id>/delete/", views.note_delete, name="note_delete"),
]
