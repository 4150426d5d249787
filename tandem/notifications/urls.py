from django.urls import path

from tandem.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read-all/", views.notification_read_all, name="read_all"),
    path("notifications/<int:notification_id>/", views.notification_open, name="open"),
    path("notifications/<int:notification_id>/read/", views.notification_read,
         name="mark_read"),
    path("notifications/<int:notification_id>/unread/", views.notification_unread,
         name="mark_unread"),
    path("settings/notifications/", views.email_preferences, name="preferences"),
    path("notifications/unsubscribe/<str:unsubscribe_token>/", views.unsubscribe,
         name="unsubscribe"),
]
