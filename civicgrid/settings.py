"""CivicGrid settings: one module, read from the environment, loud when something is wrong.

Environment:
    DATABASE_URL          default sqlite:///var/civicgrid.sqlite3 (WAL); postgres://… in production
    SECRET_KEY            default: generated once into var/secret_key (set it in production)
    CIVICGRID_DEBUG       "1" turns Django's debug mode on (never in production)
    CIVICGRID_HOSTS       comma-separated allowed host names (default 127.0.0.1,localhost)
    CIVICGRID_HTTPS       "1" when served behind TLS: secure cookies, HSTS, SSL redirect
    CIVICGRID_VAR         directory for instance files (default ./var)
    CIVICGRID_TILE_URL    optional map tile URL template (without it: a plain background)
    CIVICGRID_OPEN311_JURISDICTION  the jurisdiction_id Open311 clients may send (default 430212)
    CIVICGRID_PHOTO_MAX_MB          largest photo accepted with an event, in MB (default 10)
    CIVICGRID_MATERIAL_MAX_MB       largest material file of an application, in MB (default 10)
    CIVICGRID_CACHE_URL             shared cache for several web processes (redis://… or memcached://…)
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("CIVICGRID_VAR", Path.cwd() / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}")


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _flag("CIVICGRID_DEBUG")
HTTPS = _flag("CIVICGRID_HTTPS")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("CIVICGRID_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("CIVICGRID_HOSTS lists no host")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "civicgrid.core",
    "civicgrid.regions",
    "civicgrid.accounts",
    "civicgrid.registry",
    "civicgrid.events",
    "civicgrid.govservices",
    "civicgrid.inquiries",
    "civicgrid.ballots",
    "civicgrid.ratings",
]

MIDDLEWARE = [
    "civicgrid.core.middleware.ApiJsonErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "civicgrid.core.middleware.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "civicgrid.urls"
WSGI_APPLICATION = "civicgrid.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "civicgrid.core.context_processors.civicgrid",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'civicgrid.sqlite3'}"),
        conn_max_age=0 if DEBUG else 60,
        conn_health_checks=True,
    )
}
_db = DATABASES["default"]
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE makes a write transaction take the
    # write lock at BEGIN, so two writers queue instead of failing halfway ("database is locked").
    _db["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=10000; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    _db["CONN_MAX_AGE"] = 0
elif _db["ENGINE"] == "django.db.backends.postgresql":
    # Chinese text needs a UTF-8 database with a UTF-8 locale (pg_trgm extracts nothing under C).
    _db["TEST"] = {"TEMPLATE": "template0", "CHARSET": "UTF8"}
else:
    raise ImproperlyConfigured(f"DATABASE_URL: unsupported database engine {_db['ENGINE']}")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background work: Django's Tasks API, stored in the database (no broker needed) -------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Security -----------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: after 5 failures for one user name from one address, that pair is locked out
# for 15 minutes. Successful sign-in resets the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("CIVICGRID_PROXY_COUNT", "0")) or None

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = False  # htmx reads it to send X-CSRFToken
CSRF_FAILURE_VIEW = "civicgrid.core.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS]

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Per process unless a shared cache is named: the progress-lookup throttle counts wrong answers
# here, so several web processes need a shared one (redis://… needs the `redis` package,
# memcached://host:port the `pymemcache` package).
_CACHE_URL = os.environ.get("CIVICGRID_CACHE_URL", "")
if _CACHE_URL.startswith("redis://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _CACHE_URL,
        }
    }
elif _CACHE_URL.startswith("memcached://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": _CACHE_URL.removeprefix("memcached://"),
        }
    }
elif _CACHE_URL:
    raise ImproperlyConfigured(
        f"CIVICGRID_CACHE_URL must be redis://… or memcached://…, not {_CACHE_URL}"
    )

STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "media"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the app folders: the demo needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- Logging ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"civicgrid": {"level": "INFO"}},
}

# --- CivicGrid ---------------------------------------------------------------------------------
CIVICGRID_OPEN311_JURISDICTION = os.environ.get("CIVICGRID_OPEN311_JURISDICTION", "430212")
CIVICGRID_PHOTO_MAX_BYTES = int(os.environ.get("CIVICGRID_PHOTO_MAX_MB", "10")) * 1024 * 1024
CIVICGRID_MATERIAL_MAX_BYTES = int(os.environ.get("CIVICGRID_MATERIAL_MAX_MB", "10")) * 1024 * 1024
CIVICGRID = {
    "TILE_URL": os.environ.get("CIVICGRID_TILE_URL", ""),
    "SITE_NAME": _("CivicGrid"),
}
