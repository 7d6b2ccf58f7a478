"""/healthz: database and broker status, for docker-compose health checks and monitoring."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"; the message says why
        return f"error: {exc.__class__.__name__}"
    return "ok"


def broker_status() -> str:
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # kombu raises many kinds; all mean the broker is unreachable
        return f"error: {exc.__class__.__name__}"
    return "ok"


@never_cache
@require_GET
@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with {"database": "ok", "broker": "ok"} when both answer, 503 otherwise."""
    status = {"database": database_status(), "broker": broker_status()}
    healthy = all(value == "ok" for value in status.values())
    status["status"] = "ok" if healthy else "error"
    status["embedded_broker"] = bool(getattr(settings, "CELERY_BROKER_EMBEDDED", False))
    return JsonResponse(status, status=200 if healthy else 503)
