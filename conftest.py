"""Shared test harness: named personas, an API client, and the query-budget helper.

Personas (made through the real services):
  mentee       Mia, looking for a mentor, has two career goals
  mentee2      Noah, a second mentee
  mentor       Marta, a mentor with free places
  mentor2      Omar, a second mentor
  outsider     Oscar, signed in but part of nothing
  coordinator  Cora, runs programs
  staff        Stan, Django admin access
"""

from __future__ import annotations

import gc
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


# The cyclic garbage collector, tuned for a test process: its first generation is
# collected after 100,000 allocations instead of 700, and what exists once the tests are
# collected (Django, the apps, the test modules) is frozen out of every later collection.
# A test makes and drops thousands of model instances, querysets and template nodes, and
# the default thresholds walked that young heap again and again: 593 cases of
# tests/test_authorization_matrix.py 16.8 -> 14.7 s, the app tests 3-6 % less, the whole
# SQLite pass 508 -> 497 s. Memory stays bounded: the generations are still collected,
# only less often.
GC_THRESHOLDS = (100_000, 50, 1000)


def pytest_configure(config):
    gc.set_threshold(*GC_THRESHOLDS)
    folder = os.environ.get("TANDEM_TEST_DB_TEMPLATE")
    if folder:
        _migrate_once(Path(folder))


def pytest_collection_finish(session):
    gc.collect()
    gc.freeze()


# The modules whose tests take longest (tens of seconds each: `--durations` of the SQLite
# pass), run first, longest first. With --dist worksteal a process that runs out of tests
# takes queued ones from the other, but no one can take over a long test that one process
# starts near the end while the other has nothing left.
LONGEST = (
    "tests/test_private_notes_never_leak.py",
    "tests/browser/test_every_page_fits.py",
    "tests/test_crash_safety.py",
    "tests/browser/test_journey_grow.py",
    "tandem/privacy/tests/test_backup_live.py",
    "tandem/programs/tests/test_csv_import.py",
    "tandem/record/tests/test_no_python_data.py",
    "tests/browser/test_journey_circles.py",
    "tests/browser/test_journey_meet_and_report.py",
    "tests/browser/test_axe_api_docs_and_admin.py",
)


def pytest_collection_modifyitems(config, items):
    """LONGEST's modules first, whole (their module fixtures are set up once), the rest in
    the order collected; the same order in every test process, as xdist requires. (A test
    that commits may now run before one that rolls back, in the same process: see
    ``django_db_setup`` below for why that is safe.)"""
    rank = {path: index for index, path in enumerate(LONGEST)}
    root = Path(__file__).resolve().parent

    def key(item):
        try:
            path = item.path.resolve().relative_to(root).as_posix()
        except ValueError:
            return len(LONGEST)
        return rank.get(path, len(LONGEST))

    items.sort(key=key)
    for item in items:
        if _needs_no_database(item):
            item.add_marker(pytest.mark.no_database)


# Fixtures through which a test reaches the test database; pytest-django refuses any
# other access. A test that asks for none of them gives the same result whatever the
# database, so the PostgreSQL pass leaves it out (scripts/test.sh: -m "not no_database"),
# unless its module runs subprocesses or names DATABASE_URL (a process it starts could
# read the database from the environment).
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server"}


def _needs_no_database(item) -> bool:
    if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return False
    if item.get_closest_marker("django_db") or item.get_closest_marker("postgres"):
        return False
    return not _module_reaches_out(item.path)


_reaches_out: dict[Path, bool] = {}


def _module_reaches_out(path: Path) -> bool:
    if path not in _reaches_out:
        text = path.read_text(encoding="utf-8")
        _reaches_out[path] = "subprocess" in text or "DATABASE_URL" in text
    return _reaches_out[path]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, plus: a test that commits (live server, several
    connections) empties every table when it ends, rows the data migrations seeded
    included (decline reasons, plan templates). Django's runner copes by running such
    tests last; with xdist's work stealing a process may still run one before tests that
    need those rows. So the rows the database starts with are kept, and put back after
    every such emptying (the tables post_migrate refills, content types and
    permissions, are left as it made them)."""
    from django.test import TransactionTestCase

    with django_db_blocker.unblock():
        seeded = {model: list(rows.values())
                  for model, rows in RowsSnapshot._snapshot().items() if rows}
    flush = TransactionTestCase._fixture_teardown

    def flush_and_reseed(self):
        flush(self)
        from django.db import transaction

        with transaction.atomic():
            for model, rows in seeded.items():
                if model._base_manager.exists():
                    continue
                fields = model._meta.local_concrete_fields
                names = [f.attname for f in fields]
                model._base_manager._insert(
                    [model(**dict(zip(names, row, strict=True))) for row in rows],
                    fields=fields, raw=True)

    TransactionTestCase._fixture_teardown = flush_and_reseed
    yield
    TransactionTestCase._fixture_teardown = flush


def _migrate_once(folder: Path) -> None:
    """With TANDEM_TEST_DB_TEMPLATE=<folder> (scripts/test.sh sets it to a folder of its
    own run), the test databases are migrated once and copied after that: the first test
    process to create one runs the migrations (data migrations included) and keeps the
    result, a SQLite file in ``folder`` or a PostgreSQL template database named after
    ``folder`` (scripts/test.sh drops it at the end); the other processes start from a
    copy of it. The copy is the database ``migrate`` made, so the tests see the same
    schema and the same rows the data migrations seed. The key is a digest of Tandem's
    migrations and of the versions of the packages whose migrations run too."""
    import fcntl
    import hashlib
    import importlib.metadata
    import sqlite3
    from unittest import mock

    from django.core import management
    from django.db.backends.base.creation import BaseDatabaseCreation

    original = BaseDatabaseCreation.create_test_db
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.glob("tandem/*/migrations/*.py")):
        digest.update(str(path.relative_to(root)).encode() + path.read_bytes())
    for package in ("django", "django-allauth", "django-tasks-db"):
        digest.update(importlib.metadata.version(package).encode())
    key = digest.hexdigest()[:12]

    def create_test_db(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        vendor = self.connection.vendor
        in_memory = vendor == "sqlite" and self.is_in_memory_db(self._get_test_db_name())
        if keepdb or not (in_memory or vendor == "postgresql"):
            return original(self, verbosity, autoclobber, serialize, keepdb)
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / f"{vendor}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if vendor == "sqlite":
                saved = folder / f"sqlite-{key}.sqlite3"
                if saved.exists():
                    real = management.call_command

                    def call_command(name, *args, **options):
                        if name != "migrate":
                            return real(name, *args, **options)
                        self.connection.ensure_connection()
                        source = sqlite3.connect(saved)
                        try:
                            source.backup(self.connection.connection)
                        finally:
                            source.close()

                    with mock.patch.object(management, "call_command", call_command):
                        return original(self, verbosity, autoclobber, serialize, keepdb)
                name = original(self, verbosity, autoclobber, serialize, keepdb)
                partial = saved.with_suffix(".partial")
                target = sqlite3.connect(partial)
                try:
                    self.connection.connection.backup(target)
                finally:
                    target.close()
                partial.replace(saved)
                return name
            template = f"tandem_template_{folder.name}_{key}".lower()
            template = re.sub(r"[^a-z0-9_]", "_", template)[:63]
            with self._nodb_cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
                exists = cursor.fetchone() is not None
            if exists:
                test = self.connection.settings_dict["TEST"]
                before, test["TEMPLATE"] = test.get("TEMPLATE"), template
                try:  # migrate then finds every migration applied already
                    return original(self, verbosity, autoclobber, serialize, keepdb)
                finally:
                    test["TEMPLATE"] = before
            name = original(self, verbosity, autoclobber, serialize, keepdb)
            self.connection.close()
            with self._nodb_cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{template}" WITH TEMPLATE "{name}"')
            return name

    BaseDatabaseCreation.create_test_db = create_test_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (directory facets, allauth rate limits)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@dataclass
class Personas:
    mentee: object
    mentee2: object
    mentor: object
    mentor2: object
    outsider: object
    coordinator: object
    staff: object

    def get(self, name):
        return None if name == "anonymous" else getattr(self, name)


PERSONA_NAMES = ["anonymous", "mentee", "mentee2", "mentor", "mentor2", "outsider",
                 "coordinator", "staff"]


# The authenticator-app secret of every test person given one with ``enable_totp``: a
# browser journey computes its current code with allauth's ``hotp_value``.
PERSONA_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def enable_totp(user):
    """Turns on two-factor authentication (an authenticator app) for ``user``, as
    coordinators and staff must have before they can use Tandem."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, PERSONA_TOTP_SECRET)
    return user


@pytest.fixture
def personas(db, _persona_rows) -> Personas:
    """The seven personas. Inside a test's transaction they are copied from rows made
    once per test process with ``make_personas`` (one INSERT per table instead of about
    180 queries through the services); a transactional test, or one whose earlier
    fixtures took their ids or emails, gets them made through the services again."""
    if _persona_rows is not None:
        made = _persona_rows.restore()
        if made is not None:
            return made
    return make_personas()


@pytest.fixture(scope="session")
def _persona_rows(django_db_setup, django_db_blocker):
    """The personas' rows, made once per test process inside a transaction that is rolled
    back (see ``PersonaRows``); None if they cannot be copied faithfully."""
    from django.db import transaction

    if os.environ.get("TANDEM_PERSONA_ROWS", "1") == "0":
        yield None
        return
    with django_db_blocker.unblock():
        with transaction.atomic():
            rows = PersonaRows.capture(make_personas)
            transaction.set_rollback(True)
    yield rows


@pytest.fixture(scope="session")
def _demo_rows(django_db_setup, django_db_blocker):
    """`tandem demo`'s rows, made once per test process inside a transaction that is
    rolled back (see ``RowsSnapshot``); None if they cannot be copied faithfully."""
    from django.db import transaction

    if os.environ.get("TANDEM_PERSONA_ROWS", "1") == "0":
        yield None
        return
    with django_db_blocker.unblock():
        with transaction.atomic():
            rows = RowsSnapshot.capture(_run_demo)
            transaction.set_rollback(True)
    yield rows


def _run_demo():
    import io
    import types

    from django.core.management import call_command

    call_command("demo", stdout=io.StringIO())
    return types.SimpleNamespace()


@pytest.fixture
def demo_data(db, _demo_rows) -> None:
    """The database as ``tandem demo`` leaves an empty one (44 people through the real
    services, about 3 s): copied from rows the command made once per test process, or
    made by the command when they cannot be (a transactional test, or data already
    there). The tests of the command's own output and options still run it."""
    if _demo_rows is None or _demo_rows.restore() is None:
        _run_demo()


INSERT_INTO = re.compile(r'\s*INSERT\s+(?:OR\s+\w+\s+)?INTO\s+"?(\w+)"?', re.I)


class RowsSnapshot:
    """Every row a function (``make``) writes, and the Python object it returns (pickled),
    so that a test can have the same data for one INSERT per table.

    The rows are found by comparing every table before and after ``make``; if it
    changed or deleted a row that was there before, ``capture`` gives up (None) and
    every test runs ``make`` itself. Dates and times written during the capture are
    moved forward by the time that has passed since, in the rows and in the object's
    attributes, so a test sees data made "just now" as before."""

    def __init__(self, tables, objects, made_at, sequences, counts, expected):
        self.tables = tables  # [(model, fields, [row values, ...]), ...] in insert order
        self.objects = objects  # pickled Personas
        self.made_at = made_at
        self.sequences = sequences  # PostgreSQL: [(sequence name, highest id), ...]
        self.counts, self.expected = counts, expected  # the tables' rows before

    @staticmethod
    def _models():
        from django.apps import apps

        return [m for m in apps.get_models(include_auto_created=True)
                if m._meta.managed and not m._meta.proxy]

    @classmethod
    def _snapshot(cls):
        snapshot = {}
        for model in cls._models():
            fields = model._meta.local_concrete_fields
            names = [f.attname for f in fields]
            pk = names.index(model._meta.pk.attname)
            snapshot[model] = {row[pk]: row for row in
                               model._base_manager.values_list(*names).order_by()}
        return snapshot

    @classmethod
    def capture(cls, make):
        import pickle

        from django.db import connection
        from django.utils import timezone

        before = cls._snapshot()
        order = []

        def note_tables(execute, sql, params, many, context):
            insert = INSERT_INTO.match(sql)
            if insert and insert[1] not in order:
                order.append(insert[1])
            return execute(sql, params, many, context)

        with connection.execute_wrapper(note_tables):
            made = make()
        made_at = timezone.now()
        after = cls._snapshot()
        tables = []
        for model, rows in after.items():
            old = before[model]
            if any(rows.get(pk) != row for pk, row in old.items()):
                return None  # make_personas changed or deleted a row it did not make
            new = [row for pk, row in rows.items() if pk not in old]
            if new:
                tables.append((model, list(model._meta.local_concrete_fields), new))
        if any(model._meta.db_table not in order for model, _, _ in tables):
            return None
        tables.sort(key=lambda table: order.index(table[0]._meta.db_table))
        # A test whose fixtures wrote to one of these tables already gets its personas
        # made through the services (their ids and any get_or_create depend on it).
        counts = "SELECT " + ", ".join(
            f"(SELECT COUNT(*) FROM {connection.ops.quote_name(model._meta.db_table)})"
            for model, _, _ in tables)
        expected = tuple(len(before[model]) for model, _, _ in tables)
        sequences = []
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model, _, rows in tables:
                    pk = model._meta.pk
                    if pk.get_internal_type() not in ("AutoField", "BigAutoField"):
                        continue
                    cursor.execute("SELECT pg_get_serial_sequence(%s, %s)",
                                   [model._meta.db_table, pk.column])
                    name = cursor.fetchone()[0]
                    index = [f.attname for f in model._meta.local_concrete_fields].index(
                        pk.attname)
                    if name:
                        sequences.append((name, max(row[index] for row in rows)))
        return cls(tables, pickle.dumps(made), made_at, sequences, counts, expected)

    def restored(self) -> None:
        """Called after the rows are back (a subclass's hook)."""

    def restore(self):
        """What ``make`` returned, its rows copied into the open transaction; None if
        they cannot be (not in a transaction, or a row collides with one the test made
        already)."""
        import pickle

        from django.db import IntegrityError, connection, transaction
        from django.utils import timezone

        if not connection.in_atomic_block:
            return None
        with connection.cursor() as cursor:
            cursor.execute(self.counts)
            if tuple(cursor.fetchone()) != self.expected:
                return None
        now = timezone.now()
        shift = _Shift(now - self.made_at,
                       timezone.localdate(now) - timezone.localdate(self.made_at))
        savepoint = transaction.savepoint()
        try:
            for model, fields, rows in self.tables:
                names = [f.attname for f in fields]
                objs = [model(**dict(zip(names, map(shift, row), strict=True)))
                        for row in rows]
                model._base_manager._insert(objs, fields=fields, raw=True)
            if self.sequences:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT " + ", ".join(
                        f"setval('{name}', GREATEST({top}, (SELECT last_value FROM {name})))"
                        for name, top in self.sequences))
        except IntegrityError:
            transaction.savepoint_rollback(savepoint)
            return None
        transaction.savepoint_commit(savepoint)
        self.restored()
        made = pickle.loads(self.objects)
        if shift.moves:
            seen = set()
            for value in vars(made).values():
                _shift_instance(value, shift, seen)
        return made


class PersonaRows(RowsSnapshot):
    """The rows ``make_personas`` writes (``capture(make_personas)``)."""

    def restored(self) -> None:
        from tandem.accounts.tests import factories

        for _ in range(7):  # make_user's numbering goes on as if they had been made
            next(factories._counter)


class _Shift:
    def __init__(self, delta, days):
        self.delta, self.days = delta, days
        self.moves = bool(delta) or bool(days)

    def __call__(self, value):
        import datetime

        if isinstance(value, datetime.datetime):
            return value + self.delta
        if isinstance(value, datetime.date):
            return value + self.days
        return value


def _shift_instance(obj, shift, seen):
    """Moves the dates and times of ``obj`` and of the instances it caches."""
    from django.db.models import Model

    if not isinstance(obj, Model) or id(obj) in seen:
        return
    seen.add(id(obj))
    for field in obj._meta.concrete_fields:
        value = obj.__dict__.get(field.attname)
        if value is not None:
            obj.__dict__[field.attname] = shift(value)
    for cached in obj._state.fields_cache.values():
        _shift_instance(cached, shift, seen)
    for cached in getattr(obj, "_prefetched_objects_cache", {}).values():
        for item in cached:
            _shift_instance(item, shift, seen)


def make_personas() -> Personas:
    """The personas, written to the database (inside whatever transaction is open)."""
    from tandem.accounts.tests.factories import make_mentee, make_mentor, make_user

    mentee = make_mentee(email="mia@example.com", name="Mia Mentee",
                         goals=["Lead a team", "Speak at a conference"])
    mentee2 = make_mentee(email="noah@example.com", name="Noah Second", goals=["Learn Rust"])
    mentor = make_mentor(email="marta@example.com", name="Marta Mentor",
                         skills=["Python", "Leadership"])
    mentor2 = make_mentor(email="omar@example.com", name="Omar Second", skills=["Design"])
    outsider = make_user(email="oscar@example.com", name="Oscar Outsider")
    coordinator = make_user(email="cora@example.com", name="Cora Coordinator")
    coordinator.is_coordinator = True
    coordinator.save(update_fields=["is_coordinator"])
    staff = make_user(email="stan@example.com", name="Stan Staff")
    staff.is_staff = True
    staff.is_superuser = True
    staff.save(update_fields=["is_staff", "is_superuser"])
    # Coordinators and staff must use two-factor authentication (TANDEM_REQUIRE_2FA_FOR_STAFF).
    enable_totp(coordinator)
    enable_totp(staff)
    return Personas(mentee, mentee2, mentor, mentor2, outsider, coordinator, staff)


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client signed in as ``user`` (None: anonymous)."""
    from django.test import Client

    def make(user):
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make


@pytest.fixture
def api_client(client_for):
    """A JSON API client: ``api_client(user).get("/api/me")``; bodies are sent as JSON."""
    import json

    class ApiClient:
        def __init__(self, user):
            self.c = client_for(user)

        def _send(self, method, path, data=None, **extra):
            kwargs = {}
            if data is not None:
                kwargs = {"data": json.dumps(data), "content_type": "application/json"}
            return getattr(self.c, method)(path, **kwargs, **extra)

        def get(self, path, data=None, **extra):
            return self.c.get(path, data=data, **extra)

        def post(self, path, data=None, **extra):
            return self._send("post", path, data, **extra)

        def patch(self, path, data=None, **extra):
            return self._send("patch", path, data, **extra)

        def put(self, path, data=None, **extra):
            return self._send("put", path, data, **extra)

        def delete(self, path, **extra):
            return self.c.delete(path, **extra)

    return ApiClient


@pytest.fixture
def query_budget(django_assert_max_num_queries):
    """Assert that ``fn()`` costs the same number of queries with few and many objects.

    ``query_budget(make=lambda n: ..., call=lambda: ..., small=5, large=50)`` makes
    ``small`` objects, counts the queries of ``call()``, adds up to ``large`` and counts
    again. Returns (queries_small, queries_large)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def check(*, make, call, small=5, large=50):
        make(small)
        call()  # warm caches, so both counts measure the same steady state
        with CaptureQueriesContext(connection) as few:
            call()
        make(large - small)
        call()
        with CaptureQueriesContext(connection) as many:
            call()
        assert len(many) == len(few), (
            f"query count grew with the data: {len(few)} queries for {small} objects, "
            f"{len(many)} for {large}:\n" + "\n".join(q["sql"][:200] for q in many.captured_queries)
        )
        return len(few), len(many)

    return check
