from django.urls import path

from tandem.circles import views

app_name = "circles"

urlpatterns = [
    path("circles/", views.circle_list, name="list"),
    path("circles/new/", views.circle_create, name="create"),
    path("circles/health/", views.health, name="health"),
    path("circles/<int:circle_id>/", views.circle_home, name="home"),
    path("circles/<int:circle_id>/edit/", views.circle_edit, name="edit"),
    path("circles/<int:circle_id>/close/", views.circle_close, name="close"),
    path("circles/<int:circle_id>/leave/", views.circle_leave, name="leave"),
    path("circles/<int:circle_id>/members/", views.members, name="members"),
    path("circles/<int:circle_id>/invite/", views.invite, name="invite"),
    path("circles/<int:circle_id>/join/", views.join, name="join"),
    path("circles/<int:circle_id>/respond/", views.respond, name="respond"),
    path("circles/memberships/<int:membership_id>/decide/", views.decide, name="decide"),
    path("circles/memberships/<int:membership_id>/remove/", views.remove, name="remove"),
    path("circles/<int:circle_id>/agreement/", views.agreement, name="agreement"),
    path("circles/<int:circle_id>/agreement/confirm/", views.agreement_confirm,
         name="agreement_confirm"),
    path("circles/<int:circle_id>/meetings/", views.meetings_schedule, name="schedule"),
    path("circles/<int:circle_id>/meetings/all/", views.meetings, name="meetings"),
    path("circles/meetings/<int:circle_meeting_id>/", views.meeting_detail, name="meeting"),
    path("circles/meetings/<int:circle_meeting_id>/agenda/", views.agenda_add, name="agenda_add"),
    path("circles/meetings/<int:circle_meeting_id>/notes/", views.note_save, name="note_save"),
    path("circles/meetings/<int:circle_meeting_id>/attendance/", views.attendance,
         name="attendance"),
    path("circles/meetings/<int:circle_meeting_id>/cancel/", views.meeting_cancel,
         name="meeting_cancel"),
    path("circles/<int:circle_id>/posts/", views.posts, name="posts"),
    path("circles/<int:circle_id>/resources/", views.resource_add, name="resource_add"),
    path("circles/<int:circle_id>/resources-and-goals/", views.resources, name="resources"),
    path("circles/resources/<int:circle_resource_id>/delete/", views.resource_delete,
         name="resource_delete"),
    path("circles/<int:circle_id>/goals/", views.goals, name="goals"),
    path("programs/<int:program_id>/circles/", views.program_circles, name="program_circles"),
    path("programs/<int:program_id>/circles/assign/", views.program_assign,
         name="program_assign"),
]
