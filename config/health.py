"""/healthz: database and broker status, for docker-compose health checks and monitoring.

`python -m config.health` is the probe the compose health check runs inside the web
container: it asks /healthz with a Host header the site accepts and exits 0 only on 200.
`python -m config.health --local` checks the same two things from a container without a
web server (beat), with that container's own settings.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# A health check must answer before the orchestrator's own timeout (compose: 10 s).
BROKER_CONNECT_TIMEOUT = 3


def database_status() -> str:
    """ "ok" when the default database answers SELECT 1, else "error: <exception class>"."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"; the class name says why, no secrets
        return f"error: {exc.__class__.__name__}"
    return "ok"


def broker_status() -> str:
    """ "ok" when the Celery broker accepts a connection, else "error: <exception class>"."""
    from config.celery import app

    try:
        with app.connection_for_write(connect_timeout=BROKER_CONNECT_TIMEOUT) as conn:
            # One quick retry only: a health check reports, it does not wait for recovery.
            conn.ensure_connection(max_retries=1, interval_start=0.2, timeout=BROKER_CONNECT_TIMEOUT)
            # Virtual transports (the embedded SQLite broker) connect lazily; declaring the default
            # queue, as every worker does at start, makes them really touch their storage.
            app.amqp.queues[app.conf.task_default_queue].bind(conn.default_channel).declare()
    except Exception as exc:  # kombu raises many kinds; all mean the broker is unreachable
        return f"error: {exc.__class__.__name__}"
    return "ok"


@never_cache
@require_GET
@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with {"database": "ok", "broker": "ok", "status": "ok"} when both answer, 503 otherwise."""
    status: dict[str, str | bool] = {"database": database_status(), "broker": broker_status()}
    healthy = all(value == "ok" for value in status.values())
    status["status"] = "ok" if healthy else "error"
    status["embedded_broker"] = bool(getattr(settings, "CELERY_BROKER_EMBEDDED", False))
    return JsonResponse(status, status=200 if healthy else 503)


def probe_host(allowed_hosts: str) -> str:
    """The Host header to probe with: the first concrete ALLOWED_HOSTS entry, else localhost.

    Django answers 400 to a Host it does not allow, so probing 127.0.0.1 with a production
    ALLOWED_HOSTS would look "unhealthy" although the site is fine.
    """
    for host in (h.strip() for h in allowed_hosts.split(",")):
        if host and host != "*" and not host.startswith("."):
            return host
    return "localhost"


def probe(url: str, host: str, timeout: float = 8) -> int:
    """GET url with the given Host header; 0 when it answers 200, 1 otherwise (prints why)."""
    request = urllib.request.Request(url, headers={"Host": host})  # noqa: S310  (http URL built below)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read().decode(errors="replace")
            print(body)
            return 0 if response.status == 200 else 1
    except urllib.error.HTTPError as exc:
        print(f"{exc.code}: {exc.read().decode(errors='replace')}", file=sys.stderr)
    except OSError as exc:
        print(f"unreachable: {exc}", file=sys.stderr)
    return 1


def local_check() -> int:
    """For containers without a web server (beat): 0 when this process's settings reach both services."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    status = {"database": database_status(), "broker": broker_status()}
    print(status)
    return 0 if all(value == "ok" for value in status.values()) else 1


if __name__ == "__main__":
    if sys.argv[1:] == ["--local"]:
        sys.exit(local_check())
    port = os.environ.get("PORT", "8000")
    sys.exit(probe(f"http://127.0.0.1:{port}/healthz", probe_host(os.environ.get("ALLOWED_HOSTS", ""))))
