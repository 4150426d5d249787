"""What Tandem writes in its data folder is readable by its own user only (issue 16, item
33): the folder 0700; the SQLite database and its -wal and -shm files, the generated
secret key and the mail files 0600, as backups already are. Checked in a fresh process
with a fresh data folder and the usual umask (022), since settings act at start-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

# The modes are read while the connection is open: SQLite removes -wal and -shm when the
# last connection closes.
SCRIPT = textwrap.dedent("""
    import json, os, stat, sys
    os.umask(0o022)
    import django
    django.setup()
    from django.conf import settings
    from django.core.mail import send_mail
    from django.db import connection

    with connection.cursor() as cursor:  # creates the database, -wal and -shm
        cursor.execute("CREATE TABLE t (x integer)")
        cursor.execute("INSERT INTO t VALUES (1)")
        send_mail("Hello", "Body", "a@example.com", ["b@example.com"])
        found = {}
        for root, dirs, files in os.walk(settings.DATA_DIR):
            for name in dirs + files:
                path = os.path.join(root, name)
                found[os.path.relpath(path, settings.DATA_DIR)] = stat.S_IMODE(
                    os.stat(path).st_mode)
        found["."] = stat.S_IMODE(os.stat(settings.DATA_DIR).st_mode)
        print(json.dumps(found))
""")


def _modes(data: Path) -> dict:
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "REDIS_URL", "TANDEM_TESTING", "SECRET_KEY",
                          "EMAIL_BACKEND", "TANDEM_ENV"}}
    env.update(TANDEM_DATA_DIR=str(data), DJANGO_SETTINGS_MODULE="tandem.settings")
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


DATABASE = ["tandem.sqlite3", "tandem.sqlite3-wal", "tandem.sqlite3-shm"]


def test_it_keeps_the_data_folder_private(tmp_path):
    modes = _modes(tmp_path / "data")
    assert modes["."] == 0o700
    for name in [*DATABASE, "secret_key", "mail"]:
        assert name in modes, (name, sorted(modes))
    assert modes["mail"] == 0o700
    mails = [name for name in modes if name.startswith("mail/")]
    assert mails
    for name in [*DATABASE, "secret_key", *mails]:
        assert modes[name] == 0o600, f"{name}: {oct(modes[name])}"


def test_it_tightens_a_database_made_before(tmp_path):
    """An existing installation's database (made 0644 by an earlier version) is made
    private at the next start, and its -wal and -shm follow it."""
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    (data / "tandem.sqlite3").touch()
    os.chmod(data / "tandem.sqlite3", 0o644)
    modes = _modes(data)
    for name in DATABASE:
        assert modes[name] == 0o600, f"{name}: {oct(modes[name])}"
