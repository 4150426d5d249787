from django.urls import path

from tandem.feedback import views

app_name = "feedback"

urlpatterns = [
    path("mentorships/<int:relationship_id>/reports/", views.report_list, name="reports"),
    path("mentorships/<int:relationship_id>/reports/<str:due>/write/", views.report_new,
         name="report_new"),
    path("mentorships/<int:relationship_id>/reports/history/", views.report_history,
         name="history"),
    path("reports/<int:report_id>/", views.report_detail, name="report"),
    path("mentorships/<int:relationship_id>/feedback/", views.feedback_overview,
         name="overview"),
    path("mentorships/<int:relationship_id>/feedback/new/", views.feedback_new,
         name="entry_new"),
    path("feedback/<int:feedback_entry_id>/acknowledge/", views.feedback_acknowledge,
         name="entry_acknowledge"),
    path("feedback/<int:feedback_entry_id>/reply/", views.feedback_reply, name="entry_reply"),
    path("mentorships/<int:relationship_id>/feedback/ask/", views.feedback_request_new,
         name="request_new"),
    path("feedback/requests/<int:feedback_request_id>/withdraw/",
         views.feedback_request_withdraw, name="request_withdraw"),
    path("mentorships/<int:relationship_id>/feedback/give-back/", views.mentor_feedback_new,
         name="giveback_new"),
    path("feedback/give-back/<int:mentor_feedback_id>/kudos/", views.mentor_feedback_kudos,
         name="giveback_kudos"),
    path("mentorships/<int:relationship_id>/feedback/contributions/new/",
         views.contribution_new, name="contribution_new"),
    path("feedback/contributions/<int:contribution_id>/delete/", views.contribution_delete,
         name="contribution_delete"),
]
