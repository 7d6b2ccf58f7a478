"""The Celery application. Tasks live in the apps' ``tasks`` modules."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("theodoi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="theodoi.ping")
def ping(value: str = "pong") -> str:
    """Echo a value back: used by /healthz-style checks and the broker round-trip tests."""
    return value
