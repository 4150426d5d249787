from django.urls import path

from tandem.meetings import views

app_name = "meetings"

urlpatterns = [
    path("mentorships/<int:relationship_id>/meetings/", views.meeting_list, name="list"),
    path("mentorships/<int:relationship_id>/meetings/schedule/", views.meeting_schedule,
         name="schedule"),
    path("mentorships/<int:relationship_id>/meetings/series/", views.series_create,
         name="series_create"),
    path("mentorships/<int:relationship_id>/meetings/offer/", views.offer_create,
         name="offer_create"),
    path("offers/<int:offer_id>/pick/", views.offer_pick, name="offer_pick"),
    path("offers/<int:offer_id>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("meetings/<int:meeting_id>/move/", views.meeting_move, name="move"),
    path("meetings/<int:meeting_id>/cancel/", views.meeting_cancel, name="cancel"),
    path("meetings/<int:meeting_id>/record/", views.meeting_record, name="record"),
    path("meetings/<int:meeting_id>/notes/", views.meeting_notes, name="notes"),
    path("meetings/<int:meeting_id>/agenda/", views.agenda_add, name="agenda_add"),
    path("agenda/<int:agenda_id>/remove/", views.agenda_remove, name="agenda_remove"),
    path("meetings/<int:meeting_id>/actions/", views.action_add, name="action_add"),
    path("actions/<int:action_id>/toggle/", views.action_toggle, name="action_toggle"),
    path("actions/<int:action_id>/milestone/", views.action_milestone,
         name="action_milestone"),
    path("meetings/<int:meeting_id>/meeting.ics", views.meeting_ics, name="ics"),
    path("series/<int:series_id>/series.ics", views.series_ics, name="series_ics"),
    path("settings/calendar/", views.feed_settings, name="feed"),
    path("calendar/<str:secret>.ics", views.feed, name="feed_ics"),
]
