from django.urls import path

from tandem.safety import views

app_name = "safety"

urlpatterns = [
    path("report/", views.report_new, name="report_new"),
    path("reports/mine/", views.reports_mine, name="mine"),
    path("safety/reports/", views.queue, name="queue"),
    path("safety/reports/<int:safety_report_id>/", views.report_detail, name="report"),
    path("safety/reports/<int:safety_report_id>/status/", views.report_status,
         name="report_status"),
    path("safety/people/<int:safety_user_id>/", views.person, name="person"),
    path("safety/people/<int:safety_user_id>/freeze/", views.freeze, name="freeze"),
    path("safety/people/<int:safety_user_id>/unfreeze/", views.unfreeze, name="unfreeze"),
]
