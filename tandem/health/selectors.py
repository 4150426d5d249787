"""Health of many relationships at once, in a fixed number of queries: one annotated query
for the relationships (latest meeting held, latest activity of every kind, old open
feedback requests, last nudge), one for their agreements and one for their progress
reports; the rules (``rules.py``) then run in Python. Only dates, counts, states and
ratings are read, never what anyone wrote."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, DateTimeField, IntegerField, Max, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from tandem.health.models import HealthState
from tandem.health.rules import CADENCE_DAYS, Facts, Health, evaluate, rules_for
from tandem.mentorships.models import Agreement, MentorshipRequest, Relationship
from tandem.programs.rules import DEFAULT_RULES, HealthRules


def has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def community_relationships():
    """The open community's relationships: those in no program (all of them until
    relationships can belong to a program)."""
    qs = Relationship.objects.all()
    if has_field(Relationship, "program"):
        qs = qs.filter(program__isnull=True)
    return qs


def community_requests():
    qs = MentorshipRequest.objects.all()
    if has_field(MentorshipRequest, "program"):
        qs = qs.filter(program__isnull=True)
    return qs


def _latest(model, field: str, *, rel: str = "relationship", **where):
    return Subquery(model.objects.filter(**{rel: OuterRef("pk")}, **where).order_by()
                    .values(rel).annotate(m=Max(field)).values("m")[:1],
                    output_field=DateTimeField())


def _count(model, *, rel: str = "relationship", **where):
    return Coalesce(Subquery(model.objects.filter(**{rel: OuterRef("pk")}, **where).order_by()
                             .values(rel).annotate(n=Count("pk")).values("n")[:1],
                             output_field=IntegerField()), 0)


def activity_sources():
    """(model, timestamp field) of everything that counts as activity in a mentorship."""
    from tandem.feedback.models import (
        Contribution,
        FeedbackEntry,
        FeedbackRequest,
        MentorFeedback,
        ProgressReport,
    )
    from tandem.growth.models import GoalComment
    from tandem.journal.models import Note
    from tandem.meetings.models import Meeting

    return [(Meeting, "updated_at"), (ProgressReport, "created_at"),
            (FeedbackEntry, "updated_at"), (FeedbackRequest, "updated_at"),
            (MentorFeedback, "created_at"), (Contribution, "created_at"),
            (GoalComment, "created_at"), (Note, "updated_at"), (Agreement, "updated_at")]


def annotated(relationships, *, now: datetime, rules: HealthRules = DEFAULT_RULES):
    """``relationships`` with what the rules need, as annotations."""
    from tandem.feedback.models import FeedbackRequest, FeedbackRequestStatus
    from tandem.health.models import Nudge
    from tandem.meetings.models import Meeting

    old = now - timedelta(days=rules.feedback_request_days)
    open_old = {"status": FeedbackRequestStatus.OPEN, "created_at__lte": old}
    activity = {f"act_{i}": _latest(model, field)
                for i, (model, field) in enumerate(activity_sources())}
    qs = relationships.select_related("mentee__profile", "mentor__profile").annotate(
        last_held_at=_latest(Meeting, "starts_at", status=Meeting.Status.HELD,
                             starts_at__lte=now),
        held_count=_count(Meeting, status=Meeting.Status.HELD),
        old_open_requests=_count(FeedbackRequest, **open_old),
        oldest_open_request_at=Subquery(
            FeedbackRequest.objects.filter(relationship=OuterRef("pk"), **open_old).order_by()
            .values("relationship").annotate(m=Min("created_at")).values("m")[:1],
            output_field=DateTimeField()),
        last_nudged_at=_latest(Nudge, "created_at"),
        **activity)
    if has_field(Relationship, "program"):
        qs = qs.select_related("program")
    return qs


def _interval(agreement: Agreement) -> int | None:
    if agreement.cadence == "custom":
        return agreement.custom_interval_days or None
    return CADENCE_DAYS.get(agreement.cadence)


def health_for(relationships, *, now: datetime | None = None,
               rules: HealthRules | None = None, agreements: dict | None = None,
               reports: dict | None = None) -> list[Health]:
    """The health of every relationship in ``relationships`` (a queryset), in its order.
    Active relationships are checked; paused and closed ones are not (``tracked``
    False). Four queries, however many relationships. ``rules`` overrides each
    relationship's own (``rules_for``). A caller that has them already loaded for every
    one of these relationships may pass ``agreements`` ({relationship id: its agreements
    by version}) and ``reports`` ({relationship id: its progress reports as (author id,
    due date, satisfaction) by due date}): a query less for each."""
    from tandem.feedback.models import ProgressReport
    from tandem.feedback.selectors import OVERDUE_AFTER_DAYS, due_dates

    now = now or timezone.now()
    today = timezone.localdate(now)
    rels = list(annotated(relationships, now=now, rules=rules or DEFAULT_RULES))
    if not rels:
        return []
    ids = relationships.values("pk")
    if agreements is None or any(rel.pk not in agreements for rel in rels):
        agreements = defaultdict(list)
        for agreement in Agreement.objects.filter(relationship__in=ids).order_by("version"):
            agreements[agreement.relationship_id].append(agreement)
    # Open feedback requests, so each relationship's own threshold (its program's) applies.
    from tandem.feedback.models import FeedbackRequest, FeedbackRequestStatus

    open_requests = defaultdict(list)
    for rel_id, asked_at in (FeedbackRequest.objects
                             .filter(relationship__in=ids, status=FeedbackRequestStatus.OPEN)
                             .values_list("relationship_id", "created_at")):
        open_requests[rel_id].append(asked_at)
    if reports is None or any(rel.pk not in reports for rel in rels):
        reports = defaultdict(list)
        for row in (ProgressReport.objects.filter(relationship__in=ids)
                    .order_by("due_date", "created_at", "id")
                    .values_list("relationship_id", "author_id", "due_date", "satisfaction")):
            reports[row[0]].append(row[1:])
    results = []
    for rel in rels:
        own_rules = rules or rules_for(rel)
        versions = agreements[rel.pk]
        confirmed = next((a for a in versions if a.status == Agreement.Status.CONFIRMED), None)
        ever_confirmed = any(a.confirmed_at for a in versions)
        draft = next((a for a in versions if a.status == Agreement.Status.DRAFT), None)
        stamps = [getattr(rel, f"act_{i}") for i in range(len(activity_sources()))]
        stamps = [s for s in stamps + [rel.started_at] if s is not None and s <= now]
        written = {(author, due) for author, due, _s in reports[rel.pk]}
        overdue = []
        lookback = today - timedelta(days=own_rules.report_lookback_days)
        for due in due_dates(rel, today=today, agreements=versions):
            if lookback <= due and today > due + timedelta(days=OVERDUE_AFTER_DAYS):
                overdue += [due for person in (rel.mentee_id, rel.mentor_id)
                            if (person, due) not in written]
        too_old = now - timedelta(days=own_rules.feedback_request_days)
        old_requests = [t for t in open_requests[rel.pk] if t <= too_old]
        satisfaction = defaultdict(list)
        for author, _due, value in reports[rel.pk]:
            satisfaction[author].append(value)
        facts = Facts(
            relationship_id=rel.pk, started_at=rel.started_at,
            interval_days=_interval(confirmed) if confirmed else None,
            agreement_confirmed=ever_confirmed,
            draft_since=draft.created_at if draft and not ever_confirmed else None,
            last_held_at=rel.last_held_at, held_meetings=rel.held_count,
            last_activity_at=max(stamps) if stamps else None,
            old_open_requests=len(old_requests),
            oldest_open_request_at=min(old_requests) if old_requests else None,
            overdue_reports=overdue, satisfaction=dict(satisfaction))
        health = evaluate(facts, rules=own_rules, now=now,
                          tracked=rel.state == Relationship.State.ACTIVE)
        health.relationship = rel
        results.append(health)
    return results


def health_of(relationship, *, now: datetime | None = None) -> Health:
    """One relationship's health (the caller has checked access)."""
    return health_for(Relationship.objects.filter(pk=relationship.pk), now=now)[0]


def at_risk(relationships=None, *, now: datetime | None = None,
            rules: HealthRules | None = None) -> list[Health]:
    """Active relationships that need attention or are at risk, the worst first, then
    the longest without activity. For staff (the open community) and a program's
    coordinators (its relationships, with ``rules`` its thresholds)."""
    if relationships is None:
        relationships = community_relationships()
    found = [h for h in health_for(relationships.filter(state=Relationship.State.ACTIVE),
                                   now=now, rules=rules)
             if h.state != HealthState.HEALTHY]
    return sorted(found, key=lambda h: (-h.level, -(h.inactive_days or 0),
                                        h.relationship_id))


def health_counts(healths: list[Health]) -> dict:
    counts = {state: 0 for state in HealthState.values}
    for h in healths:
        if h.tracked:
            counts[h.state] += 1
    return counts

