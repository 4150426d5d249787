"""Programs run by coordinators: enrollment (applications, invitations, CSV imports),
matching runs with their proposed pairs, and re-match requests.

Coordinators see figures and states here, never a relationship's content."""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings
from django.db import models

from tandem.core.models import BaseModel
from tandem.programs.rules import DEFAULT_RULES, HealthRules

# The health thresholds a program sets (``health_<name>`` fields, see ``health_rules``).
HEALTH_RULE_FIELDS = ("meeting_attention_intervals", "meeting_risk_intervals",
                      "reports_overdue_attention", "reports_overdue_risk",
                      "feedback_request_days", "inactive_attention_days",
                      "inactive_risk_days", "auto_pause_days")

# The engine's score terms, in the order a coordinator sets their weights.
WEIGHT_TERMS = ("skills", "goals", "language", "timezone", "availability", "industry",
                "seniority", "preference")
DEFAULT_WEIGHTS = {"skills": 4, "goals": 2, "language": 1, "timezone": 1, "availability": 1,
                   "industry": 1, "seniority": 1, "preference": 3}


class JoinRule(models.TextChoices):
    OPEN = "open", "Anyone signed in may apply"
    INVITE = "invite", "Invited people only"
    DOMAIN = "domain", "People with an email address at one domain"


class Role(models.TextChoices):
    MENTEE = "mentee", "Mentee"
    MENTOR = "mentor", "Mentor"


class Program(BaseModel):
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=4000, help_text="Markdown")
    applications_open = models.DateField()
    applications_close = models.DateField()
    matching_date = models.DateField(null=True, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    join_rule = models.CharField(max_length=8, choices=JoinRule.choices, default=JoinRule.OPEN)
    email_domain = models.CharField(max_length=120, blank=True)
    mentee_questions = models.JSONField(default=list, blank=True)  # [str]
    mentor_questions = models.JSONField(default=list, blank=True)  # [str]
    weights = models.JSONField(default=dict, blank=True)  # term -> 0..10
    shared_language = models.BooleanField(default=False)
    max_timezone_gap = models.PositiveSmallIntegerField(null=True, blank=True)
    min_overlap_hours = models.PositiveSmallIntegerField(default=0)
    exclude_same_team = models.BooleanField(default=False)
    min_score = models.FloatField(null=True, blank=True)
    default_capacity = models.PositiveSmallIntegerField(default=2)
    request_expiry_days = models.PositiveSmallIntegerField(default=14)
    report_every_weeks = models.PositiveSmallIntegerField(default=4)
    agreement_objectives = models.JSONField(default=list, blank=True)  # [str]
    approval_required = models.BooleanField(
        default=False, help_text="Published matches wait for both people to accept them.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    coordinators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                          related_name="coordinated_programs")
    # Thresholds of the relationship health rules (tandem.programs.rules.HealthRules); the
    # defaults are the open community's.
    health_meeting_attention_intervals = models.FloatField(
        default=DEFAULT_RULES.meeting_attention_intervals)
    health_meeting_risk_intervals = models.FloatField(
        default=DEFAULT_RULES.meeting_risk_intervals)
    health_reports_overdue_attention = models.PositiveSmallIntegerField(
        default=DEFAULT_RULES.reports_overdue_attention)
    health_reports_overdue_risk = models.PositiveSmallIntegerField(
        default=DEFAULT_RULES.reports_overdue_risk)
    health_feedback_request_days = models.PositiveSmallIntegerField(
        default=DEFAULT_RULES.feedback_request_days)
    health_inactive_attention_days = models.PositiveSmallIntegerField(
        default=DEFAULT_RULES.inactive_attention_days)
    health_inactive_risk_days = models.PositiveSmallIntegerField(
        default=DEFAULT_RULES.inactive_risk_days)
    health_auto_pause_days = models.PositiveSmallIntegerField(
        default=DEFAULT_RULES.auto_pause_days)

    class Meta:
        ordering = ["-applications_open", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(applications_open__lte=models.F("applications_close")),
                name="program_window_in_order"),
            models.CheckConstraint(condition=models.Q(starts_on__lt=models.F("ends_on")),
                                   name="program_starts_before_it_ends"),
            models.CheckConstraint(condition=models.Q(join_rule__in=JoinRule.values),
                                   name="program_join_rule_valid"),
            models.CheckConstraint(condition=models.Q(default_capacity__lte=20),
                                   name="program_capacity_range"),
        ]

    def __str__(self) -> str:
        return f"Program #{self.pk}"

    def weight(self, term: str) -> int:
        return int((self.weights or {}).get(term, DEFAULT_WEIGHTS[term]))

    def health_rules(self) -> HealthRules:
        """The health rules of this program's mentorships: its own thresholds, the
        defaults for the rest."""
        return replace(DEFAULT_RULES, **{
            name: getattr(self, f"health_{name}") for name in HEALTH_RULE_FIELDS})


class ParticipantStatus(models.TextChoices):
    ACTIVE = "active", "Enrolled"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Source(models.TextChoices):
    APPLIED = "applied", "Applied"
    INVITED = "invited", "Invited"
    IMPORTED = "imported", "Imported"


class Participant(BaseModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="program_participations")
    role = models.CharField(max_length=6, choices=Role.choices)
    status = models.CharField(max_length=10, choices=ParticipantStatus.choices,
                              default=ParticipantStatus.ACTIVE)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.APPLIED)
    capacity = models.PositiveSmallIntegerField(default=0)  # mentors: mentees in this program
    answers = models.JSONField(default=list, blank=True)  # [{"question": str, "answer": str}]
    team = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "user"], name="one_participation"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values),
                                   name="participant_role_valid"),
            models.CheckConstraint(condition=models.Q(capacity__lte=20),
                                   name="participant_capacity_range"),
        ]

    def __str__(self) -> str:
        return f"Participant #{self.pk} ({self.role})"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    REVOKED = "revoked", "Revoked"


class Invitation(BaseModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()  # stored lower-cased
    role = models.CharField(max_length=6, choices=Role.choices)
    capacity = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=InvitationStatus.choices,
                              default=InvitationStatus.PENDING)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "email"],
                                    condition=models.Q(status="pending"),
                                    name="one_pending_invitation"),
        ]

    def __str__(self) -> str:
        return f"Invitation #{self.pk} ({self.status})"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    CHECKING = "checking", "Checking the rows"
    INVALID = "invalid", "Some rows have errors"
    IMPORTING = "importing", "Importing"
    DONE = "done", "Imported"
    DISCARDED = "discarded", "Discarded"
    FAILED = "failed", "Failed"


class ImportJob(BaseModel):
    """One uploaded CSV file: checked in the background, then imported whole, or (when
    some rows have errors and the coordinator says so) its valid rows only."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="imports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    filename = models.CharField(max_length=200, blank=True)
    content = models.TextField(blank=True)  # the decoded file, emptied once imported
    status = models.CharField(max_length=10, choices=ImportStatus.choices,
                              default=ImportStatus.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(default=0)
    imported_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{"row", "field", "reason"}]
    import_valid = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status in (ImportStatus.DONE, ImportStatus.INVALID) else 0
        return min(100, self.processed_rows * 100 // self.total_rows)

    @property
    def is_running(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.CHECKING,
                               ImportStatus.IMPORTING)


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Matching"
    READY = "ready", "Ready for review"
    FAILED = "failed", "Failed"
    PUBLISHED = "published", "Published"
    REPLACED = "replaced", "Replaced by a newer run"


class MatchingRun(BaseModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="runs")
    # "Run #1" is a program's first run: numbered per program (set on the first save).
    number = models.PositiveIntegerField()
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=RunStatus.choices,
                              default=RunStatus.QUEUED)
    mode = models.CharField(max_length=8, default="optimal")
    mentees = models.PositiveIntegerField(default=0)
    mentors = models.PositiveIntegerField(default=0)
    unmatched = models.JSONField(default=dict, blank=True)  # str(user id) -> reason
    total_score = models.FloatField(default=0)
    error = models.CharField(max_length=300, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=RunStatus.values),
                                   name="run_status_valid"),
            models.UniqueConstraint(fields=["program", "number"], name="one_run_number"),
        ]

    def __str__(self) -> str:
        return f"Matching run #{self.pk} ({self.status})"

    def save(self, *args, **kwargs):
        # Every way a run is made (a coordinator's start, a re-run, the demo) numbers it
        # after its program's last run; two at once collide on one_run_number instead.
        if self.number is None:
            last = (MatchingRun.objects.filter(program_id=self.program_id)
                    .aggregate(n=models.Max("number"))["n"])
            self.number = (last or 0) + 1
        super().save(*args, **kwargs)

    @property
    def is_running(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)


class PairStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    REMOVED = "removed", "Removed"
    AWAITING = "awaiting", "Waiting for both to accept"
    DECLINED = "declined", "Declined"
    STARTED = "started", "Mentorship started"
    NOT_STARTED = "not_started", "Could not start"
    EXPIRED = "expired", "Expired unanswered"


LIVE_PAIR_STATES = (PairStatus.PROPOSED, PairStatus.AWAITING, PairStatus.STARTED)


class MatchPair(BaseModel):
    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="pairs")
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    score = models.FloatField(default=0)
    contributions = models.JSONField(default=dict, blank=True)  # term -> weighted value
    locked = models.BooleanField(default=False)
    manual = models.BooleanField(default=False)
    warnings = models.JSONField(default=list, blank=True)  # [str]
    status = models.CharField(max_length=12, choices=PairStatus.choices,
                              default=PairStatus.PROPOSED)
    mentee_accepted_at = models.DateTimeField(null=True, blank=True)
    mentor_accepted_at = models.DateTimeField(null=True, blank=True)
    # A match that needs both approvals expires unanswered at this moment (the program's
    # request_expiry_days after publishing).
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    relationship = models.ForeignKey("mentorships.Relationship", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=200, blank=True)  # why it could not start

    class Meta:
        ordering = ["-locked", "-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "mentee"],
                condition=models.Q(status__in=["proposed", "awaiting", "started"]),
                name="one_live_pair_per_mentee"),
            models.CheckConstraint(condition=~models.Q(mentee=models.F("mentor")),
                                   name="pair_not_with_self"),
        ]

    def __str__(self) -> str:
        return f"Pair #{self.pk} ({self.status})"

    def top_reasons(self, n: int = 3) -> list[tuple[str, float]]:
        items = [(k, v) for k, v in (self.contributions or {}).items() if v > 0.005]
        return sorted(items, key=lambda kv: -kv[1])[:n]


class RematchStatus(models.TextChoices):
    OPEN = "open", "Waiting for the coordinator"
    DONE = "done", "Ended for a re-match"
    DISMISSED = "dismissed", "Dismissed"


class RematchRequest(BaseModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="rematches")
    relationship = models.ForeignKey("mentorships.Relationship", on_delete=models.CASCADE,
                                     related_name="rematch_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                     related_name="+")
    # Written to the coordinators by one party: the one piece of text they read.
    reason = models.TextField(max_length=2000)
    status = models.CharField(max_length=10, choices=RematchStatus.choices,
                              default=RematchStatus.OPEN)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["relationship"], condition=models.Q(status="open"),
                                    name="one_open_rematch_per_relationship"),
        ]

    def __str__(self) -> str:
        return f"Re-match request #{self.pk} ({self.status})"
