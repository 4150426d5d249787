from django.urls import path

from tandem.plans import views

app_name = "plans"

urlpatterns = [
    path("mentorships/<int:relationship_id>/plan/", views.plan, name="plan"),
    path("mentorships/<int:relationship_id>/plan/save-template/", views.template_save,
         name="template_save"),
    path("mentorships/<int:relationship_id>/plan/apply-template/", views.template_apply,
         name="template_apply"),
    path("plan-items/<int:plan_item_id>/", views.item_detail, name="item"),
    path("plan-items/<int:plan_item_id>/level/", views.item_level, name="item_level"),
    path("plan-items/<int:plan_item_id>/delete/", views.item_delete, name="item_delete"),
    path("plan-items/<int:plan_item_id>/actions/", views.action_add, name="action_add"),
    path("plan-actions/<int:plan_action_id>/toggle/", views.action_toggle,
         name="action_toggle"),
    path("plan-actions/<int:plan_action_id>/delete/", views.action_delete,
         name="action_delete"),
    path("plan-items/<int:plan_item_id>/resources/", views.resource_add, name="resource_add"),
    path("plan-resources/<int:plan_resource_id>/delete/", views.resource_delete,
         name="resource_delete"),
    path("plan-templates/", views.template_list, name="templates"),
    path("plan-templates/<int:plan_template_id>/", views.template_detail, name="template"),
    path("plan-templates/<int:plan_template_id>/delete/", views.template_delete,
         name="template_delete"),
]
