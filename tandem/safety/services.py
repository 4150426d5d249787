"""Reporting a code-of-conduct problem, reviewing reports, freezing and unfreezing accounts.

The person a report is about is never told about it, and nothing they can read names the
reporter. Reviewers are told a report arrived (its number and category, never the
details); the reporter is told when review starts and when it is closed."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import User
from tandem.core.audit import audit_log
from tandem.core.errors import Conflict, DomainError, FieldErrors, Forbidden, ValidationFailed
from tandem.core.validation import is_id, reject_nul_characters
from tandem.mentorships.models import involving_q
from tandem.notifications.services import notify
from tandem.safety.models import (
    ActionTaken,
    Category,
    Freeze,
    Report,
    Scope,
    Status,
    Subject,
)

MAX_DETAILS = 5000
MAX_NOTE = 5000
MAX_REASON = 2000
REPORTS_PER_DAY = 10


class TooManyReports(DomainError):
    """More reports in a day than a person plausibly needs: asked to wait (429)."""

    status = 429


class _Errors(FieldErrors):
    """Collects field errors, and checks ids, so one answer names every fault at once."""

    def object_id(self, value, field: str) -> int | None:
        if value is None or value == "":
            return None
        if not is_id(value):
            self.add(field, "Not a known id.")
            return None
        return value


def _reviewers(scope: str, *, exclude: list[int]) -> list[User]:
    who = Q(is_staff=True) if scope == Scope.STAFF else Q(is_staff=True) | Q(is_coordinator=True)
    return list(User.objects.filter(who, is_active=True).exclude(pk__in=exclude))


def _review_url(report: Report) -> str:
    return reverse("safety:report", args=[report.pk])


def _mine_url(report: Report) -> str:
    return f"{reverse('safety:mine')}#report-{report.pk}"


def report_create(*, actor, category: str, details: str, wants_contact: bool = False,
                  profile_id: int | None = None, relationship_id: int | None = None,
                  message_id: int | None = None) -> Report:
    """Report a person (by their profile, as the reporter can see it), a mentorship the
    reporter is a party to (it then concerns the other party), or a message written to
    the reporter in one of their mentorships (it concerns its author; its text is quoted
    into the report for the reviewers). Staff and coordinators are told; the reported
    person is not."""
    from tandem.accounts.models import Profile
    from tandem.mentorships.models import Relationship

    reject_nul_characters({"category": category, "details": details})
    errors = _Errors()
    if category in (None, ""):
        errors.add("category", "Choose what kind of problem it is.")
    elif category not in Category.values:
        errors.add("category", f"Use one of {', '.join(Category.values)}.")
    details = errors.text(details, "details", MAX_DETAILS, required=True,
                          empty="Tell us what happened.")
    if not isinstance(wants_contact, bool):
        errors.add("wants_contact", "Must be true or false.")
    pid = errors.object_id(profile_id, "profile_id")
    rid = errors.object_id(relationship_id, "relationship_id")
    mid = errors.object_id(message_id, "message_id")
    reported = relationship = message = None
    quoted = ""
    subject = Subject.PERSON
    if sum(value not in (None, "") for value in (profile_id, relationship_id,
                                                 message_id)) > 1:
        errors.add("relationship_id" if message_id in (None, "") else "message_id",
                   "Report a person, a mentorship or a message: one at a time.")
    elif mid:
        from tandem.conversations.models import Message

        message = (Message.objects.select_related("author", "relationship")
                   .filter(involving_q(actor, prefix="relationship__"), pk=mid).first())
        if message is None:
            errors.add("message_id", "There is no such message in your conversations.")
        elif message.author_id == actor.pk:
            errors.add("message_id", "You cannot report your own message.")
        elif message.deleted_at is not None:
            errors.add("message_id", "This message was deleted by its author.")
        else:
            subject = Subject.MESSAGE
            reported = message.author
            relationship = message.relationship
            quoted = message.body
    elif pid:
        from tandem.core.errors import NotFound
        from tandem.mentorships.permissions import access_profile

        try:
            profile: Profile = access_profile(actor, pid)
        except NotFound:
            errors.add("profile_id", "There is no such person, or you cannot see them.")
        else:
            if profile.user_id == actor.pk:
                errors.add("profile_id", "You cannot report yourself.")
            reported = profile.user
    elif rid:
        relationship = (Relationship.objects.select_related("mentee", "mentor")
                        .involving(actor).filter(pk=rid).first())
        if relationship is None:
            errors.add("relationship_id", "There is no such mentorship of yours.")
        else:
            subject = Subject.RELATIONSHIP
            reported = relationship.other_party(actor)
    elif not errors.has("profile_id") and not errors.has("relationship_id") \
            and not errors.has("message_id"):
        errors.add("profile_id", "Say who you are reporting: a person or one of your "
                                 "mentorships.")
    errors.raise_if_any()

    since = timezone.now() - timedelta(days=1)
    if Report.objects.filter(reporter=actor, created_at__gte=since).count() >= REPORTS_PER_DAY:
        raise TooManyReports(
            f"You have sent {REPORTS_PER_DAY} reports in the last 24 hours, the most we take "
            "in a day. Please wait before sending another; the ones you sent are being "
            "looked at. If someone is in danger, contact your local emergency services.")

    scope = Scope.STAFF if (reported.is_staff or reported.is_coordinator) else Scope.COMMUNITY
    with transaction.atomic():
        report = Report.objects.create(
            reporter=actor, reported_user=reported, subject=subject, relationship=relationship,
            message=message, quoted_text=quoted, category=category, details=details, wants_contact=wants_contact, scope=scope)
        audit_log(actor=actor, action="safety.report.created", target=report,
                  data={"category": category, "subject": subject, "scope": scope,
                        "reported_user_id": reported.pk,
                        **({"message_id": message.pk} if message else {})})
        label = Category(category).label.lower()
        for reviewer in _reviewers(scope, exclude=[actor.pk, reported.pk]):
            notify(recipient=reviewer, kind="safety.report",
                   title=f"New safety report #{report.pk}: {label}", url=_review_url(report))
    return report


# Which states a report may move to from which.
TRANSITIONS = {
    Status.IN_REVIEW: [Status.OPEN, Status.CLOSED],  # start, or reopen a closed one
    Status.CLOSED: [Status.OPEN, Status.IN_REVIEW],
}


def report_update(*, actor, report: Report, status: str, outcome_note: str = "",
                  action_taken: str = "") -> Report:
    """Move a report through review: open → in review → closed (with the outcome, for the
    reviewers, and the action taken); a closed report can be reopened (back in review).
    The reporter is told the new state, never the note."""
    from tandem.safety.selectors import may_review

    if not may_review(actor, report) or not (actor.is_staff or actor.is_coordinator):
        raise Forbidden("Only staff and coordinators review reports.")
    reject_nul_characters({"status": status, "outcome_note": outcome_note,
                           "action_taken": action_taken})
    errors = _Errors()
    if status in (None, ""):
        errors.add("status", "Choose in review or closed.")
    elif status not in TRANSITIONS:
        errors.add("status", "Use in_review or closed.")
    closing = status == Status.CLOSED
    outcome_note = errors.text(outcome_note, "outcome_note", MAX_NOTE, required=closing,
                               empty="Say what was found and done before closing.")
    if action_taken in (None, "") and not closing:
        action_taken = ""
    elif action_taken not in ActionTaken.values:
        errors.add("action_taken", f"Use one of {', '.join(ActionTaken.values)}.")
    errors.raise_if_any()

    now = timezone.now()
    if closing:
        changes = {"status": status, "closed_at": now, "outcome_note": outcome_note,
                   "action_taken": action_taken, "handled_by": actor}
    else:
        changes = {"status": status, "reviewed_at": now, "closed_at": None, "handled_by": actor}
        if outcome_note:
            changes["outcome_note"] = outcome_note
    with transaction.atomic():
        # Conditional on the state read, so two reviewers cannot both move it.
        moved = Report.objects.filter(pk=report.pk, status__in=TRANSITIONS[status]).update(
            **changes, updated_at=now)
        if not moved:
            current = Report.objects.filter(pk=report.pk).values_list("status", flat=True).first()
            raise Conflict(f"This report is {Status(current).label.lower()} already"
                           if current == status else "Someone moved this report meanwhile; "
                           "reload the page.")
        previous = report.status
        report.refresh_from_db()
        audit_log(actor=actor, action="safety.report.status_changed", target=report,
                  data={"from": previous, "to": status, "action_taken": report.action_taken})
        if report.reporter is not None and report.reporter.is_active:
            title = (f"Your safety report #{report.pk} has been reviewed and closed"
                     if closing else f"Your safety report #{report.pk} is being reviewed")
            notify(recipient=report.reporter, kind="safety.report_update", title=title,
                   url=_mine_url(report))
    return report


def _check_may_act(actor, person) -> None:
    from tandem.safety.permissions import is_reviewer

    if person.pk == actor.pk:
        raise ValidationFailed("You cannot freeze or unfreeze your own account.", field="user")
    if not is_reviewer(actor):
        raise Forbidden("Only staff and coordinators freeze accounts.")
    if (person.is_staff or person.is_coordinator) and not actor.is_staff:
        raise Forbidden("Only staff freeze the accounts of staff and coordinators.")


def account_freeze(*, actor, user, reason: str, report_id: int | None = None) -> Freeze:
    """Switch the account off: sign-in refused, current sessions and API tokens no longer
    accepted, hidden from the directory and suggestions. Optionally tied to a report about
    this person."""
    _check_may_act(actor, user)
    reject_nul_characters({"reason": reason})
    errors = _Errors()
    reason = errors.text(reason, "reason", MAX_REASON, required=True,
                         empty="Say why: the record keeps it.")
    report = None
    rid = errors.object_id(report_id, "report_id")
    if rid:
        from tandem.safety.selectors import reviewable_q

        report = Report.objects.filter(reviewable_q(actor), pk=rid, reported_user=user).first()
        if report is None:
            errors.add("report_id", "Pick one of the reports about this person.")
    errors.raise_if_any()

    with transaction.atomic():
        if Freeze.objects.filter(user=user, unfrozen_at__isnull=True).exists():
            raise Conflict("This account is frozen already.")
        try:
            with transaction.atomic():
                freeze = Freeze.objects.create(user=user, frozen_by=actor, reason=reason,
                                               report=report)
        except IntegrityError:
            raise Conflict("This account is frozen already.") from None
        if not User.objects.filter(pk=user.pk, is_active=True).update(is_active=False):
            raise Conflict("This account is switched off already (not by a freeze); "
                           "an administrator can switch it back on.")
        user.is_active = False
        audit_log(actor=actor, action="safety.account.frozen", target=freeze,
                  data={"user_id": user.pk, "report_id": report.pk if report else None})
    return freeze


def account_unfreeze(*, actor, user, note: str = "") -> Freeze:
    """Switch a frozen account back on; the freeze stays in the history, closed."""
    _check_may_act(actor, user)
    reject_nul_characters({"note": note})
    errors = _Errors()
    note = errors.text(note, "note", MAX_REASON, required=False)
    errors.raise_if_any()
    with transaction.atomic():
        freeze = Freeze.objects.filter(user=user, unfrozen_at__isnull=True).first()
        now = timezone.now()
        if freeze is None or not Freeze.objects.filter(
                pk=freeze.pk, unfrozen_at__isnull=True).update(
                unfrozen_at=now, unfrozen_by=actor, unfreeze_note=note, updated_at=now):
            raise Conflict("This account is not frozen.")
        User.objects.filter(pk=user.pk).update(is_active=True)
        user.is_active = True
        freeze.refresh_from_db()
        audit_log(actor=actor, action="safety.account.unfrozen", target=freeze,
                  data={"user_id": user.pk})
        notify(recipient=user, kind="safety.unfrozen",
               title="Your Tandem account is active again", url=reverse("home"))
    return freeze
