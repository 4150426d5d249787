import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from tandem.env import env_bool, env_choice, env_int, env_list, env_str


@pytest.mark.parametrize("word,expected", [
    ("true", True), ("TRUE", True), ("1", True), ("yes", True), ("Yes", True),
    ("false", False), ("False", False), ("0", False), ("no", False), ("NO", False),
])
def test_it_accepts_the_boolean_words(word, expected):
    assert env_bool("FLAG", not expected, environ={"FLAG": word}) is expected


@pytest.mark.parametrize("word", ["on", "off", "y", "2", "tru", "enabled"])
def test_it_rejects_other_boolean_words_naming_the_variable(word):
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG", False, environ={"FLAG": word})


def test_it_uses_the_default_when_unset_or_empty():
    assert env_bool("FLAG", True, environ={}) is True
    assert env_int("N", 7, environ={"N": ""}) == 7
    assert env_list("L", ["a"], environ={}) == ["a"]


def test_it_checks_integers_and_their_range():
    assert env_int("PORT", 1, environ={"PORT": " 8080 "}) == 8080
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("PORT", 1, environ={"PORT": "80a"})
    with pytest.raises(ImproperlyConfigured, match="above the maximum"):
        env_int("PORT", 1, maximum=65535, environ={"PORT": "70000"})


def test_it_reads_a_secret_from_a_file(tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s3cret\n")
    assert env_str("SECRET_KEY", environ={"SECRET_KEY_FILE": str(secret),
                                          "SECRET_KEY": "ignored"}) == "s3cret"
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        env_str("SECRET_KEY", environ={"SECRET_KEY_FILE": str(tmp_path / "missing")})


def test_it_rejects_empty_list_items_and_unknown_choices():
    with pytest.raises(ImproperlyConfigured, match="empty item"):
        env_list("ALLOWED_HOSTS", [], environ={"ALLOWED_HOSTS": "a.example,,b.example"})
    with pytest.raises(ImproperlyConfigured, match="one of"):
        env_choice("EMAIL_BACKEND", "file", ["file", "smtp"], environ={"EMAIL_BACKEND": "pigeon"})


def _load_settings(tmp_path, **env):
    """Import the settings in a fresh interpreter with only these variables set."""
    base = {"PATH": "/usr/bin:/bin", "TANDEM_DATA_DIR": str(tmp_path), "TANDEM_TESTING": "false"}
    return subprocess.run(
        [sys.executable, "-c", "import tandem.settings as s; d = s.DATABASES['default']; print(s.DEBUG, d['ENGINE'], d.get('CONN_MAX_AGE', 0))"],
        env={**base, **env}, capture_output=True, text=True, timeout=60,
    )


def test_it_refuses_production_without_a_secret_key(tmp_path):
    result = _load_settings(tmp_path, TANDEM_ENV="production", ALLOWED_HOSTS="tandem.example")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_makes_a_local_secret_key_in_the_data_folder(tmp_path):
    result = _load_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret_key").read_text().strip()
    assert "sqlite3" in result.stdout


def test_app_processes_keep_their_database_connection_between_requests(tmp_path):
    """Opening an SQLite connection costs about 2 ms (bench/README.md); PostgreSQL's
    costs more. Both are kept for a minute."""
    for env in ({}, {"DATABASE_URL": "postgres://u@db.example:5432/tandem"}):
        result = _load_settings(tmp_path, **env)
        assert result.returncode == 0, result.stderr
        assert result.stdout.split()[-1] == "60", result.stdout


def test_it_names_a_bad_boolean_at_start_up(tmp_path):
    result = _load_settings(tmp_path, DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_it_uses_postgres_from_database_url(tmp_path):
    result = _load_settings(tmp_path, DATABASE_URL="postgres://u@db.example:5432/tandem")
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout
