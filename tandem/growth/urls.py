from django.urls import path

from tandem.growth import views

app_name = "growth"

urlpatterns = [
    path("goals/", views.goal_list, name="goals"),
    path("goals/<int:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<int:goal_id>/delete/", views.goal_delete, name="goal_delete"),
    path("goals/<int:goal_id>/milestones/", views.milestone_add, name="milestone_add"),
    path("milestones/<int:milestone_id>/toggle/", views.milestone_toggle,
         name="milestone_toggle"),
    path("milestones/<int:milestone_id>/delete/", views.milestone_delete,
         name="milestone_delete"),
    path("mentorships/<int:relationship_id>/goals/", views.relationship_goals,
         name="relationship_goals"),
    path("mentorships/<int:relationship_id>/goals/share/", views.goal_share, name="goal_share"),
    path("mentorships/<int:relationship_id>/goals/<int:shared_goal_id>/unshare/",
         views.goal_unshare, name="goal_unshare"),
    path("mentorships/<int:relationship_id>/goals/<int:shared_goal_id>/comments/",
         views.goal_comment_add, name="goal_comment_add"),
    path("mentorships/<int:relationship_id>/goals/<int:shared_goal_id>/read/",
         views.goal_comments_read, name="goal_comments_read"),
    path("goal-comments/<int:goal_comment_id>/acknowledge/", views.comment_acknowledge,
         name="comment_acknowledge"),
    path("mentorships/<int:relationship_id>/strengths/", views.assessments,
         name="assessments"),
    path("mentorships/<int:relationship_id>/strengths/update/", views.assessment_new,
         name="assessment_new"),
    path("mentorships/<int:relationship_id>/strengths/history/", views.assessment_history,
         name="assessment_history"),
]
