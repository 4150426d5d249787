"""`tandem backup` and `tandem restore`: a round trip gives back the first state; a
damaged file or a database that is not empty is refused."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from tandem.accounts.models import CareerGoal, User
from tandem.accounts.tests.factories import make_mentee
from tandem.core.tests.concurrency import require_postgres


def _state():
    return (sorted(User.objects.values_list("email", flat=True)),
            sorted(CareerGoal.objects.values_list("title", flat=True)))


def _round_trip(tmp_path, capsys, suffix):
    mia = make_mentee(email="mia@example.com", name="Mia", goals=["Lead a team"])
    make_mentee(email="noah@example.com", name="Noah", goals=["Learn Rust"])
    first = _state()
    path = tmp_path / f"backup.{suffix}"

    call_command("backup", str(path))
    assert path.is_file()
    assert f"to {path}" in capsys.readouterr().out

    # Later changes: one person deleted, one added, a goal renamed.
    mia.delete()
    make_mentee(email="zoe@example.com", name="Zoe", goals=["Ship it"])
    CareerGoal.objects.filter(title="Learn Rust").update(title="Learn Go")
    assert _state() != first

    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(path))
    assert _state() != first  # refused: nothing changed

    call_command("restore", str(path), "--force")
    assert "Restored" in capsys.readouterr().out
    assert _state() == first


@pytest.mark.sqlite
@pytest.mark.django_db(transaction=True)
def test_it_round_trips_on_sqlite(tmp_path, capsys, django_db_setup):
    from django.db import connection

    assert connection.vendor == "sqlite", "marked sqlite: the PostgreSQL pass leaves it out"
    _round_trip(tmp_path, capsys, "sqlite3")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_round_trips_on_postgresql(tmp_path, capsys):
    require_postgres()
    _round_trip(tmp_path, capsys, "dump")


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_damaged_backup_before_touching_anything(tmp_path, capsys):
    make_mentee(email="mia@example.com", name="Mia", goals=["Lead a team"])
    path = tmp_path / "backup.bin"
    call_command("backup", str(path))
    data = path.read_bytes()
    broken = tmp_path / "broken.bin"
    broken.write_bytes(data[: len(data) // 3] + b"\x00garbage" * 50)
    with pytest.raises(CommandError):
        call_command("restore", str(broken), "--force")
    assert User.objects.filter(email="mia@example.com").exists()

    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    with pytest.raises(CommandError):
        call_command("restore", str(not_a_backup), "--force")
    assert User.objects.filter(email="mia@example.com").exists()


@pytest.mark.django_db(transaction=True)
def test_it_never_overwrites_an_existing_backup(tmp_path):
    path = tmp_path / "backup.bin"
    path.write_text("precious")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(path))
    assert path.read_text() == "precious"


@pytest.mark.django_db(transaction=True)
def test_it_checks_a_backup_without_restoring(tmp_path, capsys):
    path = tmp_path / "backup.bin"
    call_command("backup", str(path))
    capsys.readouterr()
    call_command("restore", str(path), "--check-only")
    out = capsys.readouterr().out
    assert "integrity ok" in out or "archive readable" in out
