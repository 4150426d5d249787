from django.urls import path

from tandem.core import views

app_name = "core"

urlpatterns = [
    path("staff/audit/", views.audit_search, name="audit"),
]
