from tandem.core.errors import NotFound
from tandem.growth.models import Milestone


def access_milestone(user, milestone_id, *, write: bool = False) -> Milestone:
    """Milestones belong to the goal's owner."""
    if not user.is_authenticated:
        raise NotFound
    try:
        return Milestone.objects.select_related("goal").get(pk=int(milestone_id),
                                                            goal__user=user)
    except (Milestone.DoesNotExist, TypeError, ValueError):
        raise NotFound from None
