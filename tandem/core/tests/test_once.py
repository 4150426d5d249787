"""The "only once" primitives: an event recorded by a row's unique constraint (``once``),
a row claimed by a conditional UPDATE (``claim``). Reminders are the example: the
meetings' ``ReminderSent`` row is unique per key and person."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tandem.accounts.tests.factories import make_user
from tandem.core.once import claim, once
from tandem.core.tests.concurrency import require_postgres, run_concurrently
from tandem.meetings.models import ReminderSent

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return make_user(email="olga@example.com", name="Olga")


def test_it_records_an_event_once(person):
    assert once(ReminderSent, key="meeting:1:24h", user=person) is True
    assert once(ReminderSent, key="meeting:1:24h", user=person) is False
    assert once(ReminderSent, key="meeting:1:1h", user=person) is True
    assert ReminderSent.objects.filter(user=person).count() == 2


def test_it_leaves_the_callers_transaction_usable_after_a_refusal(person):
    with transaction.atomic():
        once(ReminderSent, key="report:7", user=person)
        assert once(ReminderSent, key="report:7", user=person) is False
        # A refused insert must not abort the transaction (PostgreSQL would).
        assert once(ReminderSent, key="report:8", user=person) is True
    assert set(ReminderSent.objects.values_list("key", flat=True)) == {"report:7", "report:8"}


def test_it_rolls_the_record_back_when_the_caller_fails(person):
    with pytest.raises(RuntimeError), transaction.atomic():
        assert once(ReminderSent, key="action:3", user=person) is True
        raise RuntimeError("the notification could not be written")
    assert not ReminderSent.objects.exists()
    # Nothing was recorded, so the next run sends it.
    assert once(ReminderSent, key="action:3", user=person) is True


def test_it_decides_by_the_unique_constraint_not_by_a_read_first(person):
    once(ReminderSent, key="meeting:2:24h", user=person)
    with CaptureQueriesContext(connection) as queries:
        assert once(ReminderSent, key="meeting:2:24h", user=person) is False
    # Only the INSERT (in its savepoint): a read-then-write would let two schedulers
    # both see "not sent yet".
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    assert "SELECT" not in statements and "INSERT" in statements


def test_it_claims_a_row_for_one_worker_only(person):
    ReminderSent.objects.create(key="request:5", user=person)
    unclaimed = ReminderSent.objects.filter(key="request:5", user=person)
    assert claim(unclaimed, key="request:5:claimed") is True
    assert claim(unclaimed, key="request:5:claimed") is False
    assert ReminderSent.objects.get(user=person).key == "request:5:claimed"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_records_once_when_workers_race(person):
    require_postgres()
    results = []
    outcomes = run_concurrently(
        [lambda: results.append(once(ReminderSent, key="race", user=person))] * 4, refused=())
    assert outcomes == ["done"] * 4
    assert sorted(results) == [False, False, False, True]
    assert ReminderSent.objects.filter(key="race").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_claims_once_when_workers_race(person):
    require_postgres()
    ReminderSent.objects.create(key="free", user=person)
    results = []
    outcomes = run_concurrently(
        [lambda: results.append(claim(ReminderSent.objects.filter(key="free"), key="taken"))]
        * 4, refused=())
    assert outcomes == ["done"] * 4
    assert sorted(results) == [False, False, False, True]
