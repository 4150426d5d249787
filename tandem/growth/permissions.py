"""Access to growth objects. Career goals and their milestones are their owner's; a goal
inside a mentorship is visible to its two parties only while it is shared with it; goal
comments and assessments are the mentorship's content (its two parties; 404 to anyone
else)."""

from __future__ import annotations

from tandem.accounts.models import CareerGoal
from tandem.core.errors import Forbidden, NotFound
from tandem.core.permissions import parse_id
from tandem.growth.models import GoalComment, Milestone
from tandem.mentorships.models import involving_q


def access_goal(user, goal_id, *, write: bool = False) -> CareerGoal:
    """Career goals are their owner's. (Sharing with mentors reaches the mentor through
    the relationship's pages, not through this lookup.)"""
    if not user.is_authenticated:
        raise NotFound
    goal = CareerGoal.objects.filter(pk=parse_id(goal_id), user=user).first()
    if goal is None:
        raise NotFound
    return goal


def access_milestone(user, milestone_id, *, write: bool = False) -> Milestone:
    """Milestones belong to the goal's owner."""
    if not user.is_authenticated:
        raise NotFound
    try:
        return Milestone.objects.select_related("goal").get(pk=parse_id(milestone_id),
                                                            goal__user=user)
    except Milestone.DoesNotExist:
        raise NotFound from None


def access_shared_goal(user, relationship, goal_id, *, write: bool = False) -> CareerGoal:
    """A goal of ``relationship`` (already accessed by ``user``): one shared with it. Both
    parties see it; ``write`` (changing its sharing) is the mentee's: 403 for the mentor."""
    from tandem.growth.selectors import goals_shared_with

    goal = goals_shared_with(relationship).filter(pk=parse_id(goal_id)).first()
    if goal is None:
        raise NotFound
    if write and goal.user_id != user.pk:
        raise Forbidden
    return goal


def access_own_goal_in(user, relationship, goal_id, *, write: bool = False) -> CareerGoal:
    """A goal to share with ``relationship``: the mentee's own (any visibility). The mentor
    may see it only if it is shared already (then 403); otherwise it does not exist."""
    pk = parse_id(goal_id)
    goal = CareerGoal.objects.filter(pk=pk, user_id=relationship.mentee_id).first()
    if goal is None:
        raise NotFound
    if goal.user_id != user.pk:
        access_shared_goal(user, relationship, pk)  # 404 unless the mentor sees it
        raise Forbidden
    return goal


def access_goal_comment(user, comment_id, *, write: bool = False) -> GoalComment:
    """Read by the mentorship's two parties while the goal is shared with it;
    acknowledging (``write``) is for the one who did not write it (403 for the author)."""
    if not user.is_authenticated:
        raise NotFound
    comment = (GoalComment.objects.select_related("relationship", "author__profile", "goal")
               .filter(involving_q(user, prefix="relationship__"), pk=parse_id(comment_id)).first())
    if comment is None:
        raise NotFound
    access_shared_goal(user, comment.relationship, comment.goal_id)
    if write and comment.author_id == user.pk:
        raise Forbidden
    return comment
