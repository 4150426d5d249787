"""Strict parsing of settings from environment variables.

Every helper raises ImproperlyConfigured with the variable's name and what was wrong, so
a typo in a deployment fails at start-up instead of silently falling back to a default.
A secret may also be given as a path in ``NAME_FILE``; the file's content wins.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"true", "1", "yes"}
FALSE_WORDS = {"false", "0", "no"}


def env_str(name: str, default: str | None = None, *, environ=os.environ) -> str | None:
    """The variable's value, or the content of the file named by ``NAME_FILE``."""
    file_path = environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"{name}_FILE points at {file_path!r}, which cannot be read: {exc.strerror}"
            ) from exc
    value = environ.get(name)
    if value is None or value == "":
        return default
    return value


def env_bool(name: str, default: bool, *, environ=os.environ) -> bool:
    value = env_str(name, environ=environ)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use true/false, 1/0 or yes/no"
    )


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    environ=os.environ,
) -> int:
    value = env_str(name, environ=environ)
    if value is None:
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} is below the minimum of {minimum}")
    if maximum is not None and number > maximum:
        raise ImproperlyConfigured(f"{name}={number} is above the maximum of {maximum}")
    return number


def env_list(name: str, default: list[str], *, environ=os.environ) -> list[str]:
    value = env_str(name, environ=environ)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"{name}={value!r} has an empty item in its comma list")
    return items


def env_choice(name: str, default: str, choices: list[str], *, environ=os.environ) -> str:
    value = env_str(name, environ=environ)
    if value is None:
        return default
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of: {', '.join(choices)}")
    return value


def private_dir(path: Path) -> Path:
    """The folder ``path``, created (with its parents) readable by this user only (0700)
    when it does not exist yet; an existing folder keeps the mode its owner gave it."""
    if not path.exists():
        path.mkdir(parents=True, mode=0o700, exist_ok=True)
    return path


def private_file(path: Path, *, create: bool = True) -> None:
    """The file ``path`` readable by this user only: created empty with 0600 (never
    world-readable, not even for a moment), or made 0600 if group or others could read
    it. ``create=False`` only tightens a file that exists."""
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY
    try:
        if not create:
            raise FileExistsError
        os.close(os.open(path, flags, 0o600))
    except FileExistsError:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
            if mode & 0o077:
                path.chmod(mode & 0o700)
        except FileNotFoundError:
            pass
        except PermissionError:
            pass  # not ours to change: left as its owner made it


RATE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")


def parse_rate(value: str, *, name: str) -> tuple[int, int]:
    """``"600/m"`` -> (600 requests, 60 seconds); ``"100/5m"`` is 100 per five minutes."""
    match = _RATE.match(value.strip())
    count, every = (int(match.group(1)), int(match.group(2) or 1)) if match else (0, 0)
    if not match or count < 1 or every < 1:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a rate: write requests/period, e.g. 600/m, 10/s, "
            "5000/h, 100/5m (s, m, h, d), with at least 1 request")
    return count, every * RATE_UNITS[match.group(3)]


def env_rate(name: str, default: str, *, environ=os.environ) -> str:
    """A rate limit such as ``600/m`` (checked at start-up; see ``parse_rate``)."""
    value = (env_str(name, environ=environ) or default).strip()
    parse_rate(value, name=name)
    return value


def oidc_providers(*, environ=os.environ) -> dict:
    """allauth's ``SOCIALACCOUNT_PROVIDERS`` for one OpenID Connect server, or ``{}`` when
    ``TANDEM_OIDC_SERVER_URL`` is not set (single sign-on is off by default). The server
    URL, client id and secret must be given together."""
    server_url = env_str("TANDEM_OIDC_SERVER_URL", environ=environ)
    client_id = env_str("TANDEM_OIDC_CLIENT_ID", environ=environ)
    secret = env_str("TANDEM_OIDC_CLIENT_SECRET", environ=environ)
    if not server_url:
        if client_id or secret:
            raise ImproperlyConfigured(
                "TANDEM_OIDC_CLIENT_ID/TANDEM_OIDC_CLIENT_SECRET need TANDEM_OIDC_SERVER_URL")
        return {}
    if not server_url.startswith("https://") and not server_url.startswith("http://localhost"):
        raise ImproperlyConfigured(
            f"TANDEM_OIDC_SERVER_URL={server_url!r} must be an https:// address")
    if not client_id or not secret:
        raise ImproperlyConfigured(
            "TANDEM_OIDC_SERVER_URL needs TANDEM_OIDC_CLIENT_ID and TANDEM_OIDC_CLIENT_SECRET")
    provider_id = env_str("TANDEM_OIDC_PROVIDER_ID", "sso", environ=environ)
    if not provider_id.replace("-", "").isalnum():
        raise ImproperlyConfigured(
            f"TANDEM_OIDC_PROVIDER_ID={provider_id!r} may hold only letters, digits and '-'")
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [{
                "provider_id": provider_id,
                "name": env_str("TANDEM_OIDC_NAME", "Single sign-on", environ=environ),
                "client_id": client_id,
                "secret": secret,
                "settings": {"server_url": server_url.rstrip("/")},
            }],
        }
    }
