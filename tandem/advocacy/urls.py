from django.urls import path

from tandem.advocacy import views

app_name = "advocacy"

urlpatterns = [
    path("mentorships/<int:relationship_id>/advocacy/", views.home, name="home"),
    path("mentorships/<int:relationship_id>/advocacy/opportunities/", views.opportunity_add,
         name="opportunity_add"),
    path("mentorships/<int:relationship_id>/advocacy/introductions/", views.introduction_add,
         name="introduction_add"),
    path("mentorships/<int:relationship_id>/advocacy/resources/", views.resource_add,
         name="resource_add"),
    path("opportunities/<int:opportunity_id>/", views.opportunity_detail, name="opportunity"),
    path("opportunities/<int:opportunity_id>/status/", views.opportunity_status,
         name="opportunity_status"),
    path("opportunities/<int:opportunity_id>/delete/", views.opportunity_delete,
         name="opportunity_delete"),
    path("introductions/<int:introduction_id>/", views.introduction_detail,
         name="introduction"),
    path("introductions/<int:introduction_id>/status/", views.introduction_status,
         name="introduction_status"),
    path("introductions/<int:introduction_id>/delete/", views.introduction_delete,
         name="introduction_delete"),
    path("resources/", views.library, name="library"),
    path("resources/<int:resource_id>/", views.resource_detail, name="resource"),
    path("resources/<int:resource_id>/publish/", views.resource_publish,
         name="resource_publish"),
    path("resources/<int:resource_id>/delete/", views.resource_delete, name="resource_delete"),
]
