"""Settings for theodoi, driven by environment variables with safe development defaults.

Every value a deployment changes comes from the environment (see `.env.example`). With
nothing set you get the zero-setup default: SQLite under `var/`, Redis when it answers on
localhost or else an embedded SQLite broker, and e-mail written to files under `var/mail/`.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.broker import broker_choose, broker_transport_options

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is read when present; the process environment wins over it.
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-insecure-theodoi-key-only-for-local-development-0123456789"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "django_celery_beat",
    "axes",
    "accounts",
    "conclusions",
    "tracker",
    "tracker.reminders",
    "tracker.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Not LocaleMiddleware: an English browser must still get the Vietnamese UI (see config/language.py).
    "config.language.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page but the ones marked @login_not_required (login, /healthz, token feeds, API).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns lockouts raised by the backend into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.role",
                "tracker.reminders.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'theodoi.sqlite3'}")}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60 if not DEBUG else 0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server, the worker and beat share the file without "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: after 5 failures for one username from one address, wait an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Media is never served by URL: evidence and originals go through views that check permissions.
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploads: a conclusion document and an evidence file have their own limits (bytes).
CONCLUSION_UPLOAD_MAX_BYTES = env.int("CONCLUSION_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
EVIDENCE_EXTENSIONS = env.list(
    "EVIDENCE_EXTENSIONS",
    default=["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "jpg", "jpeg", "png", "txt", "zip"],
)
# The dashboard's counts over every task of an office are cached this long (seconds) under a
# stamp that any change of a task moves (tracker.selectors.dashboard); 0 turns the cache off.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=60)
# Reports: larger ones are built by Celery into a stored file; the PDF annex of a report over
# REPORT_PDF_FAST_ANNEX_ROWS tasks is typeset directly (WeasyPrint is slow on long tables).
REPORT_DIRECT_MAX_TASKS = env.int("REPORT_DIRECT_MAX_TASKS", default=300)
REPORT_PDF_FAST_ANNEX_ROWS = env.int("REPORT_PDF_FAST_ANNEX_ROWS", default=200)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail: EMAIL_URL (smtp://user:pass@host:587/?tls=True) or EMAIL_HOST & co; else files.
EMAIL_MAIL_DIR = Path(env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail")))
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
elif env.str("EMAIL_HOST", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env.str("EMAIL_HOST")
    EMAIL_PORT = env.int("EMAIL_PORT", default=25)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = EMAIL_MAIL_DIR
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="theodoi <no-reply@theodoi.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery. The beat schedule is stored in the database (django-celery-beat, editable in admin).
_broker = broker_choose(
    broker_url=env.str("CELERY_BROKER_URL", default="") or None,
    redis_url=env.str("REDIS_URL", default="") or None,
    var_dir=VAR_DIR,
)
CELERY_BROKER_URL = _broker.broker_url
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=_broker.result_backend)
CELERY_BROKER_EMBEDDED = _broker.embedded
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task that has not finished in this time is killed; rows stuck in "sending" longer are re-queued.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
# Redis redelivers unacknowledged messages after this; it must exceed the task time limit.
CELERY_BROKER_TRANSPORT_OPTIONS = broker_transport_options(
    broker_url=CELERY_BROKER_URL, visibility_timeout=CELERY_TASK_TIME_LIMIT * 4
)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# Reminders: digest e-mails retry transient SMTP errors with exponential backoff (base, 2×base,
# ...) this many times; links in e-mails and feeds start with SITE_URL.
REMINDER_RETRY_BASE_SECONDS = env.int("REMINDER_RETRY_BASE_SECONDS", default=30)
REMINDER_SEND_MAX_RETRIES = env.int("REMINDER_SEND_MAX_RETRIES", default=5)
REMINDER_CATCHUP_DAYS = env.int("REMINDER_CATCHUP_DAYS", default=3)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "theodoi API",
    "DESCRIPTION": "Theo dõi, đôn đốc thực hiện kết luận: conclusions, tasks, progress, extensions, bodies.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}
# Several models have a "kind" or "state" field with different choices; named enums keep the
# OpenAPI schema stable and `manage.py check --deploy --fail-level WARNING` clean (W001).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    "BodyKindEnum": "tracker.models.Body.Kind",
    "ProgressKindEnum": "tracker.models.ProgressUpdate.Kind",
    "TaskStateEnum": "tracker.models.Task.State",
    "ExtensionStateEnum": "tracker.models.Extension.State",
    "ConclusionStateEnum": "conclusions.models.Conclusion.State",
}

# Production hardening, on whenever DEBUG is off (manage.py check --deploy is clean then).
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # /healthz is probed over plain HTTP inside the compose network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # Report rendering logs every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
