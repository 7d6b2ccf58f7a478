"""Test settings: only what the tests must fix on top of the real settings.

The database is whatever DATABASE_URL says (PostgreSQL in CI) or SQLite; Celery runs
tasks eagerly unless a test starts a real worker; mail stays in memory; the clock is
frozen by the tests themselves.
"""

import os

from config.settings import *  # noqa: F403
from config.settings import DATABASES, VAR_DIR

# Parallel test runs on one PostgreSQL server (several engineers, CI) each get their own
# test database when TEST_DB_NAME is set.
if os.environ.get("TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DB_NAME"]}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = "cache+memory://"
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# Tests read the dashboard right after writing with queryset.update(): no cached counts.
DASHBOARD_CACHE_SECONDS = 0
