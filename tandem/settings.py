"""Tandem settings. Every value that differs between deployments comes from the
environment (see docs/configuration.md); parsing is strict, so a typo fails at start-up."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from tandem.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_rate,
    env_str,
    oidc_providers,
    private_dir,
    private_file,
)

BASE_DIR = Path(__file__).resolve().parent.parent
TESTING = "pytest" in sys.modules or env_bool("TANDEM_TESTING", False)

TANDEM_ENV = env_choice("TANDEM_ENV", "development", ["development", "production"])
PRODUCTION = TANDEM_ENV == "production"

DATA_DIR = Path(env_str("TANDEM_DATA_DIR") or BASE_DIR / "var").resolve()
# Readable by Tandem's user only: the database, secret key and mail files in it are 0600.
private_dir(DATA_DIR)

DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG=true is not allowed with TANDEM_ENV=production")


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        if PRODUCTION and len(key) < 50:
            raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters in production")
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY (or SECRET_KEY_FILE) is required with TANDEM_ENV=production"
        )
    # Local use only: a key generated once and kept in the data folder, so sessions
    # survive restarts without anyone having to invent a secret.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        private_file(key_file)  # 0600 before the key is written into it
        key_file.write_text(secrets.token_urlsafe(64))
    private_file(key_file, create=False)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required with TANDEM_ENV=production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The port `make run` and `tandem serve` listen on; without SITE_URL, links in emails and
# calendar files point at it (`tandem serve --port` passes its port on as PORT).
PORT = env_int("PORT", 8000, minimum=1, maximum=65535)
SITE_URL = (env_str("SITE_URL") or f"http://127.0.0.1:{PORT}").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Single sign-on: installed always, offered only when TANDEM_OIDC_SERVER_URL is set.
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "ninja",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "tandem.core",
    "tandem.accounts",
    "tandem.directory",
    "tandem.notifications",
    "tandem.mentorships",
    "tandem.meetings",
    "tandem.feedback",
    "tandem.growth",
    "tandem.plans",
    "tandem.journal",
    "tandem.advocacy",
    "tandem.record",
    "tandem.safety",
    "tandem.programs",
    "tandem.health",
    "tandem.conversations",
    "tandem.circles",
    "tandem.privacy",
    "tandem.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "tandem.core.middleware.ClientAddressMiddleware",
    "tandem.core.middleware.ApiJsonErrorsMiddleware",
    "tandem.core.middleware.FormTextMiddleware",
    "tandem.core.middleware.AuditDenialsMiddleware",
    "tandem.core.middleware.PrivateNoStoreMiddleware",
    "tandem.core.middleware.SessionTimeoutMiddleware",
    "tandem.core.middleware.RequireTwoFactorMiddleware",
    "tandem.accounts.middleware.UserTimezoneMiddleware",
]

ROOT_URLCONF = "tandem.urls"
WSGI_APPLICATION = "tandem.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tandem" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "tandem.notifications.context_processors.notifications",
                "tandem.conversations.context_processors.conversations",
                "tandem.programs.context_processors.programs",
                "tandem.core.context_processors.navigation",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be parsed: {exc}") from exc
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "tandem.sqlite3",
            # Each app process keeps its connection for a minute instead of opening one
            # per request: opening it (the PRAGMAs below, Django's SQL functions, reading
            # the schema of a hundred tables) cost about 2 ms, most of /healthz's time and
            # a tenth of a page's (bench/README.md). A restore writes into the same file
            # through SQLite's backup API, which open connections see.
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so two writers wait for each
                # other (busy timeout) instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("TEST", {})["NAME"] = None  # in-memory test database
if not DATABASE_URL:
    # SQLite creates the -wal and -shm files with the database file's mode, so making the
    # database 0600 (an empty file is an empty database) keeps all three private; files an
    # earlier version made 0644 are tightened.
    private_file(DATABASES["default"]["NAME"])
    for suffix in ("-wal", "-shm"):
        private_file(Path(f"{DATABASES['default']['NAME']}{suffix}"), create=False)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Cache, sessions, tasks -----------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tandem",
        }
    }
elif TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # Shared by every app process on the machine, so allauth's rate limits, the sessions
    # and the header figures (tandem.core.cache) hold across gunicorn workers even without
    # Redis. Room for every active person's session and figures: past MAX_ENTRIES the
    # cache drops a third of its files at random (Django's file cache, which counts its
    # files less often: tandem.core.cache.FileCache).
    CACHES = {
        "default": {
            "BACKEND": "tandem.core.cache.FileCache",
            "LOCATION": DATA_DIR / "cache",
            "OPTIONS": {"MAX_ENTRIES": 30000},
        }
    }
# Sessions are read from the cache and written through to the database: no session query
# on a page, and a session the cache dropped is read back from the database. Only where
# every app process shares the cache: Redis, or the file cache of the one machine that
# SQLite implies (a sign-out, or a session ended by account erasure in tandem.privacy,
# must hold in all of them). PostgreSQL without Redis may mean several machines, each
# with its own file cache: the sessions stay in the database there. (Tests: one process.)
if REDIS_URL or not DATABASE_URL or TESTING:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

TASKS_BACKEND = env_choice(
    "TASKS_BACKEND",
    "immediate" if TESTING else ("rq" if REDIS_URL else "database"),
    ["database", "rq", "immediate"],
)
if TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Auth (django-allauth) ------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

ACCOUNT_ADAPTER = "tandem.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Tandem] "
ACCOUNT_RATE_LIMITS_ENABLED = env_bool("ACCOUNT_RATE_LIMITS_ENABLED", True)
# Failed sign-ins: at most TANDEM_LOGIN_ATTEMPTS per account and address within
# TANDEM_LOGIN_ATTEMPTS_MINUTES (the adapter keys allauth's per-account limit by account
# and address, so guessing from one place never locks the owner out from another), and
# 10 a minute from one address whatever the account.
TANDEM_LOGIN_ATTEMPTS = env_int("TANDEM_LOGIN_ATTEMPTS", 5, minimum=1, maximum=100)
TANDEM_LOGIN_ATTEMPTS_MINUTES = env_int("TANDEM_LOGIN_ATTEMPTS_MINUTES", 5, minimum=1,
                                        maximum=1440)
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"10/m/ip,{TANDEM_LOGIN_ATTEMPTS}/{TANDEM_LOGIN_ATTEMPTS_MINUTES * 60}s/key",
} if ACCOUNT_RATE_LIMITS_ENABLED else False
# Changing the email address or the password asks for the password (or a 2FA code) again
# when the last sign-in is older than this.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Only the password or the authenticator, never a code mailed to the inbox: whoever holds
# a stolen session and the mailbox must not be able to change the email or password.
# (allauth 65.22 added "code" and turns it on by default.)
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
ACCOUNT_SESSION_REMEMBER = None
LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Tandem"
# Accept the code of the previous and the next 30-second window too (RFC 6238's advice
# for clocks that drift a little); each code is still accepted only once.
MFA_TOTP_TOLERANCE = 1
# Coordinators and staff must set up an authenticator app before anything else.
TANDEM_REQUIRE_2FA_FOR_STAFF = env_bool("TANDEM_REQUIRE_2FA_FOR_STAFF", True)

# Optional single sign-on with one OpenID Connect server (docs/security.md).
SOCIALACCOUNT_PROVIDERS = oidc_providers()
SOCIALACCOUNT_ADAPTER = "tandem.accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_LOGIN_ON_GET = False  # a POST from the button, so no cross-site sign-in
SOCIALACCOUNT_STORE_TOKENS = False

# Sessions end after TANDEM_SESSION_IDLE_MINUTES without a request and, whatever the
# activity, TANDEM_SESSION_MAX_HOURS after sign-in (SessionTimeoutMiddleware).
TANDEM_SESSION_IDLE_MINUTES = env_int("TANDEM_SESSION_IDLE_MINUTES", 60, minimum=1,
                                      maximum=60 * 24 * 30)
TANDEM_SESSION_MAX_HOURS = env_int("TANDEM_SESSION_MAX_HOURS", 12, minimum=1,
                                   maximum=24 * 90)
SESSION_COOKIE_AGE = TANDEM_SESSION_MAX_HOURS * 3600

# --- Email ----------------------------------------------------------------------------
EMAIL_BACKEND_NAME = env_choice("EMAIL_BACKEND", "file", ["file", "console", "smtp"])
EMAIL_BACKEND = {
    "file": "tandem.core.mail.PrivateFileEmailBackend",  # mail/ 0700, files 0600
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}[EMAIL_BACKEND_NAME]
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1, maximum=300)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Tandem <tandem@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def _contact_email() -> str:
    """Where people reach those who look after the community (a frozen account's page
    names it): TANDEM_CONTACT_EMAIL, else the address emails are sent from."""
    from email.utils import parseaddr

    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    value = env_str("TANDEM_CONTACT_EMAIL") or parseaddr(DEFAULT_FROM_EMAIL)[1]
    try:
        validate_email(value)
    except ValidationError:
        raise ImproperlyConfigured(
            f"TANDEM_CONTACT_EMAIL={value!r} is not an email address") from None
    return value


TANDEM_CONTACT_EMAIL = _contact_email()

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "tandem" / "static"]
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every start when it is missing
# Under tests (and with DEBUG) serve straight from the source folders, no collectstatic.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = TESTING or DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "uploads"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY", False) else None
)
if PRODUCTION:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Joining the browsers' preload list is a one-way decision for the operator
        # (docs/deploy.md), not something a default should make for them.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/docs"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Tandem ---------------------------------------------------------------------------
TANDEM_MAX_OPEN_REQUESTS = env_int("TANDEM_MAX_OPEN_REQUESTS", 5, minimum=1, maximum=50)
TANDEM_REQUEST_EXPIRY_DAYS = env_int("TANDEM_REQUEST_EXPIRY_DAYS", 14, minimum=1, maximum=90)
TANDEM_REQUEST_REMINDER_DAYS = env_int("TANDEM_REQUEST_REMINDER_DAYS", 3, minimum=1, maximum=30)
TANDEM_AGREEMENT_REMINDER_DAYS = env_int("TANDEM_AGREEMENT_REMINDER_DAYS", 3, minimum=1,
                                         maximum=30)
# A new message is emailed only when its reader has not seen it within this many minutes;
# the messages of one burst go out as one email.
TANDEM_MESSAGE_EMAIL_DELAY_MINUTES = env_int("TANDEM_MESSAGE_EMAIL_DELAY_MINUTES", 15,
                                             minimum=1, maximum=1440)
# How often `tandem scheduler` (started by `tandem serve`) runs the periodic jobs.
TANDEM_SCHEDULER_INTERVAL = env_int("TANDEM_SCHEDULER_INTERVAL", 300, minimum=10, maximum=86400)
# API rate limits (docs/api.md): requests per personal access token, and per address
# whatever the credential (sessions, guessed tokens). Counted in the cache, so they hold
# across app processes (Redis at scale). High under test, so no test is throttled.
TANDEM_API_RATE_PER_TOKEN = env_rate("TANDEM_API_RATE_PER_TOKEN",
                                     "1000000/m" if TESTING else "600/m")
TANDEM_API_RATE_PER_ADDRESS = env_rate("TANDEM_API_RATE_PER_ADDRESS",
                                       "1000000/m" if TESTING else "1200/m")
TANDEM_DEMO_PASSWORD = "tandem-demo-2026"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_choice(
        "LOG_LEVEL", "INFO", ["DEBUG", "INFO", "WARNING", "ERROR"])},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Settings used only by tests; kept here so the test settings cannot drift.
if TESTING:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
