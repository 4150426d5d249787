"""Reads for accounts and profiles, prefetched so a page costs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from tandem.accounts.choices import WEEKDAYS
from tandem.accounts.models import (
    AccessToken,
    AvailabilityWindow,
    CareerGoal,
    Profile,
    ProfileLanguage,
    User,
)


def profile_queryset() -> QuerySet[Profile]:
    return Profile.objects.select_related("user").prefetch_related(
        "skills_offered",
        "skills_wanted",
        "interests",
        "industries",
        Prefetch("languages", queryset=ProfileLanguage.objects.order_by("code")),
        Prefetch("availability", queryset=AvailabilityWindow.objects.order_by(
            "weekday", "start_minute")),
    )


def profile_of(user: User) -> Profile:
    """The user's own profile, fully loaded (made on first need)."""
    from tandem.accounts.services import profile_ensure

    profile_ensure(user=user)
    return profile_queryset().get(user=user)


def profile_with_figures(user: User, **annotations) -> Profile:
    """The user's own profile with what ``profile_completeness`` needs and the
    ``goal_count``, plus any other ``annotations`` (the home's probes, each an expression
    that names no column of the profile), in one query (made on first need). Its
    relations (skills, languages...) are not loaded: for pages that show the figures."""
    from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    mine = {"profile": OuterRef("pk")}
    filled = {
        "filled_languages": Exists(ProfileLanguage.objects.filter(**mine)),
        "filled_availability": Exists(AvailabilityWindow.objects.filter(**mine)),
        "filled_skills_offered": Exists(Profile.skills_offered.through.objects.filter(**mine)),
        "filled_skills_wanted": Exists(Profile.skills_wanted.through.objects.filter(**mine)),
    }
    goals = (CareerGoal.objects.filter(user=OuterRef("user")).order_by().values("user")
             .annotate(n=Count("id")).values("n"))
    query = Profile.objects.filter(user=user).annotate(
        **filled, goal_count=Coalesce(Subquery(goals[:1]), 0, output_field=IntegerField()),
        **annotations)
    profile = query.first()
    if profile is None:
        from tandem.accounts.services import profile_ensure

        profile_ensure(user=user)
        profile = query.get()
    profile.user = user
    return profile


def _filled(profile: Profile, relation: str) -> bool:
    """Whether ``profile.<relation>`` has anything: from the annotation when the profile
    came from :func:`profile_with_figures`, else from the prefetched relation."""
    name = "filled_" + relation
    if hasattr(profile, name):
        return bool(getattr(profile, name))
    return bool(getattr(profile, relation).all())


def goals_of(user: User) -> QuerySet[CareerGoal]:
    return (CareerGoal.objects.filter(user=user).prefetch_related("milestones")
            .order_by("position", "id"))


def tokens_of(user: User) -> QuerySet[AccessToken]:
    return AccessToken.objects.filter(user=user).order_by("revoked_at", "-created_at")


@dataclass
class Completeness:
    percent: int
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing


def profile_completeness(profile: Profile, *, goal_count: int) -> Completeness:
    """What a person still has to fill in for others (or matching) to find them well.
    Reads only prefetched relations (or the annotations of :func:`profile_with_figures`),
    so it adds no queries to a profile page."""
    checks: list[tuple[bool, str]] = [
        (bool(profile.display_name), "your name"),
        (bool(profile.headline), "a headline"),
        (len(profile.bio) >= 40, "a short bio (a few sentences)"),
        (profile.is_mentee or profile.is_mentor, "whether you want a mentor, to mentor, or both"),
        (_filled(profile, "languages"), "the languages you speak"),
        (profile.timezone != "UTC" or bool(profile.location), "your timezone"),
        (_filled(profile, "availability"), "when you are available each week"),
        (bool(profile.meeting_channels), "how you like to meet"),
    ]
    if profile.is_mentor:
        checks += [
            (_filled(profile, "skills_offered"), "the skills you can offer"),
            (profile.mentor_capacity > 0, "how many mentees you can take"),
        ]
    if profile.is_mentee:
        checks += [
            (_filled(profile, "skills_wanted"), "the skills you want to grow"),
            (goal_count > 0, "at least one career goal"),
            (bool(profile.feedback_notes) or profile.feedback_format != "either",
             "how you prefer to receive feedback"),
        ]
    done = sum(1 for ok, _ in checks if ok)
    return Completeness(
        percent=round(100 * done / len(checks)),
        missing=[label for ok, label in checks if not ok],
    )


def timezone_unchosen(profile: Profile) -> bool:
    """Whether nobody has chosen this profile's timezone yet: still the default UTC on a
    profile without a role (a new account). The profile page then lets the browser fill in
    its own zone, and never overrides a UTC someone picked on purpose later."""
    default = Profile._meta.get_field("timezone").default
    return profile.timezone == default and not (profile.is_mentor or profile.is_mentee)


def own_profile(user: User) -> Profile:
    """The person's own profile as "My profile" shows it (page and API): with how complete
    it is (``completeness``, a percent) and what is missing (``missing``)."""
    profile = profile_of(user)
    completeness = profile_completeness(profile, goal_count=goals_of(user).count())
    profile.completeness = completeness.percent
    profile.missing = completeness.missing
    return profile


@dataclass
class ShownWindow:
    weekday: int
    start: str
    end: str

    @property
    def day(self) -> str:
        return WEEKDAYS[self.weekday]


def windows_in_zone(windows, viewer_tz: str, *, owner_tz: str | None = None,
                    now: datetime | None = None) -> list[ShownWindow]:
    """Someone's weekly windows as the viewer would see them on their own clock. A window
    that crosses midnight in the viewer's zone is shown as two pieces.

    Give ``owner_tz``, the window owner's timezone: each window is then placed on this
    week's calendar in the owner's zone from the weekday and times they entered, so it
    keeps its local time across daylight-saving changes on either side. Without it the
    stored UTC minutes are used, which are only as fresh as the last offset refresh."""
    now = now or timezone.now()
    if owner_tz is not None:
        return _calendar_windows(windows, ZoneInfo(owner_tz), ZoneInfo(viewer_tz), now)
    zone = ZoneInfo(viewer_tz)
    offset = int(now.astimezone(zone).utcoffset().total_seconds() // 60)
    week = 7 * 1440
    pieces: list[ShownWindow] = []
    for window in windows:
        start = (window.utc_start + offset) % week
        end = start + (window.utc_end - window.utc_start)
        while start < end:
            day_end = (start // 1440 + 1) * 1440
            stop = min(end, day_end)
            weekday = (start // 1440) % 7
            pieces.append(ShownWindow(
                weekday=weekday,
                start=AvailabilityWindow.label(start % 1440),
                end=AvailabilityWindow.label(stop - (start // 1440) * 1440),
            ))
            start = stop
    pieces.sort(key=lambda p: (p.weekday, p.start))
    return pieces


def _wall_clock(zone: ZoneInfo, day: date, minute: int) -> datetime:
    """``minute`` minutes after midnight of ``day`` on the wall clock in ``zone``, as UTC."""
    day += timedelta(days=minute // 1440)
    minute %= 1440
    return datetime(day.year, day.month, day.day, minute // 60, minute % 60,
                    tzinfo=zone).astimezone(UTC)


def _calendar_windows(windows, owner: ZoneInfo, viewer: ZoneInfo,
                      now: datetime) -> list[ShownWindow]:
    today = now.astimezone(owner).date()
    monday = today - timedelta(days=today.weekday())  # the owner's current week
    pieces: list[ShownWindow] = []
    for window in windows:
        day = monday + timedelta(days=window.weekday)
        # Instants compared in UTC: aware datetimes sharing a zone compare by wall time.
        start = _wall_clock(owner, day, window.start_minute)
        end = _wall_clock(owner, day, window.end_minute)
        while start < end:
            local = start.astimezone(viewer)
            midnight = _wall_clock(viewer, local.date(), 1440)
            stop = min(end, midnight)
            stop_local = stop.astimezone(viewer)
            pieces.append(ShownWindow(
                weekday=local.weekday(),
                start=AvailabilityWindow.label(local.hour * 60 + local.minute),
                end=AvailabilityWindow.label(
                    1440 if stop == midnight else stop_local.hour * 60 + stop_local.minute),
            ))
            start = stop
    pieces.sort(key=lambda p: (p.weekday, p.start))
    return pieces


def local_time(tz_name: str, *, now: datetime | None = None) -> datetime:
    return (now or timezone.now()).astimezone(ZoneInfo(tz_name))


def offset_label(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{mins:02d}" if mins else "")


def runs_the_community(user: User) -> bool:
    """Coordinators and staff have a role of their own: they need not choose mentee or
    mentor."""
    return bool(user.is_coordinator or user.is_staff)


def needs_welcome(user: User, profile: Profile) -> bool:
    """Whether signing in should lead to the first-run wizard: the person has neither
    finished nor skipped it, and their profile is still empty (no name, no role). People
    who run the community go home as before."""
    if profile.welcomed_at is not None or runs_the_community(user):
        return False
    return not (profile.display_name.strip() or profile.is_mentee or profile.is_mentor)


def welcome_prefills_timezone(profile: Profile) -> bool:
    """Whether the wizard's timezone step lets the browser fill in its own zone: the
    default UTC on a profile that has not been through the wizard yet."""
    default = Profile._meta.get_field("timezone").default
    return profile.timezone == default and profile.welcomed_at is None
