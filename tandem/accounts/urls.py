from django.urls import path

from tandem.accounts import views

app_name = "accounts"

urlpatterns = [
    path("welcome/", views.welcome, name="welcome"),
    path("welcome/roles/", views.welcome_step, {"step": "roles"}, name="welcome_roles"),
    path("welcome/timezone/", views.welcome_step, {"step": "timezone"}, name="welcome_timezone"),
    path("welcome/languages/", views.welcome_step, {"step": "languages"},
         name="welcome_languages"),
    path("welcome/skills/", views.welcome_step, {"step": "skills"}, name="welcome_skills"),
    path("welcome/skip/", views.welcome_skip, name="welcome_skip"),
    path("profile/", views.profile_edit, name="profile"),
    path("profile/availability/", views.availability_edit, name="availability"),
    path("settings/tokens/", views.token_list, name="tokens"),
    path("settings/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
