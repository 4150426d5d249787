from __future__ import annotations

from tandem.core.errors import Forbidden, NotFound
from tandem.core.permissions import parse_id
from tandem.feedback.models import (
    Contribution,
    FeedbackEntry,
    FeedbackRequest,
    MentorFeedback,
    ProgressReport,
)
from tandem.mentorships.models import involving_q


def access_report(user, report_id, *, write: bool = False) -> ProgressReport:
    """A report is read by the two parties of its mentorship; to anyone else it does not
    exist. Only its author could change it (reports are final once written)."""
    if not user.is_authenticated:
        raise NotFound
    pk = parse_id(report_id)
    report = (ProgressReport.objects.select_related("relationship__mentee__profile",
                                                    "relationship__mentor__profile",
                                                    "author__profile")
              .filter(involving_q(user, prefix="relationship__"), pk=pk)
              .first())
    if report is None:
        raise NotFound
    return report


_RELATED = ("relationship__mentee__profile", "relationship__mentor__profile")


def access_relationship_as(user, relationship_id, *, role: str):
    """The relationship, for a write only its ``role`` ("mentee"/"mentor") may make: the
    other party gets 403 (they can see it), anyone else 404."""
    from tandem.mentorships.permissions import access_relationship

    rel = access_relationship(user, relationship_id, write=True)
    if rel.role_of(user) != role:
        raise Forbidden
    return rel


def access_feedback_entry(user, entry_id, *, write: bool = False) -> FeedbackEntry:
    """Both parties read a feedback entry; ``write`` (acknowledge, reply) is the mentee's,
    who received it."""
    if not user.is_authenticated:
        raise NotFound
    entry = (FeedbackEntry.objects.select_related(*_RELATED, "author__profile")
             .filter(involving_q(user, prefix="relationship__"), pk=parse_id(entry_id)).first())
    if entry is None:
        raise NotFound
    if write and entry.relationship.mentee_id != user.pk:
        raise Forbidden
    return entry


def access_feedback_request(user, request_id, *, write: bool = False) -> FeedbackRequest:
    """Both parties read a feedback request; only the mentee who made it withdraws it."""
    if not user.is_authenticated:
        raise NotFound
    item = (FeedbackRequest.objects.select_related(*_RELATED, "goal")
            .filter(involving_q(user, prefix="relationship__"), pk=parse_id(request_id)).first())
    if item is None:
        raise NotFound
    if write and item.author_id != user.pk:
        raise Forbidden
    return item


def access_mentor_feedback(user, item_id, *, write: bool = False) -> MentorFeedback:
    """The mentee's feedback to the mentor: both read it, its author changes the consent."""
    if not user.is_authenticated:
        raise NotFound
    item = (MentorFeedback.objects.select_related(*_RELATED)
            .filter(involving_q(user, prefix="relationship__"), pk=parse_id(item_id)).first())
    if item is None:
        raise NotFound
    if write and item.author_id != user.pk:
        raise Forbidden
    return item


def access_contribution(user, contribution_id, *, write: bool = False) -> Contribution:
    if not user.is_authenticated:
        raise NotFound
    item = (Contribution.objects.select_related(*_RELATED)
            .filter(involving_q(user, prefix="relationship__"), pk=parse_id(contribution_id))
            .first())
    if item is None:
        raise NotFound
    if write and item.author_id != user.pk:
        raise Forbidden
    return item
