"""Django settings for duban, read from the environment.

- ``DATABASE_URL``: default an SQLite file under ``var/``; a ``postgres://`` URL selects PostgreSQL.
- ``DUBAN_SECRET_KEY``: required when ``DUBAN_DEBUG`` is off.
- ``DUBAN_DEBUG``: "1" for development (the demo sets it), anything else is production.
- ``DUBAN_ALLOWED_HOSTS``: comma-separated; default 127.0.0.1,localhost.
- ``DUBAN_VAR_DIR``: where the SQLite file and uploaded files live; default ``var/`` in the project.
- ``DUBAN_PROXY_COUNT``, ``DUBAN_SSL_REDIRECT``, ``DUBAN_SECURE_COOKIES``, ``DUBAN_HSTS_*``: transport
  security, on by default in production (see README, configuration).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(os.environ.get("DUBAN_VAR_DIR", PROJECT_DIR / "var"))

DEBUG = os.environ.get("DUBAN_DEBUG", "") == "1"

SECRET_KEY = os.environ.get("DUBAN_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "未设置 DUBAN_SECRET_KEY：生产环境须设置一个随机密钥（开发时可设 DUBAN_DEBUG=1）"
            " / DUBAN_SECRET_KEY must be set when DUBAN_DEBUG is not 1"
        )
    SECRET_KEY = "duban-development-only-not-a-secret"
# The placeholder of deploy/duban.env.example, which the README has IT staff copy: left unchanged,
# every installation would share a published key (sessions and signed links could be forged), and
# `duban serve` would still start, so it is refused outright rather than left to `check --deploy`.
EXAMPLE_SECRET_KEY = "change-me-to-50-random-characters"
if SECRET_KEY == EXAMPLE_SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured(
        "DUBAN_SECRET_KEY 仍是示例文件中的占位值：请换成 50 个随机字符"
        "（python3 -c \"import secrets; print(secrets.token_urlsafe(50))\"）"
        " / DUBAN_SECRET_KEY is still the example's placeholder"
    )

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("DUBAN_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "duban.thirdparty.Auditlog",
    "duban.thirdparty.Axes",
    "django_tasks",
    "django_tasks_db",
    "duban.zones",
    "duban.jobs",
    "duban.operations",
    "duban.accounts",
    "duban.audit",
    "duban.workdays",
    "duban.plans",
    "duban.notifications",
    "duban.exports",
    "duban.ledger",
    "duban.cases",
    "duban.meetings",
    "duban.supervision",
    "duban.closing",
    "duban.assessment",
    "duban.dashboard",
    "duban.reports",
    "duban.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves the collected static files (collectstatic) under gunicorn, compressed and cached.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # /health/ for the reverse proxy or a monitor, answered before anything reads the database.
    "duban.operations.middleware.HealthCheckMiddleware",
    # Content-Security-Policy on every response (django-csp; CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # A NUL character anywhere in a request is refused with a 400 before a view can store it
    # (PostgreSQL cannot; SQLite would keep it silently): duban/nulbytes.py.
    "duban.nulbytes.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who changed what, and from which address, on every audited model (docs/architecture.md).
    "duban.audit.middleware.AuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "duban.urls"
WSGI_APPLICATION = "duban.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "duban.notifications.context_processors.unread_count",
                "duban.ledger.context_processors.navigation",
                "duban.workdays.context_processors.notice_warnings",
                "duban.dashboard.context_processors.navigation",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded default lives here
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'duban.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Page requests and a background case import share the file.  WAL lets pages read while an
    # import writes; IMMEDIATE takes the write lock when a transaction begins, so two writers
    # queue (for up to `timeout` seconds) instead of one failing with "database is locked"
    # when it turns from reading to writing.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "init_command": "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    })
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "plans:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    # At least 8 characters with 3 of the 4 character classes (GB/T 22239 level 3 practice).
    {"NAME": "duban.accounts.validators.ComplexityValidator", "OPTIONS": {"min_length": 8, "min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Login failures (django-axes): 5 failures lock that username *from that address* for 30 minutes,
# so one user mistyping behind an office's shared NAT address does not lock out the whole office.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The lockout lasts the 30 minutes the page announces, counted from the locking failure.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The same client address for lockouts and for the audit trail (see DUBAN_PROXY_COUNT below).
AXES_CLIENT_IP_CALLABLE = "duban.audit.addresses.client_ip"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# 2020年6月30日, the way Chinese official documents write dates.
DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATE_FORMAT = "Y年n月j日"

STATIC_URL = "static/"
# `duban collectstatic` gathers every static file (duban's and the npm packages') here; WhiteNoise
# serves them with hashed names and long cache headers (docs/architecture.md, Production).
STATIC_ROOT = Path(os.environ.get("DUBAN_STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Front-end packages come from the npm registry at set-up (scripts/setup); they are served
# from node_modules by Django itself, so nothing loads from a CDN.
NODE_MODULES = PROJECT_DIR / "node_modules"
for _prefix, _dist in [("vendor/htmx", "htmx.org/dist"), ("vendor/echarts", "echarts/dist")]:
    if (NODE_MODULES / _dist).is_dir():
        STATICFILES_DIRS.append((_prefix, NODE_MODULES / _dist))

MEDIA_ROOT = VAR_DIR / "files"  # outside the web root, never served directly

# Uploaded plan documents are read in memory; the largest real plans are a few MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True  # the 30 minutes count from the last request: an idle timeout
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Everything duban serves comes from duban itself (an intranet has no CDN), so the policy allows
# only its own origin: no inline script, no inline style, no plugin, no framing, forms posted home.
# A script injected into a page would not run even if escaping ever failed.  Charts draw on
# <canvas>/SVG through the DOM (allowed); ``data:`` images are ECharts' "save as image".
CONTENT_SECURITY_POLICY = {
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


def _env_flag(name: str, default: bool) -> bool:
    """A switch: "1" on, "0" off, unset or empty the default.  Anything else stops the program: a
    protection meant on but written "true" or "yes" must not be silently off."""
    value = os.environ.get(name, "").strip()
    if value in ("", "0", "1"):
        return default if value == "" else value == "1"
    raise ImproperlyConfigured(f"{name}={value}：只能是 1（开启）或 0（关闭） / {name} must be 1 or 0")


def _env_count(name: str, default: int) -> int:
    """A whole number of at least 0, or the program stops naming the variable."""
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name}={value}：须为 0 或正整数 / {name} must be a whole number")
    return int(value)


# Transport security: on by default in production (``duban check --deploy`` passes with no
# warning); an intranet on plain HTTP switches off the redirect and the secure cookies, and
# `check --deploy` then warns of exactly those (security.W008, W012, W016: README, Production).
# HSTS may stay on: browsers take it only over HTTPS, and Django sends it only there.
# DUBAN_PROXY_COUNT is the number of reverse proxies in front of duban: only then are
# X-Forwarded-For (client address, duban/audit/addresses.py) and X-Forwarded-Proto believed.
PROXY_COUNT = _env_count("DUBAN_PROXY_COUNT", 0)
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _env_flag("DUBAN_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the proxy's health check may speak plain HTTP
SESSION_COOKIE_SECURE = _env_flag("DUBAN_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = _env_count("DUBAN_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("DUBAN_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = _env_flag("DUBAN_HSTS_PRELOAD", not DEBUG)

# Reminder e-mail (duban/notifications/sending.py) through an SMTP server of the intranet.
EMAIL_HOST = os.environ.get("DUBAN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DUBAN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DUBAN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DUBAN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_flag("DUBAN_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DUBAN_EMAIL_FROM", "duban@localhost")
EMAIL_TIMEOUT = 10

# Evidence files: the largest accepted (duban/ledger/evidence.py); group-robot posts: how long
# to wait for the robot's answer before giving up on it (duban/notifications/sending.py).
DUBAN_EVIDENCE_MAX_BYTES = int(os.environ.get("DUBAN_EVIDENCE_MAX_MB", "20")) * 1024 * 1024
DUBAN_PLAN_MAX_BYTES = int(os.environ.get("DUBAN_PLAN_MAX_MB", "20")) * 1024 * 1024
DUBAN_WEBHOOK_TIMEOUT = int(os.environ.get("DUBAN_WEBHOOK_TIMEOUT", "5"))
# Case files (.xlsx/.csv, duban/cases/limits.py): refused past these, before they are parsed.
DUBAN_IMPORT_MAX_BYTES = int(os.environ.get("DUBAN_IMPORT_MAX_MB", "50")) * 1024 * 1024
DUBAN_IMPORT_MAX_ROWS = int(os.environ.get("DUBAN_IMPORT_MAX_ROWS", "200000"))
DUBAN_IMPORT_MAX_COLUMNS = int(os.environ.get("DUBAN_IMPORT_MAX_COLUMNS", "50"))
#: Days the file of a failed (or never confirmed) case import is kept; a finished one drops it at once.
DUBAN_IMPORT_KEEP_DAYS = int(os.environ.get("DUBAN_IMPORT_KEEP_DAYS", "7"))

# Background work (case imports, reminders, large exports) runs as tasks on Django's Tasks
# interface, stored in the database and run by `duban worker` (docs/architecture.md, jobs).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A worker writes a heartbeat this often; one silent for DUBAN_WORKER_STALE_SECONDS (on another
# host: on its own host a vanished process is seen at once) has died, and its task is run again
# once more, or marked failed (duban/jobs/reaping.py).
DUBAN_WORKER_BEAT_SECONDS = float(os.environ.get("DUBAN_WORKER_BEAT_SECONDS", "5"))
DUBAN_WORKER_STALE_SECONDS = float(os.environ.get("DUBAN_WORKER_STALE_SECONDS", "120"))
# Exports (duban/exports): up to this many rows are built in the request (well under a second),
# larger ones by the worker; their files are kept this many days, then removed by the nightly cleanup.
DUBAN_EXPORT_IMMEDIATE_ROWS = int(os.environ.get("DUBAN_EXPORT_IMMEDIATE_ROWS", "5000"))
DUBAN_EXPORT_KEEP_DAYS = float(os.environ.get("DUBAN_EXPORT_KEEP_DAYS", "7"))

# Everything goes to standard error (the journal under systemd): duban's own log, and every
# request that failed with its traceback (django.request; Django prints it only with DEBUG on).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "loggers": {
        "duban": {"handlers": ["console"], "level": os.environ.get("DUBAN_LOG_LEVEL", "INFO")},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django_tasks_db": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django_tasks": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # pypdf warns about every flaw of a broken PDF; the plan reader says in one Chinese line
        # what the user must do, so those warnings would only bury it.
        "pypdf": {"level": "ERROR"},
    },
}
