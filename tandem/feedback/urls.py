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
]
