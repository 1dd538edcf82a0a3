"""Settings for splitwise, read from the environment with safe development defaults.

Environment variables:
    DJANGO_SECRET_KEY      required when DJANGO_DEBUG is off
    DJANGO_DEBUG           "1"/"true" for development (default), "0"/"false" in production
    DJANGO_ALLOWED_HOSTS   comma-separated host names (default: localhost names)
    DATABASE_URL           e.g. postgres://user@host:5432/name; SQLite file db.sqlite3 if unset
    SQLITE_PATH            where the default SQLite file lives (default: <project>/db.sqlite3)
    DJANGO_THROTTLE_AUTH   rate for register/token/login and adding members by username,
                           per client address (per user for the members), e.g. "20/min"
    DJANGO_THROTTLE_ACCOUNT  failed password attempts on one account, from any address,
                           e.g. "30/hour"
    DJANGO_NUM_PROXIES     reverse proxies in front of the app (default 0): how many
                           X-Forwarded-For entries to trust when throttling by client address
    DJANGO_CACHE_URL       a shared cache for throttle counts and the maintenance flag, e.g.
                           redis://cache.internal:6379/0 (Redis; required for several machines)
    DJANGO_CACHE_KEY_PREFIX  prefix of this service's keys in that cache (default "splitwise")
    DJANGO_CACHE_DIR       without DJANGO_CACHE_URL: a directory for a file cache that holds
                           throttle counts, shared by the processes of one machine
    DJANGO_BACKUP_DIR      where backup_db, safe_migrate and restore_db write backups (default:
                           the SQLite database's directory, or the project's for PostgreSQL)
    DJANGO_CSRF_TRUSTED_ORIGINS   comma-separated origins, e.g. https://splitwise.example.com
    DJANGO_SECURE_SSL_REDIRECT    with DEBUG off: redirect HTTP to HTTPS (default 1)
    DJANGO_SECURE_HSTS_SECONDS    with DEBUG off: HSTS max-age (default one year)
    DJANGO_SECURE_PROXY_SSL_HEADER  1 behind a TLS proxy that sets X-Forwarded-Proto
    DJANGO_LOG_LEVEL       root log level (default WARNING)
    DJANGO_IMPORT_MAX_MB   the largest file a group import accepts, in MB (default 20)
    DJANGO_IMPORT_PENDING_DIR  where the web import keeps a file between its preview and its
                           confirmation, shared by the server's processes (default: a folder
                           in the system's temporary directory)
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    # Development only: a fixed, obviously unsafe key so sessions survive restarts.
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "groups",
    "groups.web",
    "groups.seeding",
    "ops",
    "splitwise.maintenance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that may use the database: 503 while an operation changes it.
    "splitwise.maintenance.middleware.MaintenanceMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "splitwise.csp.ContentSecurityPolicyMiddleware",
    "groups.api.middleware.NoStoreMiddleware",
]

ROOT_URLCONF = "splitwise.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "splitwise.wsgi.application"

# SQLite: WAL lets readers work while one writer writes; the busy timeout and IMMEDIATE
# transactions make concurrent writers queue for the lock instead of failing at once with
# "database is locked" (a deferred transaction cannot wait once it has read).
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON",
}

if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": dict(SQLITE_OPTIONS),
            # Keep each server thread's connection: opening one and running the PRAGMAs on
            # every request cost about a third of the throughput under load (bench/load.py).
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Throttle counts live in the cache. Django's default cache is per process, so with N server
# workers a client could make N times the allowed attempts; a file cache is shared by the
# processes of one machine, Redis by every machine (and then holds the maintenance flag too).
if os.environ.get("DJANGO_CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["DJANGO_CACHE_URL"],
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_KEY_PREFIX", "splitwise"),
        }
    }
elif os.environ.get("DJANGO_CACHE_DIR"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["DJANGO_CACHE_DIR"],
        }
    }

# Where every server process looks for the maintenance flag (splitwise/maintenance/stores.py):
# the shared cache when there is one, else next to the database (a file beside SQLite, a table
# of its own on PostgreSQL).
MAINTENANCE_STORE = "cache" if os.environ.get("DJANGO_CACHE_URL") else "database"

# Backups go here unless a command is given --output.
if os.environ.get("DJANGO_BACKUP_DIR"):
    BACKUP_DIR = Path(os.environ["DJANGO_BACKUP_DIR"]).absolute()
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    BACKUP_DIR = Path(DATABASES["default"]["NAME"]).absolute().parent
else:
    BACKUP_DIR = BASE_DIR

# Django's four, plus: length counted without whitespace (eight spaces are no password), and
# no username inside the password (splitwise/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "splitwise.passwords.VisibleLengthValidator"},
    {"NAME": "splitwise.passwords.UsernameNotInPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

# Content-Security-Policy on every response: scripts and styles only from our own static
# files, never inline, so an injected <script> or style="" does nothing. The browsable API
# and the API docs relax style-src only (splitwise/csp.py, splitwise/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:group-list"
LOGOUT_REDIRECT_URL = "login"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "groups.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "groups.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "groups.api.errors.api_exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "auth": os.environ.get("DJANGO_THROTTLE_AUTH", "20/min"),
        # Failed password attempts on one account from all addresses together.
        "login_account": os.environ.get("DJANGO_THROTTLE_ACCOUNT", "30/hour"),
    },
    # Throttle by the address that reached us, not by a forgeable X-Forwarded-For, unless the
    # operator says how many proxies in front of us append to it.
    "NUM_PROXIES": int(os.environ.get("DJANGO_NUM_PROXIES", "0")),
}

# Group imports: a larger upload is refused with 413 before it is read.
IMPORT_MAX_BYTES = int(float(os.environ.get("DJANGO_IMPORT_MAX_MB", "20")) * 1024 * 1024)
# The web import's uploads between preview and confirmation (groups/web/uploads.py).
IMPORT_PENDING_DIR = os.environ.get("DJANGO_IMPORT_PENDING_DIR", "")

SPECTACULAR_SETTINGS = {
    "TITLE": "splitwise API",
    "DESCRIPTION": "Share group expenses, with members managed by others and fewest-transfer "
    "settle-up.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "groups.api.schema_errors.document_errors",
    ],
}

# Production hardening: with DEBUG off, cookies travel over HTTPS only and browsers are told to
# use HTTPS for a year. Behind a TLS-terminating proxy, set DJANGO_SECURE_PROXY_SSL_HEADER=1.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
