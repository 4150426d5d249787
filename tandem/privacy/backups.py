"""Backups of the whole database and their restore, for ``tandem backup`` and
``tandem restore``.

SQLite uses the online backup API of the sqlite3 module: it copies a consistent snapshot
page by page while the app keeps running (readers and writers are not blocked for
long). PostgreSQL uses ``pg_dump`` in its custom format and ``pg_restore``; the password
travels in the ``PGPASSWORD`` environment variable, never on the command line, where
every user of the machine could read it.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess  # noqa: S404 pg_dump and pg_restore, with fixed argument lists
from dataclasses import dataclass
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    """The backup or restore could not be done; the message says why, for the operator."""


@dataclass
class Outcome:
    path: Path
    engine: str
    detail: str


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def default_path(alias: str = "default") -> Path:
    from django.conf import settings
    from django.utils import timezone

    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if _vendor(alias) == "sqlite" else "dump"
    return Path(settings.DATA_DIR) / "backups" / f"tandem-{stamp}.{suffix}"


# --- PostgreSQL -----------------------------------------------------------------------------


def _pg_args_env(alias: str) -> tuple[list[str], dict]:
    settings = connections[alias].settings_dict
    args = []
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def _pg_name(alias: str) -> str:
    # Under test the connection's NAME is already the test database's.
    return str(connections[alias].settings_dict["NAME"])


def _run(argv: list[str], env: dict) -> subprocess.CompletedProcess:
    try:
        result = subprocess.run(argv, env=env, capture_output=True, text=True,  # noqa: S603
                                check=False)
    except FileNotFoundError as exc:
        raise BackupError(f"{argv[0]} is not installed (the PostgreSQL client tools).") from exc
    if result.returncode != 0:
        raise BackupError(f"{argv[0]} failed: {result.stderr.strip()[:2000]}")
    return result


def _pg_backup(alias: str, path: Path) -> str:
    args, env = _pg_args_env(alias)
    _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(path), *args,
          "--dbname", _pg_name(alias)], env)
    return "pg_dump, custom format"


def _pg_check(path: Path) -> int:
    """``pg_restore --list`` reads the whole archive's table of contents: a truncated or
    foreign file fails here, before anything is touched."""
    result = _run(["pg_restore", "--list", str(path)], {**os.environ})
    entries = [line for line in result.stdout.splitlines() if line and not line.startswith(";")]
    if not any(" TABLE " in line for line in entries):
        raise BackupError(f"{path} holds no tables: not a Tandem backup.")
    return len(entries)


def _pg_has_tables(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.tables "
                       "WHERE table_schema = current_schema()")
        return cursor.fetchone()[0] > 0


def _pg_restore(alias: str, path: Path) -> str:
    entries = _pg_check(path)
    args, env = _pg_args_env(alias)
    connections[alias].close()  # our own connection would hold locks on the tables
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
          "--exit-on-error", *args, "--dbname", _pg_name(alias), str(path)], env)
    return f"pg_restore of {entries} archive entries in one transaction"


# --- SQLite ---------------------------------------------------------------------------------


def _sqlite_raw(alias: str):
    connection = connections[alias]
    connection.ensure_connection()
    return connection.connection


def _sqlite_backup(alias: str, path: Path) -> str:
    source = _sqlite_raw(alias)
    target = sqlite3.connect(path)
    try:
        # A few pages at a time: writers in other processes get their turn in between.
        source.backup(target, pages=256)
        # The copy inherits WAL mode; a backup should be one self-contained file, with no
        # -wal and -shm beside it.
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
    pages = _sqlite_check(path)
    return f"SQLite online backup, {pages} pages, integrity ok"


def _sqlite_check(path: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(f"{path} cannot be opened as an SQLite database: {exc}") from exc
    try:
        try:
            result = [row[0] for row in db.execute("PRAGMA integrity_check")]
            tables = {row[0] for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            pages = db.execute("PRAGMA page_count").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path} is not a usable SQLite database: {exc}") from exc
    finally:
        db.close()
    if result != ["ok"]:
        raise BackupError(f"{path} failed the integrity check: {'; '.join(result[:5])}")
    if "django_migrations" not in tables:
        raise BackupError(f"{path} is not a Tandem database (no django_migrations table).")
    return pages


def _sqlite_has_tables(alias: str) -> bool:
    raw = _sqlite_raw(alias)
    return raw.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0


def _sqlite_restore(alias: str, path: Path) -> str:
    pages = _sqlite_check(path)
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        # The backup API the other way round: the live database becomes a page-for-page
        # copy of the file, under its write lock, so no reader sees half of it.
        source.backup(_sqlite_raw(alias))
    finally:
        source.close()
    return f"SQLite online restore, {pages} pages"


# --- The two entry points -------------------------------------------------------------------


def backup(*, path: Path | None = None, alias: str = "default") -> Outcome:
    vendor = _vendor(alias)
    path = Path(path) if path else default_path(alias)
    if path.exists():
        raise BackupError(f"{path} exists already: choose a new file name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        detail = _sqlite_backup(alias, path) if vendor == "sqlite" else _pg_backup(alias, path)
    except Exception:
        path.unlink(missing_ok=True)  # never leave half a backup that looks like one
        raise
    os.chmod(path, 0o600)  # it holds everyone's private notes
    return Outcome(path=path, engine=vendor, detail=detail)


def check(*, path: Path, alias: str = "default") -> str:
    vendor = _vendor(alias)
    if not Path(path).is_file():
        raise BackupError(f"{path} does not exist.")
    if vendor == "sqlite":
        return f"integrity ok, {_sqlite_check(Path(path))} pages"
    return f"archive readable, {_pg_check(Path(path))} entries"


def restore(*, path: Path, alias: str = "default", force: bool = False) -> Outcome:
    vendor = _vendor(alias)
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    # The check first: a damaged file must be refused before the database is touched.
    check(path=path, alias=alias)
    has_tables = _sqlite_has_tables(alias) if vendor == "sqlite" else _pg_has_tables(alias)
    if has_tables and not force:
        raise BackupError("The database is not empty: restoring replaces everything in it. "
                          "Run again with --force to overwrite it.")
    detail = _sqlite_restore(alias, path) if vendor == "sqlite" else _pg_restore(alias, path)
    return Outcome(path=path, engine=vendor, detail=detail)
