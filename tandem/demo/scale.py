"""``tandem demo --scale N``: a large, valid dataset for load tests and benchmarks.

N people (a third mentors, the rest mentees), N/2 mentorships (each from an accepted
request, with a confirmed agreement), 5 meetings, 2 feedback entries and about 2
progress reports per person, 2 career goals per mentee and 5 notifications per person.
At N=10,000 that is 10,000 people, 5,000 mentorships, 50,000 meetings and 20,000
feedback entries.

Speed matters more than realism of every row, so this writes plain rows with one prepared
``INSERT`` per table (``_insert``: no model instances, no per-row services, no SQL built per
batch; generated and written in chunks, so memory stays flat at N=100,000), but keeps every
row valid: the database constraints hold, states agree
with each other (an accepted request per mentorship, one confirmed agreement, a mentor's
``places_taken`` equal to their open mentorships and within capacity, held meetings in
the past and scheduled ones in the future, closed goals with ``closed_at``). One password
hash is shared by everyone (hashing 10,000 passwords would take an hour).

At N=100,000 it takes about 90 seconds on SQLite (bench/README.md, "100,000 people").
"""

from __future__ import annotations

import itertools
import operator
import random
import time
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import UTC, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from tandem.accounts.models import (
    AvailabilityWindow,
    CareerGoal,
    Profile,
    ProfileLanguage,
    Tag,
    User,
)
from tandem.accounts.services import _to_utc, zone_offset_minutes
from tandem.accounts.weekbits import hour_columns, language_codes_text
from tandem.demo.people import REGIONS, TRACKS, WANTS

EMAIL_DOMAIN = "scale.tandem.test"
CHUNK = 5000  # rows per executemany
# Field types whose Python values the database driver takes as they are; the others (dates,
# JSON, UUIDs...) go through the field's get_db_prep_save.
PLAIN_TYPES = {"AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField",
               "EmailField", "ForeignKey", "IntegerField", "OneToOneField",
               "PositiveBigIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
               "SlugField", "SmallIntegerField", "TextField"}

FIRST = ["Ada", "Ben", "Chen", "Dara", "Elif", "Femi", "Gita", "Hugo", "Ines", "Jun",
         "Kofi", "Lara", "Mateo", "Nia", "Omar", "Pia", "Quinn", "Rosa", "Sami", "Tara",
         "Uma", "Vik", "Wen", "Xavi", "Yara", "Zane"]
LAST = ["Abara", "Berg", "Costa", "Dubois", "Eze", "Fong", "Garcia", "Haddad", "Ito",
        "Jensen", "Kowalski", "Lopez", "Mensah", "Novak", "Okafor", "Patel", "Quispe",
        "Rossi", "Singh", "Tanaka", "Usman", "Varga", "Weber", "Xu", "Yilmaz", "Zhou"]
NOTIFICATION_KINDS = [
    ("meeting.scheduled", "A meeting was scheduled"),
    ("feedback.given", "New feedback from your mentor"),
    ("report.written", "A progress report was written"),
    ("meeting.reminder", "A meeting starts tomorrow"),
    ("goal.commented", "A comment on a goal"),
]


def scale_email(index: int) -> str:
    """The sign-in of generated person ``index`` (0-based); the password is the demo's."""
    return f"person{index:05d}@{EMAIL_DOMAIN}"


def _name(index: int) -> str:
    return f"{FIRST[index % len(FIRST)]} {LAST[(index // len(FIRST)) % len(LAST)]} {index}"


def _tags(names) -> dict[str, Tag]:
    from django.utils.text import slugify

    wanted = {slugify(name)[:60]: name for name in names}
    existing = {tag.slug: tag for tag in Tag.objects.filter(slug__in=wanted)}
    Tag.objects.bulk_create([Tag(slug=slug, name=name) for slug, name in wanted.items()
                             if slug not in existing], ignore_conflicts=True)
    by_slug = {tag.slug: tag for tag in Tag.objects.filter(slug__in=wanted)}
    return {name: by_slug[slug] for slug, name in wanted.items()}


def _insert(model, rows: Iterable[dict]) -> int:
    """Write ``rows`` (dicts of attribute names: ``user_id``, not ``user``) into ``model``'s
    table with one prepared INSERT run by executemany, ``CHUNK`` rows at a time; returns how
    many. About ten times cheaper per row than ``bulk_create``, which builds a model
    instance per row and compiles a new INSERT per batch of 999 / columns rows on SQLite.

    Every row must name the same fields. The others get their default, computed once
    (``auto_now``/``auto_now_add`` fields get the time of the call), except callable
    defaults other than ``timezone.now``, ``list`` and ``dict``, which are called per row
    (a meeting's ``uid`` must differ per row). The database's constraints apply as usual.
    """
    db = connections[DEFAULT_DB_ALIAS]  # the wrapper itself: the proxy costs per access
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not (f.primary_key and f.auto_created
                                                        or f is meta.auto_field)]
    now = timezone.now()
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    names = list(first)
    unknown = set(names) - {f.attname for f in fields}
    if unknown:
        raise ValueError(f"{meta.label}: unknown fields {sorted(unknown)}")
    by_name = {f.attname: f for f in fields}
    # Columns in this order: the rows' own, then those with a default called per row, then
    # constants, so that a row's values are one itemgetter call plus two lists.
    given = [by_name[name] for name in names]
    per_row, constants = [], []
    for field in fields:
        if field.attname in by_name and field.attname in first:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            constants.append((field, _prep(field, db)(now)))
        elif (field.has_default() and callable(field.default)
              and field.default not in (timezone.now, list, dict)):
            per_row.append((field, field.get_default, _prep(field, db)))
        else:
            constants.append((field, _prep(field, db)(field.get_default())))
    columns = given + [f for f, *_ in per_row] + [f for f, _ in constants]
    quote = db.ops.quote_name
    # The table and column names come from the model's _meta, quoted; values are parameters.
    sql = (f"INSERT INTO {quote(meta.db_table)} "  # nosec B608
           f"({', '.join(quote(f.column) for f in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    get = operator.itemgetter(*names)
    single = len(names) == 1
    converters = [(i, _prep(field, db)) for i, field in enumerate(given)
                  if field.get_internal_type() not in PLAIN_TYPES]
    tail = [value for _, value in constants]
    width = len(names)
    total = 0
    rows = itertools.chain([first], rows)
    with db.cursor() as cursor:
        while chunk := list(itertools.islice(rows, CHUNK)):
            values = []
            for row in chunk:
                if len(row) != width:
                    raise ValueError(f"{meta.label}: rows name different fields ({row})")
                value = [get(row)] if single else list(get(row))
                for i, convert in converters:
                    value[i] = convert(value[i])
                values.append(value + [prep(default()) for _, default, prep in per_row] + tail)
            cursor.executemany(sql, values)
            total += len(chunk)
    return total


def _sqlite_datetime(value):
    # As DatabaseOperations.adapt_datetimefield_value on SQLite with USE_TZ: UTC, naive.
    return None if value is None else str(value.astimezone(UTC).replace(tzinfo=None))


def _sqlite_date(value):
    return None if value is None else str(value)


def _prep(field, db):
    """A function giving the value the database takes for ``field``'s Python value."""
    kind = field.get_internal_type()
    if kind in PLAIN_TYPES:
        return lambda value: value
    if db.vendor == "sqlite" and settings.USE_TZ and kind == "DateTimeField":
        return _sqlite_datetime
    if db.vendor == "sqlite" and kind == "DateField":
        return _sqlite_date
    return lambda value: field.get_db_prep_save(value, db)


@contextmanager
def _bulk_load_settings():
    """On SQLite, a page cache of 256 MB for the load (the default 2 MB makes every index
    insert of a large table read its pages back from the OS), restored afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _ids(model, **filters) -> list[int]:
    return list(model.objects.filter(**filters).order_by("id").values_list("id", flat=True))


def demo_scale(*, people: int, seed: int = 2026, log=None) -> dict:
    """Add ``people`` generated people and their mentorships to the database, in one
    transaction. Returns the counts of what was made and the seconds each part took."""
    with _bulk_load_settings(), transaction.atomic():
        return _generate(people=people, seed=seed, log=log)


def _generate(*, people: int, seed: int, log) -> dict:
    from allauth.account.models import EmailAddress

    from tandem.feedback.models import FeedbackEntry, ProgressReport
    from tandem.meetings.models import Meeting
    from tandem.mentorships.models import Agreement, MentorshipRequest, Relationship
    from tandem.notifications.models import Notification, group_of

    if people < 2:
        raise ValueError("--scale needs at least 2 people")
    if User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).exists():
        raise ValueError("This database already has generated people (--scale ran before).")
    rng = random.Random(seed)
    now = timezone.now()
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(what: str):
        nonlocal clock
        timings[what] = round(time.perf_counter() - clock, 2)
        clock = time.perf_counter()
        if log:
            log(f"  {what}: {timings[what]:.1f} s")

    # --- people ---------------------------------------------------------------------
    password = make_password(settings.TANDEM_DEMO_PASSWORD)
    offsets = {tz: zone_offset_minutes(tz) for tz, _, _ in REGIONS}
    is_mentor = [i % 3 == 0 for i in range(people)]
    # User.timezone mirrors the profile's (the timezone middleware reads the user row).
    _insert(User, (dict(email=scale_email(i), password=password, is_active=True,
                        timezone=REGIONS[i % len(REGIONS)][0],
                        date_joined=now - timedelta(days=400 - i % 365))
                   for i in range(people)))
    user_ids = _ids(User, email__endswith="@" + EMAIL_DOMAIN)
    _insert(EmailAddress, (dict(user_id=uid, email=scale_email(i), verified=True, primary=True)
                           for i, uid in enumerate(user_ids)))
    lap("users")

    all_skills = sorted({s for _, skills, _, _ in TRACKS for s in skills}
                        | {s for skills, _, _ in WANTS for s in skills})
    all_industries = sorted({s for _, _, industries, _ in TRACKS for s in industries})
    tags = _tags(all_skills + all_industries)
    profiles, plans = [], []
    for i, uid in enumerate(user_ids):
        tz, langs, _ = REGIONS[i % len(REGIONS)]
        title, skills, industries, passion = TRACKS[i % len(TRACKS)]
        want = WANTS[i % len(WANTS)]
        mentor = is_mentor[i]
        years = 6 + i % 20 if mentor else i % 6
        name = _name(i)
        offered = rng.sample(skills, k=3) if mentor else []
        headline = f"{title}, {years} years" if mentor else f"Aspiring {title.lower()}"
        bio = (f"{name.split()[0]} is a {title.lower()} with {years} years of experience, "
               f"who cares about {passion}.")
        if not mentor:
            bio += f"\n\n**What I am working on:** {want[1].lower()}."
        search = " ".join(p for p in [name, headline, bio, " ".join(offered),
                                       " ".join(industries)] if p).lower()
        profiles.append(dict(
            user_id=uid, display_name=name, headline=headline, bio=bio,
            is_mentor=mentor, is_mentee=not mentor, timezone=tz, utc_offset_minutes=offsets[tz],
            location=tz.split("/")[-1].replace("_", " "), experience_years=years,
            mentor_capacity=rng.randint(2, 4) if mentor else 0,
            open_to_requests=mentor and rng.random() < 0.85,
            meeting_channels=rng.sample(["video", "phone", "in_person", "chat"], k=2),
            feedback_format=rng.choice(["written", "spoken", "either"]),
            feedback_style=rng.choice(["direct", "gentle"]),
            feedback_timing=rng.choice(["in_the_moment", "at_meetings"]),
            search_text=search))
        plans.append((offered, [] if mentor else want[0], industries, ["en", *langs]))
    # The windows are drawn after every profile (as before the profile got the directory's
    # availability columns), so a seed still makes the same people; the columns of the
    # few distinct window pairs are computed once.
    windows_of: list[list[tuple[int, int, int, int, int]]] = []
    columns_of: dict[tuple, dict[str, int]] = {}
    for i, profile in enumerate(profiles):
        offset = offsets[REGIONS[i % len(REGIONS)][0]]
        mine = []
        for day in sorted(rng.sample(range(5), k=2)):
            start = rng.choice([7, 8, 12, 17, 18]) * 60
            end = start + 60 * rng.choice([1, 2])
            mine.append((day, start, end, *_to_utc(day, start, end, offset)))
        windows_of.append(mine)
        key = tuple((utc_start, utc_end) for _, _, _, utc_start, utc_end in mine)
        if key not in columns_of:
            columns_of[key] = hour_columns(key)
        profile.update(columns_of[key], language_codes=language_codes_text(plans[i][3]))
    _insert(Profile, profiles)
    profile_of = dict(Profile.objects.filter(user__email__endswith="@" + EMAIL_DOMAIN)
                      .values_list("user_id", "id"))
    through_offered = Profile.skills_offered.through
    through_wanted = Profile.skills_wanted.through
    through_industries = Profile.industries.through
    offered_rows, wanted_rows, industry_rows, languages, windows = [], [], [], [], []
    for i, uid in enumerate(user_ids):
        pid = profile_of[uid]
        offered, wanted, industries, langs = plans[i]
        offered_rows += [dict(profile_id=pid, tag_id=tags[s].id) for s in offered]
        wanted_rows += [dict(profile_id=pid, tag_id=tags[s].id) for s in wanted]
        industry_rows += [dict(profile_id=pid, tag_id=tags[s].id) for s in industries]
        languages += [dict(profile_id=pid, code=code) for code in langs]
        windows += [dict(profile_id=pid, weekday=day, start_minute=start, end_minute=end,
                         utc_start=utc_start, utc_end=utc_end)
                    for day, start, end, utc_start, utc_end in windows_of[i]]
    for model, rows in [(through_offered, offered_rows), (through_wanted, wanted_rows),
                        (through_industries, industry_rows), (ProfileLanguage, languages),
                        (AvailabilityWindow, windows)]:
        _insert(model, rows)
    lap("profiles")

    # --- goals: two per mentee, one of them in progress --------------------------------
    goals = []
    for i, uid in enumerate(user_ids):
        if is_mentor[i]:
            continue
        want = WANTS[i % len(WANTS)]
        other = WANTS[(i + 1) % len(WANTS)]
        for position, (title, why) in enumerate([(want[1], want[2]), (other[1], other[2])]):
            achieved = position == 1 and i % 7 == 0
            goals.append(dict(
                user_id=uid, title=title, title_key=title.casefold(), why=why,
                measure="My mentor and I agree it is done.", horizon="1y",
                target_date=(now + timedelta(days=120 + i % 200)).date(),
                status="achieved" if achieved else ("in_progress" if position == 0
                                                    else "not_started"),
                closed_at=now - timedelta(days=i % 30) if achieved else None,
                position=position))
    _insert(CareerGoal, goals)
    goal_ids: dict[int, list[int]] = {}
    for gid, uid in CareerGoal.objects.filter(
            user__email__endswith="@" + EMAIL_DOMAIN).order_by("id").values_list(
            "id", "user_id"):
        goal_ids.setdefault(uid, []).append(gid)
    lap("goals")

    # --- mentorships: each from an accepted request, with a confirmed agreement -------
    mentors = [uid for i, uid in enumerate(user_ids) if is_mentor[i]]
    mentees = [uid for i, uid in enumerate(user_ids) if not is_mentor[i]]
    capacity = dict(Profile.objects.filter(
        user__email__endswith="@" + EMAIL_DOMAIN, is_mentor=True).values_list(
        "user_id", "mentor_capacity"))
    taken = dict.fromkeys(mentors, 0)
    pairs = []  # (mentee, mentor, state, started)
    wanted_pairs = people // 2
    m = 0
    for k in range(wanted_pairs):
        mentee = mentees[k % len(mentees)]
        roll = k % 10
        state = "completed" if roll == 9 else ("paused" if roll == 8 else "active")
        # The next mentor with a free place (closed mentorships take none).
        for _ in range(len(mentors)):
            mentor = mentors[m % len(mentors)]
            m += 1
            if state == "completed" or taken[mentor] < capacity[mentor]:
                break
        else:
            state = "completed"
        if state != "completed":
            taken[mentor] += 1
        started = now - timedelta(days=30 + (k * 7) % 300)
        pairs.append((mentee, mentor, state, started))
    # A mentee with two mentorships has them with different mentors; open ones are unique
    # per pair by construction (mentors are taken round-robin).
    _insert(MentorshipRequest, [
        dict(
            mentee_id=mentee, mentor_id=mentor, state="accepted",
            message="Hello! I would love your help with my goals; could we meet every two "
                    "weeks?",
            expires_at=started + timedelta(days=14), first_response_at=started,
            closed_at=started)
        for mentee, mentor, _, started in pairs])
    request_ids = _ids(MentorshipRequest, mentee__email__endswith="@" + EMAIL_DOMAIN)
    _insert(Relationship, [
        dict(
            mentee_id=mentee, mentor_id=mentor, request_id=request_ids[k], state=state,
            started_at=started,
            paused_until=(now + timedelta(days=14)).date() if state == "paused" else None,
            ended_at=now - timedelta(days=3) if state == "completed" else None,
            ended_by_id=mentee if state == "completed" else None)
        for k, (mentee, mentor, state, started) in enumerate(pairs)])
    rel_ids = _ids(Relationship, mentee__email__endswith="@" + EMAIL_DOMAIN)
    assert len(request_ids) == len(rel_ids) == len(pairs)
    # Mentors' counters, one UPDATE per distinct count rather than one per mentor.
    by_count: dict[int, list[int]] = {}
    for mentor, count in taken.items():
        if count:
            by_count.setdefault(count, []).append(mentor)
    for count, ids in by_count.items():
        for start in range(0, len(ids), 500):
            Profile.objects.filter(user_id__in=ids[start:start + 500]).update(
                places_taken=count)
    _insert(Agreement, [
        dict(
            relationship_id=rel_ids[k], version=1, status="confirmed",
            objectives=[{"text": "Meet every two weeks and work on my first goal",
                         "goal_id": goal_ids.get(mentee, [None])[0]}],
            cadence="biweekly", weekday=started.weekday(), duration_minutes=45,
            start_date=started.date(), end_date=(started + timedelta(days=180)).date(),
            proposed_by_id=mentee, mentee_confirmed_at=started, mentor_confirmed_at=started,
            confirmed_at=started)
        for k, (mentee, mentor, state, started) in enumerate(pairs)])
    lap("mentorships")

    # --- meetings (10 per mentorship), feedback (4), progress reports (2 a side) -------
    # Generated while written, a chunk at a time: at N=100,000 that is 500,000 meetings.
    def meetings():
        for k, (mentee, _, state, started) in enumerate(pairs):
            tz = REGIONS[k % len(REGIONS)][0]
            first = started.replace(hour=17, minute=0, second=0, microsecond=0)
            for n in range(10):
                at = first + timedelta(days=14 * n)
                past = at < now
                if state == "completed" and not past:
                    status = "cancelled"
                else:
                    status = "held" if past else "scheduled"
                yield dict(
                    relationship_id=rel_ids[k], starts_at=at, duration_minutes=45,
                    timezone=tz, status=status, channel="video",
                    cancel_reason="The mentorship ended." if status == "cancelled" else "",
                    notes=f"We talked about goal {n % 2 + 1} and agreed next steps." if past
                    else "", created_by_id=mentee)

    def feedback():
        for k, (mentee, mentor, _, _) in enumerate(pairs):
            for n in range(4):
                yield dict(
                    relationship_id=rel_ids[k], author_id=mentor,
                    kind="positive" if n % 2 == 0 else "constructive",
                    body=("You explained the trade-offs clearly in our last meeting."
                          if n % 2 == 0 else
                          "Try writing the plan down before the meeting, so we can spend the "
                          "time on the hard parts."),
                    goal_id=goal_ids.get(mentee, [None])[0] if n == 0 else None,
                    acknowledged_at=now - timedelta(days=n) if n < 2 else None)

    def reports():
        for k, (mentee, mentor, _, started) in enumerate(pairs):
            for author in (mentee, mentor):
                for n in range(2 if k % 5 else 1):
                    yield dict(
                        relationship_id=rel_ids[k], author_id=author,
                        due_date=(started + timedelta(weeks=4 * (n + 1))).date(),
                        goal_progress=[], went_well="We meet regularly and I am learning.",
                        obstacles="" if n else "Finding time in a busy month.",
                        needs=[{"need": "Practice interviews", "action": "keep"}],
                        satisfaction=3 + (k + n) % 3, cadence_fit="right")

    meeting_count = _insert(Meeting, meetings())
    lap("meetings")
    feedback_count = _insert(FeedbackEntry, feedback())
    report_count = _insert(ProgressReport, reports())
    lap("feedback and reports")

    # --- notifications: five per person, the newest two unread --------------------------
    rel_of: dict[int, int] = {}
    for k, (mentee, mentor, _, _) in enumerate(pairs):
        rel_of.setdefault(mentee, rel_ids[k])
        rel_of.setdefault(mentor, rel_ids[k])
    kinds = [(kind, group_of(kind), title, n) for n, (kind, title)
             in enumerate(NOTIFICATION_KINDS)]

    def notifications():
        for uid in user_ids:
            url = f"/mentorships/{rel_of[uid]}/" if uid in rel_of else "/"
            for kind, group, title, n in kinds:
                yield dict(
                    recipient_id=uid, kind=kind, group=group, title=title,
                    body="Open Tandem to see it.", url=url,
                    read_at=None if n >= 3 else now - timedelta(days=n + 1),
                    emailed_at=now - timedelta(days=n + 1))

    notification_count = _insert(Notification, notifications())
    lap("notifications")

    counts = {
        "people": len(user_ids), "mentors": len(mentors), "mentees": len(mentees),
        "relationships": len(rel_ids), "meetings": meeting_count,
        "feedback entries": feedback_count, "progress reports": report_count,
        "career goals": len(goals), "notifications": notification_count,
    }
    return {"counts": counts, "timings": timings}
