from django.urls import path

from tandem.growth import views

app_name = "growth"

urlpatterns = [
    path("goals/<int:goal_id>/milestones/", views.milestone_add, name="milestone_add"),
    path("milestones/<int:milestone_id>/toggle/", views.milestone_toggle,
         name="milestone_toggle"),
    path("milestones/<int:milestone_id>/delete/", views.milestone_delete,
         name="milestone_delete"),
]
