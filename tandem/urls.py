from django.contrib import admin
from django.urls import include, path

from tandem.api import api
from tandem.core import views as core_views
from tandem.mentorships import views as mentorship_views

admin.site.site_header = "Tandem administration"
admin.site.site_title = "Tandem admin"

# The prefixed routes come first: Django tries the patterns in order, and every app
# include below has an empty prefix, so a request the apps do not answer walks all of
# their patterns first (about 2 ms for an API call when /api/ came last).
urlpatterns = [
    path("", mentorship_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("manifest.webmanifest", core_views.manifest, name="manifest"),
    path("sw.js", core_views.service_worker, name="service_worker"),
    path("offline/", core_views.offline, name="offline"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("tandem.accounts.urls")),
    path("", include("tandem.directory.urls")),
    path("", include("tandem.mentorships.urls")),
    path("", include("tandem.notifications.urls")),
    path("", include("tandem.meetings.urls")),
    path("", include("tandem.feedback.urls")),
    path("", include("tandem.growth.urls")),
    path("", include("tandem.plans.urls")),
    path("", include("tandem.journal.urls")),
    path("", include("tandem.advocacy.urls")),
    path("", include("tandem.record.urls")),
    path("", include("tandem.safety.urls")),
    path("", include("tandem.programs.urls")),
    path("", include("tandem.health.urls")),
    path("", include("tandem.conversations.urls")),
    path("", include("tandem.circles.urls")),
    path("", include("tandem.privacy.urls")),
    path("", include("tandem.core.urls")),
]
