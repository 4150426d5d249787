from django.urls import path

from tandem.health import views

app_name = "health"

urlpatterns = [
    path("community/", views.dashboard, name="dashboard"),
    path("community/export/<str:health_table>.csv", views.export_csv, name="export"),
    path("community/at-risk/", views.at_risk, name="at_risk"),
    path("community/mentorships/<int:relationship_id>/nudge/", views.nudge, name="nudge"),
    path("mentorships/<int:relationship_id>/health/", views.relationship_health,
         name="relationship"),
]
