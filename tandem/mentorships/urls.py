from django.urls import path

from tandem.mentorships import views

app_name = "mentorships"

urlpatterns = [
    path("people/<int:profile_id>/ask/", views.request_new, name="request_new"),
    path("requests/", views.request_list, name="requests"),
    path("requests/<int:request_id>/", views.request_detail, name="request"),
    path("requests/<int:request_id>/accept/", views.request_accept, name="request_accept"),
    path("requests/<int:request_id>/decline/", views.request_decline, name="request_decline"),
    path("requests/<int:request_id>/ask/", views.request_ask, name="request_ask"),
    path("requests/<int:request_id>/reply/", views.request_reply, name="request_reply"),
    path("requests/<int:request_id>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("mentorships/", views.relationship_list, name="list"),
    path("mentorships/<int:relationship_id>/", views.relationship_detail, name="detail"),
    # The workspace's tabs of cards (meetings, goals, feedback, notes); the Overview is
    # the detail page, Messages and Timeline are conversations' and record's own pages.
    path("mentorships/<int:relationship_id>/tab/<slug:tab>/", views.relationship_tab,
         name="tab"),
    # Pause, resume, complete and end early: a page of choices, then a confirmation step
    # at each action's URL (GET says what will happen, POST with confirm=yes does it).
    path("mentorships/<int:relationship_id>/manage/", views.relationship_manage,
         name="manage"),
    path("mentorships/<int:relationship_id>/pause/", views.relationship_pause, name="pause"),
    path("mentorships/<int:relationship_id>/resume/", views.relationship_resume, name="resume"),
    path("mentorships/<int:relationship_id>/complete/", views.relationship_complete,
         name="complete"),
    path("mentorships/<int:relationship_id>/end/", views.relationship_end, name="end"),
    path("mentorships/<int:relationship_id>/reflection/", views.reflection, name="reflection"),
    path("mentorships/<int:relationship_id>/certificate/", views.certificate,
         name="certificate"),
    path("mentorships/<int:relationship_id>/agreement/", views.agreement, name="agreement"),
    path("mentorships/<int:relationship_id>/agreement/confirm/", views.agreement_confirm,
         name="agreement_confirm"),
    path("mentorships/<int:relationship_id>/agreement/withdraw/", views.agreement_withdraw,
         name="agreement_withdraw"),
    path("mentorships/<int:relationship_id>/agreement/v<int:version>/", views.agreement_version,
         name="agreement_version"),
    path("become-a-mentor/", views.become_mentor, name="become_mentor"),
]
