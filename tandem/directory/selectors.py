"""The mentor directory's search: one function shared by the page and the API.

It costs a constant number of queries for any page (count, page ids, the page's rows and
one prefetch per relation shown). bench/directory_search.py prints the timings at 10,000
mentors on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.functions import Lower
from django.db.models.lookups import GreaterThan

from tandem.accounts import weekbits
from tandem.accounts.choices import LANGUAGES
from tandem.accounts.models import (
    MINUTES_PER_WEEK,
    AvailabilityWindow,
    Profile,
    ProfileLanguage,
    Tag,
    User,
)
from tandem.core.errors import ValidationFailed
from tandem.core.validation import reject_nul_characters

# Names sort without regard to case ("anna" before "Marta"), on every database.
SORTS = {
    "available": ("Available first", ["-has_room", Lower("display_name"), "id"]),
    "name": ("Name", [Lower("display_name"), "id"]),
    "newest": ("Newest", ["-created_at", "-id"]),
    "experience": ("Most experienced", [F("experience_years").desc(nulls_last=True), "id"]),
}
PAGE_SIZE = 20
MAX_PAGE = 500


@dataclass
class DirectoryQuery:
    q: str = ""
    skills: list[str] = field(default_factory=list)  # tag slugs; a mentor must offer all
    language: str = ""
    industry: str = ""
    offset_min: int | None = None  # minutes from UTC, inclusive
    offset_max: int | None = None
    within_hours: int | None = None  # of the viewer's own offset
    overlaps_mine: bool = False
    has_free_places: bool = False
    sort: str = "available"
    page: int = 1

    def validate(self) -> None:
        reject_nul_characters({"q": self.q, "skill": self.skills, "language": self.language,
                               "industry": self.industry, "sort": self.sort})
        errors = []
        if len(self.q) > 200:
            errors.append({"field": "q", "message": "At most 200 characters."})
        if self.language and self.language not in LANGUAGES:
            errors.append({"field": "language", "message": f"Unknown language code {self.language!r}."})
        for name in ("offset_min", "offset_max"):
            value = getattr(self, name)
            if value is not None and not -720 <= value <= 840:
                errors.append({"field": name, "message": "A UTC offset lies between -720 and +840 minutes."})
        if (self.offset_min is not None and self.offset_max is not None
                and self.offset_min > self.offset_max):
            errors.append({"field": "offset_max", "message": "The range ends before it starts."})
        if self.within_hours is not None and not 0 <= self.within_hours <= 12:
            errors.append({"field": "within_hours", "message": "Between 0 and 12 hours."})
        if self.sort not in SORTS:
            errors.append({"field": "sort", "message": f"Use one of {', '.join(SORTS)}."})
        if not 1 <= self.page <= MAX_PAGE:
            errors.append({"field": "page", "message": f"Pages run from 1 to {MAX_PAGE}."})
        if len(self.skills) > 10:
            errors.append({"field": "skill", "message": "At most 10 skills at once."})
        if errors:
            raise ValidationFailed(errors[0]["message"], field=errors[0]["field"], errors=errors)


@dataclass
class DirectoryPage:
    results: list[Profile]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        # Never more pages than a query may ask for: a link to page 501 would be refused.
        return min(MAX_PAGE, max(1, -(-self.total // self.page_size)))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def overlap_condition(windows) -> Q | None:
    """SQL condition on AvailabilityWindow rows: overlaps any of ``windows`` (UTC minutes
    of the week). Windows may run past the week's end, so each test is also made one week
    earlier and later."""
    condition = None
    for window in windows:
        for shift in (-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK):
            part = Q(utc_start__lt=window.utc_end + shift, utc_end__gt=window.utc_start + shift)
            condition = part if condition is None else condition | part
    return condition


def overlap_filter(windows) -> Q | None:
    """Condition on profiles: some availability window overlaps one of ``windows``
    (exactly as ``overlap_condition``), read from the profiles' hour sets
    (tandem/accounts/weekbits.py). An hour that one side covers fully and the other
    touches decides it; only hours both touch without covering (windows starting or ending
    within the hour) need the windows themselves, and only for the profiles that have them.
    None when ``windows`` is empty."""
    windows = list(windows)
    if not windows:
        return None
    touched, full = weekbits.hour_sets((w.utc_start, w.utc_end) for w in windows)
    partial = tuple(t & ~f for t, f in zip(touched, full, strict=True))
    sure: list = []
    maybe: list = []
    for index in range(weekbits.WORDS):
        any_column, full_column = F(weekbits.ANY_FIELDS[index]), F(weekbits.FULL_FIELDS[index])
        if full[index]:
            sure.append(GreaterThan(any_column.bitand(full[index]), 0))
        if touched[index]:
            sure.append(GreaterThan(full_column.bitand(touched[index]), 0))
        if partial[index]:
            maybe.append(GreaterThan(any_column.bitand(partial[index]), 0))
    condition = Q()
    for part in sure:
        condition |= Q(part)
    if maybe:
        in_partial_hours = Q()
        for part in maybe:
            in_partial_hours |= Q(part)
        exact = Exists(AvailabilityWindow.objects.filter(
            overlap_condition(windows), profile_id=OuterRef("pk")))
        condition |= in_partial_hours & Q(exact)
    return condition


def mentor_search(*, viewer: User, query: DirectoryQuery) -> DirectoryPage:
    """A page of mentors matching ``query``, as ``viewer`` may see them."""
    query.validate()
    # NOT IN (the few inactive accounts) rather than a join to every mentor's user row:
    # with the mentors' partial index (accounts migration 0006) counting 33,000 mentors
    # then reads one index, not the profile and user tables (bench/directory_search.py).
    inactive = User.objects.filter(is_active=False).values("pk")
    mentors: QuerySet[Profile] = Profile.objects.filter(is_mentor=True).exclude(
        user_id__in=inactive)
    if viewer.is_authenticated:
        mentors = mentors.exclude(user=viewer)
    for term in query.q.lower().split()[:8]:
        mentors = mentors.filter(search_text__contains=term)
    # IN (the profiles with the tag) rather than EXISTS per mentor: the list is built once.
    for slug in query.skills:
        mentors = mentors.filter(pk__in=Profile.skills_offered.through.objects.filter(
            tag__slug=slug).values("profile_id"))
    if query.industry:
        mentors = mentors.filter(pk__in=Profile.industries.through.objects.filter(
            tag__slug=query.industry).values("profile_id"))
    if query.language:
        # The profile's own column rather than a join to the language rows: "en" alone
        # matches most of 100,000 rows.
        mentors = mentors.filter(language_codes__contains=f" {query.language} ")
    if query.offset_min is not None:
        mentors = mentors.filter(utc_offset_minutes__gte=query.offset_min)
    if query.offset_max is not None:
        mentors = mentors.filter(utc_offset_minutes__lte=query.offset_max)
    if query.within_hours is not None and viewer.is_authenticated:
        mine = Profile.objects.filter(user=viewer).values_list("utc_offset_minutes", flat=True)
        own_offset = mine.first() or 0
        span = query.within_hours * 60
        mentors = mentors.filter(utc_offset_minutes__gte=own_offset - span,
                                 utc_offset_minutes__lte=own_offset + span)
    if query.overlaps_mine and viewer.is_authenticated:
        my_windows = list(AvailabilityWindow.objects.filter(profile__user=viewer))
        condition = overlap_filter(my_windows)
        if condition is None:
            mentors = mentors.none()  # with no windows of mine nothing can overlap
        else:
            mentors = mentors.filter(condition)
    has_room = Q(open_to_requests=True, mentor_capacity__gt=F("places_taken"))
    if query.has_free_places:
        mentors = mentors.filter(has_room)
    mentors = mentors.alias(has_room=ExpressionWrapper(has_room, output_field=BooleanField()))

    total = mentors.count()
    start = (query.page - 1) * PAGE_SIZE
    ordering = SORTS[query.sort][1]
    page_ids = list(mentors.order_by(*ordering).values_list("pk", flat=True)[start:start + PAGE_SIZE])
    # Only what a result card shows: loading every relation of the profile cost 4 more
    # queries and a few milliseconds per search.
    rows = Profile.objects.select_related("user").prefetch_related(
        "skills_offered", Prefetch("languages", queryset=ProfileLanguage.objects.order_by("code"))
    ).filter(pk__in=page_ids)
    by_id = {p.pk: p for p in rows}
    return DirectoryPage(
        results=[by_id[pk] for pk in page_ids if pk in by_id],
        total=total, page=query.page, page_size=PAGE_SIZE,
    )


FACETS_CACHE_SECONDS = 60


def directory_facets() -> dict:
    """Skill and industry choices for the filter form: tags some mentor offers. Cached for
    a minute, as every directory page and htmx swap needs them and they change slowly."""

    def used(through) -> list[dict]:
        mentor_rows = through.objects.filter(tag_id=OuterRef("pk"), profile__is_mentor=True)
        return list(Tag.objects.filter(Exists(mentor_rows)).order_by("name").values("slug", "name"))

    return cache.get_or_set("directory:facets", lambda: {
        "skills": used(Profile.skills_offered.through),
        "industries": used(Profile.industries.through),
    }, FACETS_CACHE_SECONDS)
