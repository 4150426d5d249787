"""Reads for goals and milestones."""

from __future__ import annotations

from django.db.models import Q

from tandem.accounts.choices import GoalVisibility
from tandem.accounts.models import CareerGoal


def goals_shared_with(relationship):
    """The mentee's career goals this relationship's mentor may see, as a queryset: the
    one rule every feature that shows or links a goal in a relationship goes through."""
    shared = Q(visibility=GoalVisibility.MENTORS)
    if relationship.request_id:
        from tandem.mentorships.models import MentorshipRequest

        attached = MentorshipRequest.goals.through.objects.filter(
            mentorshiprequest_id=relationship.request_id).values("careergoal_id")
        shared |= Q(pk__in=attached)
    return CareerGoal.objects.filter(shared, user_id=relationship.mentee_id).order_by(
        "position", "id")
