"""Who may see and act on reports and accounts.

Reviewers are staff and coordinators (until programs exist, coordinators look after the
open community as staff do). A report is seen by its reporter and by the reviewers of its
scope; never by the person it is about. Everyone else gets 404."""

from __future__ import annotations

from tandem.accounts.models import User
from tandem.core.errors import Forbidden, NotFound
from tandem.core.permissions import parse_id
from tandem.safety import selectors
from tandem.safety.models import Report


def is_reviewer(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and (user.is_staff or user.is_coordinator))


def access_report(user, report_id, *, write: bool = False, review: bool = False) -> Report:
    """The report, for its reporter or a reviewer of its scope. ``write`` (moving it
    through review) is for reviewers: the reporter sees it but may not (403).
    ``review`` asks for the reviewer's view only: to the reporter it does not exist."""
    if not getattr(user, "is_authenticated", False):
        raise NotFound
    pk = parse_id(report_id)
    report = selectors.report_queryset().filter(pk=pk).first()
    if report is None:
        raise NotFound
    reviewable = is_reviewer(user) and selectors.may_review(user, report)
    if reviewable:
        return report
    if report.reporter_id == user.pk and not review:
        if write:
            raise Forbidden
        return report
    raise NotFound


def access_person(user, user_id, *, write: bool = False) -> User:
    """An account, for reviewers (frozen or not). ``write`` (freeze, unfreeze): nobody
    acts on their own account, and only staff act on staff or coordinators (403)."""
    if not is_reviewer(user):
        raise NotFound
    person = User.objects.select_related("profile").filter(pk=parse_id(user_id)).first()
    if person is None:
        raise NotFound
    if write and not may_act_on(user, person):
        raise Forbidden
    return person


def may_act_on(actor, person) -> bool:
    if person.pk == actor.pk:
        return False
    if person.is_staff or person.is_coordinator:
        return bool(actor.is_staff)
    return is_reviewer(actor)
