from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models

from tandem.accounts.choices import (
    LANGUAGES,
    WEEKDAYS,
    FeedbackFormat,
    FeedbackStyle,
    FeedbackTiming,
    GoalHorizon,
    GoalStatus,
    GoalVisibility,
)
from tandem.core.models import BaseModel

MINUTES_PER_WEEK = 7 * 24 * 60
MAX_CAPACITY = 20  # the most mentees one mentor may take at once


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """One account per person; the email address is the login."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    is_coordinator = models.BooleanField(
        default=False, help_text="May create and run mentoring programs."
    )
    # A copy of ``Profile.timezone``, kept equal by the accounts services that write it:
    # the authentication middleware loads this row on every request anyway, so pages
    # show times in the person's zone without a Profile query (UserTimezoneMiddleware).
    timezone = models.CharField(max_length=64, default="UTC", editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta(AbstractUser.Meta):
        # The few inactive accounts: the directory leaves them out with NOT IN (this list)
        # instead of joining every mentor's user row (tandem/directory/selectors.py).
        indexes = [models.Index(fields=["id"], condition=models.Q(is_active=False),
                                name="user_inactive")]

    def __str__(self) -> str:
        return self.email

    @property
    def display_name(self) -> str:
        profile = getattr(self, "profile", None)
        if profile is not None and profile.display_name:
            return profile.display_name
        # Never a piece of the email address: this name is shown to other people.
        return f"Tandem member #{self.pk}"


class Tag(models.Model):
    """A normalized label for skills, interests and industries ("Python", "python " and
    "PYTHON" are one tag, slug ``python``)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Profile(BaseModel):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    display_name = models.CharField(max_length=80, blank=True)
    headline = models.CharField(max_length=140, blank=True)
    bio = models.TextField(blank=True, help_text="Markdown")
    is_mentee = models.BooleanField("I want a mentor", default=False)
    is_mentor = models.BooleanField("I want to mentor", default=False)

    skills_offered = models.ManyToManyField(Tag, blank=True, related_name="offered_by")
    skills_wanted = models.ManyToManyField(Tag, blank=True, related_name="wanted_by")
    interests = models.ManyToManyField(Tag, blank=True, related_name="interested")
    industries = models.ManyToManyField(Tag, blank=True, related_name="in_industry")

    timezone = models.CharField(max_length=64, default="UTC")
    # The zone's offset from UTC when last refreshed; lets the directory filter by a range
    # of offsets in SQL. ``tandem refresh_timezones`` keeps it true across DST changes.
    utc_offset_minutes = models.SmallIntegerField(default=0, db_index=True)
    location = models.CharField(max_length=120, blank=True)
    experience_years = models.PositiveSmallIntegerField(null=True, blank=True)

    mentor_capacity = models.PositiveSmallIntegerField(default=0)
    # Maintained by the mentorship services with a conditional UPDATE, so the capacity
    # check holds under concurrency on every database.
    places_taken = models.PositiveSmallIntegerField(default=0)
    # When the person hid the dashboard's "Getting started" steps (None: shown until done).
    onboarding_hidden_at = models.DateTimeField(null=True, blank=True)
    # When the person finished or skipped the first-run wizard (None: not yet); until then
    # an empty profile sends them there after signing in.
    welcomed_at = models.DateTimeField(null=True, blank=True)
    open_to_requests = models.BooleanField(default=False)
    meeting_channels = models.JSONField(default=list, blank=True)

    feedback_format = models.CharField(
        max_length=16, choices=FeedbackFormat.choices, default=FeedbackFormat.EITHER
    )
    feedback_style = models.CharField(
        max_length=16, choices=FeedbackStyle.choices, default=FeedbackStyle.DIRECT
    )
    feedback_timing = models.CharField(
        max_length=16, choices=FeedbackTiming.choices, default=FeedbackTiming.AT_MEETINGS
    )
    feedback_notes = models.CharField(max_length=500, blank=True)

    # Lower-cased name, headline, bio, skills and industries: one column the directory's
    # text search scans instead of joining four tables per row.
    search_text = models.TextField(blank=True, editable=False)
    # The directory's availability and language filters read these instead of every
    # availability window and language row (tandem/accounts/weekbits.py): the hours of
    # the UTC week some window touches and those windows cover fully, 56 a column, and
    # the language codes between spaces (" en pt "). Kept by the accounts services.
    avail_any_0 = models.BigIntegerField(default=0, editable=False)
    avail_any_1 = models.BigIntegerField(default=0, editable=False)
    avail_any_2 = models.BigIntegerField(default=0, editable=False)
    avail_full_0 = models.BigIntegerField(default=0, editable=False)
    avail_full_1 = models.BigIntegerField(default=0, editable=False)
    avail_full_2 = models.BigIntegerField(default=0, editable=False)
    language_codes = models.CharField(max_length=400, blank=True, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mentor_capacity__lte=MAX_CAPACITY), name="profile_capacity_max"
            ),
            models.CheckConstraint(
                condition=models.Q(utc_offset_minutes__gte=-720, utc_offset_minutes__lte=840),
                name="profile_utc_offset_range",
            ),
        ]
        indexes = [
            models.Index(fields=["is_mentor", "open_to_requests"]),
            # The directory's search reads only mentors, and only these columns (besides
            # search_text, which migrations 0007 and 0008 add to it on SQLite): counting and sorting
            # 33,000 mentors of 100,000 people reads this index, not the whole table. The
            # offset first, so that a time-zone filter reads a range of it.
            models.Index(
                fields=["utc_offset_minutes", "user", "open_to_requests", "mentor_capacity",
                        "places_taken", "display_name", "experience_years", "created_at",
                        "language_codes", "avail_any_0", "avail_any_1", "avail_any_2",
                        "avail_full_0", "avail_full_1", "avail_full_2"],
                condition=models.Q(is_mentor=True), name="profile_mentor_directory"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.user.email

    @property
    def free_places(self) -> int:
        return max(self.mentor_capacity - self.places_taken, 0)

    @property
    def meeting_channel_labels(self) -> list[str]:
        from tandem.accounts.choices import Channel

        labels = dict(Channel.choices)
        return [labels[c] for c in self.meeting_channels if c in labels]

    @property
    def has_free_places(self) -> bool:
        return self.is_mentor and self.open_to_requests and self.free_places > 0


class ProfileLanguage(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(max_length=8, choices=sorted(LANGUAGES.items()))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "code"], name="profile_language_once")
        ]
        indexes = [models.Index(fields=["code", "profile"])]

    def __str__(self) -> str:
        return LANGUAGES.get(self.code, self.code)

    @property
    def name(self) -> str:
        return LANGUAGES.get(self.code, self.code)


class AvailabilityWindow(models.Model):
    """A weekly window when the person can meet, as entered in their own timezone, plus the
    same window as minutes of a UTC week (Monday 00:00 UTC = 0) for comparing people.

    ``utc_end`` may pass the end of the week (up to 10080 + 1440) when a window wraps from
    Sunday into Monday in UTC; overlap tests shift by a week to account for it.
    """

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(choices=list(enumerate(WEEKDAYS)))
    start_minute = models.PositiveSmallIntegerField()  # local, 0..1439
    end_minute = models.PositiveSmallIntegerField()  # local, 1..1440
    utc_start = models.IntegerField()
    utc_end = models.IntegerField()

    class Meta:
        ordering = ["weekday", "start_minute"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_minute__lt=models.F("end_minute"), end_minute__lte=1440),
                name="availability_start_before_end",
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__lte=6), name="availability_weekday_range"
            ),
        ]
        indexes = [models.Index(fields=["utc_start", "utc_end"])]

    def __str__(self) -> str:
        return f"{WEEKDAYS[self.weekday]} {self.start_label}-{self.end_label}"

    @staticmethod
    def label(minute: int) -> str:
        return f"{minute // 60:02d}:{minute % 60:02d}"

    @property
    def start_label(self) -> str:
        return self.label(self.start_minute)

    @property
    def end_label(self) -> str:
        return self.label(self.end_minute)


class CareerGoal(BaseModel):
    """A mentee's career goal or objective, written SMART: what (title), why it matters,
    how success is measured, by when (target date, horizon). Its status and progress are
    the mentee's; who sees it is their choice (``visibility`` and, for "chosen",
    ``growth.GoalShare`` rows; the one rule is ``growth.selectors.goals_shared_with``)."""

    Status = GoalStatus

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="career_goals"
    )
    title = models.CharField(max_length=120)
    # title.casefold(), kept by the goal services: "Straße" and "STRASSE" are one title on
    # every database (SQLite's LOWER folds ASCII only). casefold() can triple a character.
    title_key = models.CharField(max_length=360, editable=False)
    why = models.TextField("why it matters", blank=True, max_length=2000)
    measure = models.TextField("how success is measured", blank=True, max_length=1000)
    target_date = models.DateField(null=True, blank=True)
    horizon = models.CharField(
        max_length=8, choices=GoalHorizon.choices, default=GoalHorizon.ONE_YEAR
    )
    status = models.CharField(max_length=12, choices=GoalStatus.choices,
                              default=GoalStatus.NOT_STARTED)
    # When it was achieved or dropped; empty while it is open.
    closed_at = models.DateTimeField(null=True, blank=True)
    # Progress set by hand (0-100); None: derived from the milestones.
    progress_manual = models.PositiveSmallIntegerField(null=True, blank=True)
    visibility = models.CharField(
        max_length=8, choices=GoalVisibility.choices, default=GoalVisibility.MENTORS
    )
    # When the mentee last changed who sees the goal. A goal attached to a mentoring
    # request counts as shared with that mentorship until the mentee changes this after
    # the request (see goals_shared_with); None for goals never changed since.
    visibility_changed_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "title_key"], name="career_goal_title_unique_per_user",
                violation_error_message="You already have a goal with this title.",
            ),
            models.CheckConstraint(condition=models.Q(status__in=GoalStatus.values),
                                   name="career_goal_status_valid"),
            models.CheckConstraint(condition=models.Q(visibility__in=GoalVisibility.values),
                                   name="career_goal_visibility_valid"),
            models.CheckConstraint(
                condition=models.Q(progress_manual__isnull=True)
                | models.Q(progress_manual__gte=0, progress_manual__lte=100),
                name="career_goal_progress_0_to_100"),
            # Closed goals say when; open ones do not.
            models.CheckConstraint(
                condition=models.Q(status__in=GoalStatus.closed(), closed_at__isnull=False)
                | (~models.Q(status__in=GoalStatus.closed()) & models.Q(closed_at__isnull=True)),
                name="career_goal_closed_at_iff_closed"),
        ]

    def __str__(self) -> str:
        # Not the title: goals are the mentee's own writing, and str() ends up in admin
        # pages, delete confirmations and the admin's history.
        return f"Career goal #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status not in GoalStatus.closed()


class AccessToken(BaseModel):
    """A personal access token for the API. Only a SHA-256 hash of the secret is stored;
    the secret is shown once, when the token is made."""

    PREFIX = "tdm_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    name = models.CharField(max_length=80)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text="The first characters, to recognise it")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def hash(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
