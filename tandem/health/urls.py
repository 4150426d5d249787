from django.urls import path

from tandem.health import views

app_name = "health"

urlpatterns = [
    path("community/", views.dashboard, name="dashboard"),
    path("community/export/<str:health_table>.csv", views.export_csv, name="export"),
    path("community/at-risk/", views.at_risk, name="at_risk"),
    path("community/mentorships/<int:relationship_id>/nudge/", views.nudge, name="nudge"),
    path("programs/<int:program_id>/dashboard/", views.program_dashboard,
         name="program_dashboard"),
    path("programs/<int:program_id>/dashboard/export/<str:health_table>.csv",
         views.program_export_csv, name="program_export"),
    path("programs/<int:program_id>/dashboard/at-risk/", views.program_at_risk,
         name="program_at_risk"),
    path("programs/<int:program_id>/dashboard/mentorships/<int:relationship_id>/nudge/",
         views.program_nudge, name="program_nudge"),
    path("programs/<int:program_id>/health-rules/", views.program_rules,
         name="program_rules"),
    path("mentorships/<int:relationship_id>/health/", views.relationship_health,
         name="relationship"),
]
